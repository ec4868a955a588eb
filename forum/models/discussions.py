from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum import paths


class DiscussionQuerySet(models.QuerySet):
    def for_host(self, host: models.Model) -> "DiscussionQuerySet":
        return self.filter(
            host_type=ContentType.objects.get_for_model(host), host_id=host.pk
        )


class Discussion(models.Model):
    """The comment container a page carries (an article today, other pages
    later). The engine reaches its page only through `host`."""

    host_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    host_id = models.PositiveBigIntegerField()
    host = GenericForeignKey("host_type", "host_id")
    is_locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Readers can read but not post.")
    )
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # Allocator for top-level ordinals; never decremented, so paths are never reused.
    top_level_seq = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = DiscussionQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [
            models.UniqueConstraint(
                fields=["host_type", "host_id"], name="forum_discussion_one_per_host"
            ),
        ]

    def __str__(self) -> str:
        return f"Discussion {self.pk} ({self.comment_count} comments)"

    def get_absolute_url(self) -> str:
        return self.host.get_absolute_url() + "#discussion"


class CommentQuerySet(models.QuerySet):
    def in_thread(self) -> "CommentQuerySet":
        """Rows that take a place in the thread: published comments and the
        placeholders of deleted or removed ones."""
        return self.filter(status__in=Comment.THREAD_STATUSES)

    def by_author(self, author) -> "CommentQuerySet":
        return self.filter(author=author)

    def since(self, moment) -> "CommentQuerySet":
        return self.filter(created_at__gte=moment)

    def in_subtree(self, path: str) -> "CommentQuerySet":
        """The comment at `path` and all its replies: one index range."""
        return self.filter(path__gte=path, path__lt=paths.subtree_end(path))

    def for_thread_page(self) -> "CommentQuerySet":
        return self.select_related("author").only(
            "id",
            "discussion_id",
            "parent_id",
            "path",
            "depth",
            "thread_number",
            "status",
            "body_html",
            "created_at",
            "edited_at",
            "author__id",
            "author__display_name",
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PUBLISHED = "published", _("Published")
        REMOVED = "removed", _("Removed")
        DELETED = "deleted", _("Deleted")
        SPAM = "spam", _("Spam")

    THREAD_STATUSES = (Status.PUBLISHED, Status.DELETED, Status.REMOVED)
    PLACEHOLDER_STATUSES = (Status.DELETED, Status.REMOVED)

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    path = models.CharField(
        max_length=paths.SEGMENT * (paths.MAX_DEPTH + 1), editable=False
    )
    depth = models.PositiveSmallIntegerField(editable=False)
    thread_number = models.PositiveIntegerField(
        editable=False,
        help_text=_("The number of the top-level comment of its thread."),
    )
    # Allocator for replies' ordinals; never decremented, so a path is never
    # reused, and gaps (a reply that failed after taking its ordinal) are fine.
    child_seq = models.PositiveIntegerField(default=0, editable=False)
    body = models.TextField(_("comment"), max_length=settings.CAIRN_COMMENT_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(
        _("posted at"), default=timezone.now, editable=False
    )
    edited_at = models.DateTimeField(
        _("edited at"), null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["discussion", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "path"], name="forum_comment_path_unique"
            ),
            models.CheckConstraint(
                condition=Q(depth=(Length("path") / paths.SEGMENT) - 1),
                name="forum_comment_depth_matches_path",
            ),
            models.CheckConstraint(
                condition=Q(depth=0, parent__isnull=True)
                | Q(depth__gt=0, parent__isnull=False),
                name="forum_comment_only_top_level_has_no_parent",
            ),
        ]
        indexes = [
            models.Index(
                "discussion",
                models.F("thread_number").desc(),
                "path",
                name="forum_comment_newest_idx",
            ),
            models.Index(
                fields=["author", "created_at"], name="forum_comment_author_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} in discussion {self.discussion_id} at {self.path}"

    def get_absolute_url(self) -> str:
        return reverse("forum:comment_permalink", kwargs={"pk": self.pk})

    def is_placeholder(self) -> bool:
        return self.status in self.PLACEHOLDER_STATUSES

    def edit_deadline(self):
        return self.created_at + timedelta(seconds=settings.CAIRN_COMMENT_EDIT_WINDOW)

    def has_replies(self) -> bool:
        return self.replies.exists()

    def is_editable_by(self, user, now=None) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status == self.Status.PUBLISHED
            and (now or timezone.now()) < self.edit_deadline()
        )

    def is_deletable_by(self, user) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status == self.Status.PUBLISHED
        )


class Acceptance(models.Model):
    """A member's "I understand" to one version of the disclaimer and guidelines."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acceptances"
    )
    disclaimer = models.ForeignKey(
        "forum.Disclaimer", on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("disclaimer acceptance")
        verbose_name_plural = _("disclaimer acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "disclaimer"], name="forum_acceptance_one_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} accepted v{self.disclaimer_id}"
