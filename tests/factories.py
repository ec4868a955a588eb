import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Tag
from articles.services import publish_article
from forum.models import Member

PASSWORD = "a-long-test-passphrase-42"


def join_group(member: Member, create: bool, name: str) -> None:
    if create:
        member.groups.add(Group.objects.get_or_create(name=name)[0])


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


class ModeratorFactory(MemberFactory):
    display_name = factory.Sequence(lambda n: f"Keeper {n:03d}")
    group = factory.PostGeneration(
        lambda member, create, extracted, **kw: join_group(
            member, create, extracted or Member.MODERATORS
        )
    )


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
