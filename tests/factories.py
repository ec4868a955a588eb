import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Tag
from articles.services import publish_article
from forum.models import Member
from tests.totp import new_secret

PASSWORD = "a-long-test-passphrase-42"


def join_group(member: Member, create: bool, name: str) -> None:
    if create:
        member.groups.add(Group.objects.get_or_create(name=name)[0])


def set_up_two_factor(member: Member) -> Member:
    """An authenticator app activated through allauth's own API, as after
    the member scanned its code (tests.totp.secret_of reads the secret)."""
    TOTP.activate(member, new_secret())
    return member


def two_factor_unless_false(member, create, extracted, **kwargs) -> None:
    if create and extracted is not False:
        set_up_two_factor(member)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Reader {n:04d}")
    password = factory.django.Password(PASSWORD)
    # Posts straight through; tests of pre-moderation ask for NewMemberFactory.
    trust = Member.Trust.TRUSTED

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A member has a verified primary address unless verified=False."""
        if create:
            EmailAddress.objects.create(
                user=self,
                email=self.email,
                primary=True,
                verified=extracted is not False,
            )

    group = factory.PostGeneration(
        lambda member, create, extracted, **kw: join_group(
            member, create, extracted or Member.MEMBERS
        )
    )

    # Staff and superusers must sign in with a second step before the admin
    # or the moderation pages open (forum.two_factor): made with an
    # authenticator app unless two_factor=False; others only if asked.
    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        privileged = self.is_staff or self.is_superuser
        wanted = privileged if extracted is None else extracted
        if create and wanted:
            set_up_two_factor(self)


class NewMemberFactory(MemberFactory):
    """A member whose first comments are held for review."""

    display_name = factory.Sequence(lambda n: f"Newcomer {n:04d}")
    trust = Member.Trust.NEW


class ColumnistFactory(MemberFactory):
    display_name = factory.Sequence(lambda n: f"Columnist {n:03d}")
    group = factory.PostGeneration(
        lambda member, create, extracted, **kw: join_group(
            member, create, extracted or Member.COLUMNISTS
        )
    )
    # Columnists who moderate (CAIRN_COLUMNISTS_MODERATE) need it too.
    two_factor = factory.PostGeneration(two_factor_unless_false)


class ModeratorFactory(MemberFactory):
    display_name = factory.Sequence(lambda n: f"Keeper {n:03d}")
    group = factory.PostGeneration(
        lambda member, create, extracted, **kw: join_group(
            member, create, extracted or Member.MODERATORS
        )
    )
    two_factor = factory.PostGeneration(two_factor_unless_false)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Notes from week {n}")
    slug = factory.Sequence(lambda n: f"notes-from-week-{n}")
    kind = Article.Kind.COLUMN
    author = factory.SubFactory(ColumnistFactory)
    summary = "A short summary of this test article."
    body = "First paragraph of the article.\n\nSecond paragraph with *emphasis*."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(hours=1)
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        """Published articles get their discussion, as through the admin."""
        if create:
            publish_article(article=self)
