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


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Category"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "A place to talk about one part of living with MS."
    position = factory.Sequence(lambda n: n)


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic with its discussion and opening post, written directly (as
    set-up, not through community.services.topics.start_topic, so no limit
    or standing applies): by `author`, saying `body`, held for review with
    `held=True`, started at `created_at` (now by default), with `tags`."""

    class Meta:
        model = "community.Topic"
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"How do you manage fatigue, question {n}?")
    author = factory.SubFactory(MemberFactory)
    body = "What has helped you with fatigue in the afternoons?"
    held = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from forum.models import Comment
        from forum.sanitize import render_comment
        from forum.services import comments, open_discussion

        author, body = kwargs.pop("author"), kwargs.pop("body")
        held, tags = kwargs.pop("held"), kwargs.pop("tags", ())
        now = kwargs.pop("created_at", None) or timezone.now()
        topic = model_class.objects.create(*args, **kwargs)
        discussion = open_discussion(host=topic)
        if topic.category.is_sensitive:
            discussion.is_sensitive = True
            discussion.save(update_fields=["is_sensitive"])
        opening = Comment(
            discussion_id=discussion.pk,
            author=author,
            body=body,
            body_html=render_comment(body),
            created_at=now,
        )
        if held:
            comments.hold(opening, Comment.HoldReason.NEW_MEMBER, now=now)
        comments.insert_comment(opening, discussion=discussion, parent=None, now=now)
        topic.discussion, topic.opening, topic.created_at = discussion, opening, now
        topic.save(update_fields=["discussion", "opening", "created_at"])
        topic.tags.set(tags)
        return topic
