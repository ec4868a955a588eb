"""Community topics: questions and conversations members start themselves,
in categories editors keep.

A `Topic` is a host page of a `forum.Discussion`, like an article. Its
opening post is the discussion's first comment (`Topic.opening`), posted
through the engine's one way of posting, so holding, editing, reports,
moderation, anonymity and the byline all apply to it unchanged. The topic is
seen by readers while its opening post is (`TopicQuerySet.visible`): a new
member's first topic waits for a moderator exactly as a first comment does.
The engine knows nothing of topics; topics know the engine.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import Tag
from forum.models import Comment, Discussion, Treatment


class CategoryQuerySet(models.QuerySet):
    def listed(self) -> "CategoryQuerySet":
        return self.filter(is_listed=True)


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

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:category_detail", kwargs={"slug": self.slug})


def _seen() -> Q:
    """An opening post readers see: published, or deleted by its author
    after others had replied (the conversation outlives its opener)."""
    return Q(opening__status=Comment.Status.PUBLISHED) | Q(
        opening__status=Comment.Status.DELETED, opening__listed=True
    )


class TopicQuerySet(models.QuerySet):
    def visible(self) -> "TopicQuerySet":
        """Topics every reader sees (see `_seen`). A held, hidden, removed or
        spam opening post takes its topic out of every list, page, feed,
        sitemap and search."""
        return self.filter(_seen())

    def visible_to(self, user) -> "TopicQuerySet":
        """What `user` may open: the visible topics, and their own while the
        opening post waits for a moderator. (Moderators open any topic from
        the moderation queue through its comment.)"""
        if not user.is_authenticated:
            return self.visible()
        return self.filter(
            _seen()
            | Q(opening__author_id=user.pk, opening__status=Comment.Status.PENDING)
        )

    def in_category(self, category) -> "TopicQuerySet":
        return self.filter(category=category)

    def by_activity(self) -> "TopicQuerySet":
        """Pinned topics first, then the latest activity first."""
        return self.order_by(
            "-is_pinned",
            models.F("discussion__last_activity_at").desc(nulls_last=True),
            "-pk",
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
    # The discussion this topic carries (its host is this topic).
    discussion = models.OneToOneField(
        Discussion, on_delete=models.PROTECT, related_name="+", editable=False
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
        moderators (a held topic is reviewed on its page)."""
        from forum.services.moderation import can_moderate

        if Topic.objects.visible_to(user).filter(pk=self.pk).exists():
            return True
        return can_moderate(user)

    @classmethod
    def public_hosts(cls):
        return cls.objects.visible().values("pk")

    def discussion_badges(self) -> dict[int, str]:
        """No role labels beyond the engine's own (Moderator)."""
        return {}
