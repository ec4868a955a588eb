"""Community topics: questions and conversations members start themselves,
in categories editors keep.

A `Topic` is a host page of a `forum.Discussion`, like an article. Its
opening post is the discussion's first comment (`Topic.opening`), posted
through the engine's one way of posting, so holding, editing, reports,
moderation, anonymity and the byline all apply to it unchanged. The topic is
seen by readers while its opening post is (`TopicQuerySet.visible`): a new
member's first topic waits for a moderator exactly as a first comment does.
The engine knows nothing of topics; topics know the engine.

Sensitive categories (`Category.is_sensitive`, "Newly diagnosed" in the
demo): a topic started there gets a sensitive discussion, so its opening
post and every reply may be posted without the member's name, through the
engine's anonymity (forum.services.anonymity). Moving a topic into a
sensitive category makes its discussion sensitive; moving it out leaves it
so (what was posted without a name stays that way; a moderator can change
it with the discussion's own tools).

Replies are the discussion's other comments: top-level ones answer the
topic, deeper ones answer a comment. An opening post its author deletes
with replies under it stays as a placeholder and the topic stays; one
deleted with none takes the topic out of every list (`opening` empties).
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import Tag
from forum.models import Comment, Discussion, Treatment

# Addresses under /community/ that are not categories (community/urls.py).
RESERVED_SLUGS = frozenset({"start", "topics", "moderation", "feed"})


class CategoryQuerySet(models.QuerySet):
    def listed(self) -> "CategoryQuerySet":
        return self.filter(is_listed=True)

    def sensitive(self) -> "CategoryQuerySet":
        return self.filter(is_sensitive=True)

    def other_than(self, category_id: int) -> "CategoryQuerySet":
        return self.exclude(pk=category_id)

    def with_topic_summary(self) -> "CategoryQuerySet":
        """Annotate `topic_count` (visible topics) and `latest_topic_id`
        (the newest visible topic), two subqueries in the same query."""
        topics = Topic.objects.visible().filter(category_id=OuterRef("pk"))
        count = topics.order_by().values("category_id").annotate(n=Count("*"))
        latest = topics.order_by("-created_at", "-pk").values("pk")[:1]
        return self.annotate(
            topic_count=Coalesce(Subquery(count.values("n")), 0),
            latest_topic_id=Subquery(latest),
        )


class Category(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.CharField(
        _("description"),
        max_length=300,
        help_text=_("One or two sentences: who and what this category is for."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )
    # Retired categories keep their topics readable by their URLs but leave
    # the community page and take no new topics.
    is_listed = models.BooleanField(_("listed"), default=True)
    # Topics started here get a sensitive discussion (see `Topic`).
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Topics started here let members post without their name, as "
            "\u201cAnonymous member\u201d (the opening post and every reply)."
        ),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:category_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address is taken by the community pages.")}
            )


def _seen() -> Q:
    """An opening post readers see: published, or deleted by its author
    after others had replied (the conversation outlives its opener)."""
    return Q(opening__status=Comment.Status.PUBLISHED) | Q(
        opening__status=Comment.Status.DELETED, opening__listed=True
    )


# An opening post waiting for a moderator: its author still sees the topic.
_WAITING = (Comment.Status.PENDING, Comment.Status.HIDDEN)


class TopicQuerySet(models.QuerySet):
    def visible(self) -> "TopicQuerySet":
        """Topics every reader sees (see `_seen`). A held, hidden, removed or
        spam opening post takes its topic out of every list, page, feed,
        sitemap and search."""
        return self.filter(_seen())

    def visible_to(self, user) -> "TopicQuerySet":
        """What `user` may open: the visible topics, and their own while the
        opening post waits for a moderator (held, or hidden after reports,
        marked as such in place). Moderators open any topic from the
        moderation queue through its comment."""
        if not user.is_authenticated:
            return self.visible()
        return self.filter(
            _seen() | Q(opening__author_id=user.pk, opening__status__in=_WAITING)
        )

    def for_detail(self) -> "TopicQuerySet":
        """What a topic's page shows about it, and what its visibility is
        decided by (the opening post), in one query; its tags in one more."""
        return self.select_related(
            "category", "treatment", "discussion", "opening"
        ).prefetch_related("tags")

    def in_category(self, category) -> "TopicQuerySet":
        return self.filter(category=category)

    def by_activity(self) -> "TopicQuerySet":
        """Pinned topics first, then the latest activity first."""
        return self.order_by(
            "-is_pinned",
            models.F("discussion__last_activity_at").desc(nulls_last=True),
            "-pk",
        )

    def newest_first(self) -> "TopicQuerySet":
        return self.order_by("-created_at", "-pk")

    def by_starter(self, member) -> "TopicQuerySet":
        """Topics `member` started (whatever became of the opening post)."""
        return self.filter(opening__author_id=member.pk)

    def with_last_comment_id(self) -> "TopicQuerySet":
        """Annotate `last_comment_id`: the newest published comment of each
        topic's discussion (the opening post while nobody replied), one
        subquery on the (discussion, created_at) index."""
        newest = Comment.objects.filter(
            discussion_id=OuterRef("discussion_id"),
            status=Comment.Status.PUBLISHED,
        ).order_by("-created_at", "-pk")
        return self.annotate(last_comment_id=Subquery(newest.values("pk")[:1]))

    def for_list(self) -> "TopicQuerySet":
        """What a topic row shows but the bylines (community.listing adds
        those in one more query): its discussion's counts and state, its
        treatment, and which comment was the last."""
        return self.select_related("discussion", "treatment").with_last_comment_id()

    def related_to(self, topic: "Topic") -> "TopicQuerySet":
        """Topics like `topic`, closest first: the same treatment counts
        most, then each tag they share, then the same category. `topic`'s
        tags are read from its prefetched `tags` (no query here)."""
        tag_ids = [tag.pk for tag in topic.tags.all()]
        tagged = Topic.tags.through.objects.filter(
            topic_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        shared = tagged.order_by().values("topic_id").annotate(n=Count("*"))
        same_category = Q(category_id=topic.category_id)
        alike = same_category
        score = (
            Case(When(same_category, then=1), default=0)
            + Coalesce(Subquery(shared.values("n")), 0) * 2
        )
        if tag_ids:
            alike |= Exists(tagged)
        if topic.treatment_id:
            same_treatment = Q(treatment_id=topic.treatment_id)
            alike |= same_treatment
            score += Case(When(same_treatment, then=4), default=0)
        return (
            self.exclude(pk=topic.pk)
            .filter(alike)
            .annotate(score=ExpressionWrapper(score, output_field=IntegerField()))
            .order_by(
                "-score",
                models.F("discussion__last_activity_at").desc(nulls_last=True),
                "-pk",
            )
        )


class Topic(models.Model):
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="topics",
    )
    title = models.CharField(
        _("title"), max_length=120, validators=[MinLengthValidator(8)]
    )
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    # The discussion this topic carries (its host is this topic). Empty only
    # for the instant between creating the topic and opening its discussion
    # (the discussion needs the topic's id, as its host).
    discussion = models.OneToOneField(
        Discussion,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # The discussion's first comment, by the member who started the topic;
    # their identity is only ever shown through its byline. Empty for the
    # instant between creating the topic and posting it, and if the comment
    # row is ever deleted (the topic then leaves every list).
    opening = models.OneToOneField(
        Comment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    treatment = models.ForeignKey(
        Treatment,
        verbose_name=_("treatment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), related_name="topics", blank=True
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # The title; kept by a PostgreSQL trigger (forum/search_vectors.py).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["category", "-is_pinned"], name="community_topic_list_idx"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80].strip("-") or "topic"
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "community:topic_detail", kwargs={"pk": self.pk, "slug": self.slug}
        )

    # The host interface the forum engine asks through `discussion.host`.

    def discussion_visible_to(self, user) -> bool:
        """The discussion is seen by whoever may see the topic, and by
        moderators (a held topic is reviewed on its page). Asked of the
        opening post this topic holds (`select_related("opening")` makes it
        free); a moderator costs one query more.

        A topic being started (no opening post yet, and nothing at all in
        its discussion) takes its first comment from a signed-in member:
        that comment becomes the opening post (community.services.topics).
        Nobody else can find such a topic: no list or page shows it."""
        from forum.services.moderation import can_moderate

        if self.is_seen() or self.is_held_for(user):
            return True
        if self.is_being_started() and user.is_authenticated:
            return True
        return can_moderate(user)

    @classmethod
    def public_hosts(cls):
        return cls.objects.visible().values("pk")

    def discussion_badges(self) -> dict[int, str]:
        """No role labels beyond the engine's own (Moderator)."""
        return {}

    def is_seen(self) -> bool:
        """Whether every reader sees this topic (as `_seen` says)."""
        opening = self.opening
        return opening is not None and (
            opening.status == Comment.Status.PUBLISHED
            or (opening.status == Comment.Status.DELETED and opening.listed)
        )

    def is_being_started(self) -> bool:
        """No opening post yet and nothing in the discussion (one query)."""
        return (
            self.opening_id is None
            and self.discussion_id is not None
            and not Comment.objects.filter(discussion_id=self.discussion_id).exists()
        )

    def is_held_for(self, user) -> bool:
        """Whether this is `user`'s own topic, waiting for a moderator (its
        opening post held, or hidden after reports)."""
        opening = self.opening
        return (
            opening is not None
            and user.is_authenticated
            and opening.author_id == user.pk
            and opening.status in _WAITING
        )
