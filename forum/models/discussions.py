from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
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

    def public(self) -> "DiscussionQuerySet":
        """Discussions every reader may see, as `discussion_visible_to` answers
        for a visitor, in one query: a kind of host page that can hide its
        discussion names its public hosts with the classmethod
        `public_hosts()` (an article: once published); one that can hide
        but names none is left out whole."""
        from django.apps import apps

        public = self
        for model in apps.get_models():
            if not hasattr(model, "discussion_visible_to"):
                continue
            kind = Q(host_type=ContentType.objects.get_for_model(model))
            hosts = getattr(model, "public_hosts", None)
            public = public.exclude(
                kind if hosts is None else kind & ~Q(host_id__in=hosts())
            )
        return public


class Discussion(models.Model):
    """The comment container a page carries (an article today, other pages
    later). The engine reaches its page only through `host`."""

    host_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    host_id = models.PositiveBigIntegerField()
    host = GenericForeignKey("host_type", "host_id")
    is_locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Readers can read but not post.")
    )
    holds_comments = models.BooleanField(
        _("hold all comments"),
        default=False,
        help_text=_("Every new comment waits for a moderator before readers see it."),
    )
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Members may post here without their name, as “Anonymous member”."),
    )
    guests_allowed = models.BooleanField(
        _("guests may comment"),
        default=True,
        help_text=_(
            "Readers without an account may comment here (when guest comments "
            "are on for the whole site: CAIRN_GUEST_COMMENTS)."
        ),
    )
    comment_count = models.PositiveIntegerField(
        _("comments"), default=0, help_text=_("Comments readers can see.")
    )
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
        """Rows that take a place in the thread as every reader sees it:
        published comments, and the placeholders of deleted, hidden or
        removed ones that still have replies under them."""
        return self.filter(listed=True)

    def in_thread_for(self, viewer) -> "CommentQuerySet":
        """The thread as `viewer` sees it: with their own comments that are
        awaiting review, in place."""
        if not viewer.is_authenticated:
            return self.in_thread()
        return self.filter(
            Q(listed=True) | Q(status=Comment.Status.PENDING, author_id=viewer.pk)
        )

    def reachable_by(self, viewer) -> "CommentQuerySet":
        """What `viewer` may open by its id: the thread as everyone sees it,
        and their own comments whatever became of them (to edit a held one,
        or delete one a moderator removed)."""
        if not viewer.is_authenticated:
            return self.in_thread()
        return self.filter(Q(listed=True) | Q(author_id=viewer.pk)).exclude(
            status=Comment.Status.DELETED, listed=False
        )

    def awaiting_review(self) -> "CommentQuerySet":
        """Held, hidden or reported comments, for the moderation queue."""
        return self.filter(needs_review_since__isnull=False)

    def held(self) -> "CommentQuerySet":
        """Held before readers saw them (new, or an edit held again)."""
        return self.exclude(hold_reason="")

    def reported_for(self, reason: str) -> "CommentQuerySet":
        from forum.models.moderation import Flag

        return self.filter(
            Exists(Flag.objects.open().filter(comment=OuterRef("pk"), reason=reason))
        )

    def in_discussions(self, discussions) -> "CommentQuerySet":
        """Within `discussions` (None: everywhere)."""
        return self if discussions is None else self.filter(discussion__in=discussions)

    def for_author_list(self) -> "CommentQuerySet":
        """A member's own comments with what moderators decided about each
        (`outcomes`, newest first) and the page each is on."""
        from forum.models.moderation import ModerationAction

        return self.select_related("discussion").prefetch_related(
            "discussion__host",
            Prefetch(
                "moderation_actions",
                queryset=ModerationAction.objects.filter(
                    kind__in=ModerationAction.TOLD_TO_AUTHOR, actor__isnull=False
                ).newest_first(),
                to_attr="outcomes",
            ),
        )

    def oldest_waiting_first(self) -> "CommentQuerySet":
        return self.order_by("needs_review_since", "pk")

    def for_moderation(self) -> "CommentQuerySet":
        """With what a moderator weighs: the author, the page, the comment
        replied to and the open reports (`open_reports`, oldest first)."""
        from forum.models.moderation import Flag

        return self.select_related(
            "author", "guest", "discussion", "parent__author", "parent__guest"
        ).prefetch_related(
            "discussion__host",
            Prefetch(
                "flags",
                queryset=Flag.objects.open()
                .select_related("reporter")
                .order_by("created_at"),
                to_attr="open_reports",
            ),
        )

    def visible(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PUBLISHED)

    def by_author(self, author) -> "CommentQuerySet":
        return self.filter(author=author)

    def under_own_name(self) -> "CommentQuerySet":
        """Not posted anonymously: whatever links these to their author
        (a member's record, @mention matching) must leave the rest out."""
        return self.filter(pseudonym="")

    def on_member_page(self, member) -> "CommentQuerySet":
        """What `member`'s public page lists, newest first, with the page each
        is on: their published comments under their own name in discussions
        every reader may see. Never one held, hidden, removed or posted
        without their name, even to the member (their "My comments" has
        those)."""
        return (
            self.by_author(member)
            .visible()
            .under_own_name()
            .filter(discussion__in=Discussion.objects.public())
            .select_related("discussion")
            .prefetch_related("discussion__host")
            .order_by("-created_at", "-pk")
        )

    def since(self, moment) -> "CommentQuerySet":
        return self.filter(created_at__gte=moment)

    def in_subtree(self, path: str) -> "CommentQuerySet":
        """The comment at `path` and all its replies: one index range."""
        return self.filter(path__gte=path, path__lt=paths.subtree_end(path))

    def for_thread_page(self) -> "CommentQuerySet":
        return (
            self.select_related("author", "guest")
            .only(
                "id",
                "discussion_id",
                "parent_id",
                "path",
                "depth",
                "thread_number",
                "status",
                "body_html",
                "moderator_note_html",
                "created_at",
                "edited_at",
                "pseudonym",
                "is_question",
                "answered_at",
                "answered_by_id",
                "answer_id",
                "author__id",
                "author__display_name",
                "guest__id",
                "guest__name",
            )
            .with_author_moderates()
        )

    def with_author_moderates(self) -> "CommentQuerySet":
        """Annotate `author_moderates`: whether the author is a moderator (a
        subquery in the same query, for the byline's "Moderator" badge)."""
        from forum.models.members import Member

        return self.annotate(
            author_moderates=Exists(
                Member.groups.through.objects.filter(
                    member_id=OuterRef("author_id"), group__name=Member.MODERATORS
                )
            )
        )

    def with_author_ignored_by(self, viewer) -> "CommentQuerySet":
        """Annotate `author_ignored`: whether `viewer` ignores the author (a
        subquery in the same query; forum.services.ignoring.collapses says
        what it changes). Nothing for a viewer who is not signed in."""
        from forum.models.ignoring import Ignore

        if not viewer.is_authenticated:
            return self
        return self.annotate(
            author_ignored=Exists(
                Ignore.objects.filter(
                    member_id=viewer.pk, ignored_id=OuterRef("author_id")
                )
            )
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden after reports")
        REMOVED = "removed", _("Removed")
        DELETED = "deleted", _("Deleted")
        SPAM = "spam", _("Spam")

    class HoldReason(models.TextChoices):
        NEW_MEMBER = "new_member", _("A new member's first comments")
        LINKS = "links", _("Links from a member who is not trusted yet")
        PHRASE = "phrase", _("Matches a watched phrase")
        HOLD_ALL = "hold_all", _("The discussion holds all comments")
        EDITED = "edited", _("Edited to add links or a watched phrase")
        GUEST = "guest", _("A guest's comment")

    # Shown to readers as a placeholder when replies keep them in the thread.
    PLACEHOLDER_STATUSES = (Status.DELETED, Status.HIDDEN, Status.REMOVED, Status.SPAM)
    # What a moderator took away and can give back exactly.
    MODERATED_STATUSES = (Status.HIDDEN, Status.REMOVED, Status.SPAM)

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="comments"
    )
    # The member who wrote it; empty for a guest's comment (`guest`) and
    # for a former member's (both empty: they deleted their account and
    # chose to leave their comments, shown as "Former member").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    guest = models.OneToOneField(
        "forum.Guest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comment",
        editable=False,
    )
    # Not blank when the author posted without their name: the label
    # readers see instead (forum.models.anonymity.Pseudonym, copied here so
    # a page needs no join). The author is still `author`, for them and for
    # every rule; nobody else is shown it (forum.bylines).
    pseudonym = models.CharField(
        _("pseudonym"), max_length=40, blank=True, editable=False
    )
    # A top-level comment the member addressed to the page's author (an
    # article's columnist); answered by their (or an expert's) reply.
    is_question = models.BooleanField(_("question for the columnist"), default=False)
    # Indexed only where set (forum_comment_answer_idx, _answerer_idx): a
    # full index would be written on every comment for the few questions.
    answer = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,
    )
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, editable=False
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
    # Whether the comment takes a place in every reader's thread: published,
    # or a placeholder with replies under it. Kept by forum.services.
    listed = models.BooleanField(default=True, editable=False)
    hold_reason = models.CharField(
        _("held because"), max_length=12, choices=HoldReason, blank=True
    )
    # Since when the comment waits in the moderation queue (held, hidden or
    # reported); empty once a moderator has acted.
    needs_review_since = models.DateTimeField(null=True, blank=True, editable=False)
    open_flags = models.PositiveSmallIntegerField(
        _("open reports"), default=0, editable=False
    )
    moderator_note = models.TextField(_("moderator note"), blank=True, max_length=2000)
    moderator_note_html = models.TextField(blank=True, editable=False)
    # Kept by a PostgreSQL trigger, empty unless published
    # (forum/search_vectors.py); never read by a thread page.
    search_vector = SearchVectorField(null=True, editable=False)

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
            models.CheckConstraint(
                condition=~Q(status="published") | Q(listed=True),
                name="forum_comment_published_is_listed",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(listed=False),
                name="forum_comment_pending_is_not_listed",
            ),
            # Neither: a former member's comment, kept without its author
            # when they deleted their account (forum.services.leaving).
            models.CheckConstraint(
                condition=Q(author__isnull=True) | Q(guest__isnull=True),
                name="forum_comment_member_or_guest",
            ),
            models.CheckConstraint(
                condition=Q(pseudonym="") | Q(author__isnull=False),
                name="forum_comment_pseudonym_has_author",
            ),
            models.CheckConstraint(
                condition=Q(is_question=False) | Q(depth=0),
                name="forum_comment_question_is_top_level",
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
            # "New" since a member's last visit, and a discussion's newest
            # comments (its feed): both read a discussion by time.
            models.Index(
                fields=["discussion", "created_at"], name="forum_comment_time_idx"
            ),
            # The newest published comments anywhere: search ranks the
            # newest matches of a common word (PostgreSQL walks this until it
            # has enough, instead of reading every match), and a treatment's
            # page lists the newest that name it.
            models.Index(
                models.F("created_at").desc(),
                models.F("id").desc(),
                condition=Q(status="published"),
                name="forum_comment_published_idx",
            ),
            models.Index(
                fields=["needs_review_since", "id"],
                condition=Q(needs_review_since__isnull=False),
                name="forum_comment_review_idx",
            ),
            # The Questions view (unanswered first: PostgreSQL sorts NULL
            # first in a descending index; SQLite cannot say so in an index)
            # and a columnist's unanswered questions.
            models.Index(
                "discussion",
                models.F("answered_at").desc(),
                "created_at",
                condition=Q(is_question=True),
                name="forum_comment_question_idx",
            ),
            models.Index(
                fields=["answer"],
                condition=Q(answer__isnull=False),
                name="forum_comment_answer_idx",
            ),
            models.Index(
                fields=["answered_by"],
                condition=Q(answered_by__isnull=False),
                name="forum_comment_answerer_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} in discussion {self.discussion_id} at {self.path}"

    def get_absolute_url(self) -> str:
        return reverse("forum:comment_permalink", kwargs={"pk": self.pk})

    def is_anonymous(self) -> bool:
        return bool(self.pseudonym)

    def is_guest(self) -> bool:
        return self.guest_id is not None

    def is_placeholder(self) -> bool:
        return self.status in self.PLACEHOLDER_STATUSES

    def edit_deadline(self):
        return self.created_at + timedelta(seconds=settings.CAIRN_COMMENT_EDIT_WINDOW)

    def has_replies(self) -> bool:
        return self.replies.exists()

    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_editable_by(self, user, now=None) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status in (self.Status.PUBLISHED, self.Status.PENDING)
            and (now or timezone.now()) < self.edit_deadline()
        )

    def is_deletable_by(self, user) -> bool:
        """The author may always take back their words, whatever a moderator
        did with them (the log keeps what was done, not the text)."""
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status != self.Status.DELETED
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
