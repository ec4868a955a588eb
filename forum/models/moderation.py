"""What moderators work with: members' reports (`Flag`), the phrases that
hold or refuse a comment (`WatchedPhrase`) and the log of everything done
(`ModerationAction`), which is append-only: no code path updates or deletes
a row, and on PostgreSQL a trigger (migration 0005) refuses it too."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why a comment is reported, or was removed (the same list for both, so
    the author is told in the words readers used)."""

    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Harassment or abuse")
    MISINFORMATION = "misinformation", _("Medical misinformation")
    PRIVACY = "privacy", _("Shares someone else's private health information")
    SELLING = "selling", _("Selling or sourcing medicines")
    OTHER = "other", _("Other")


class FlagQuerySet(models.QuerySet):
    def open(self) -> "FlagQuerySet":
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    """One member's report of one comment. The reporter is seen by moderators
    only, never by the comment's author."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld: the comment was removed")
        DISMISSED = "dismissed", _("Dismissed: the comment was kept")
        WITHDRAWN = "withdrawn", _("The author deleted the comment")

    comment = models.ForeignKey(
        "forum.Comment", on_delete=models.CASCADE, related_name="flags"
    )
    # Empty once the reporter deleted their account: the report still
    # counts, nobody is named (forum.services.leaving).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="forum_flag_one_per_user"
            ),
            models.CheckConstraint(
                condition=~Q(reason=Reason.OTHER) | ~Q(note=""),
                name="forum_flag_other_has_note",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, outcome="")
                | Q(resolved_at__isnull=False) & ~Q(outcome=""),
                name="forum_flag_resolved_has_outcome",
            ),
        ]
        indexes = [
            models.Index(
                fields=["comment"],
                condition=Q(resolved_at__isnull=True),
                name="forum_flag_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Report of comment {self.comment_id} ({self.reason})"


class WatchedPhrase(models.Model):
    """A phrase moderators want to see before readers do (hold), or never
    (refuse, with the message the writer is shown). Matched case-insensitively
    on whole words, after the same normalisation as display names."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold the comment for review")
        REFUSE = "refuse", _("Refuse the comment with a message")

    phrase = models.CharField(_("phrase"), max_length=200, unique=True)
    action = models.CharField(
        _("action"), max_length=10, choices=Action, default=Action.HOLD
    )
    message = models.CharField(
        _("message"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the writer when the comment is refused."),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("watched phrase")
        verbose_name_plural = _("watched phrases")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class AppendOnly(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The moderation log is append-only.")

    def delete(self):
        raise TypeError("The moderation log is append-only.")


class ModerationActionQuerySet(AppendOnly):
    def about_member(self, member) -> "ModerationActionQuerySet":
        """Actions on the member or on any of their comments, except those
        posted anonymously: a record that listed them would say who wrote
        them (forum.services.anonymity)."""
        return self.filter(
            Q(member=member) | Q(comment__author=member, comment__pseudonym="")
        )

    def newest_first(self) -> "ModerationActionQuerySet":
        return self.order_by("-created_at", "-pk")

    def about_members(self, member_ids) -> "ModerationActionQuerySet":
        return self.filter(
            Q(member_id__in=member_ids)
            | Q(comment__author_id__in=member_ids, comment__pseudonym="")
        )

    def tally_by_author(self, member_ids) -> dict[int, dict[str, int]]:
        """{author id: {kind: how many}} of actions on their comments
        posted under their own name (as `about_member`; trust counts them
        all: forum.services.holding)."""
        rows = (
            self.filter(comment__author_id__in=member_ids, comment__pseudonym="")
            .values_list("comment__author_id", "kind")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        tally: dict[int, dict[str, int]] = {}
        for author_id, kind, n in rows:
            tally.setdefault(author_id, {})[kind] = n
        return tally

    def anonymise(self, member, label: str) -> int:
        """The one change the log allows: a member who deleted their account
        leaves it, as `label` (a stable "Former member" name) wherever they
        acted or were acted on. The PostgreSQL guard (migration 0009) lets
        exactly this update through and refuses any other."""
        changed = models.QuerySet.update(
            self.filter(actor=member), actor=None, actor_label=label
        )
        return changed + models.QuerySet.update(
            self.filter(member=member), member=None, member_label=label
        )

    def for_log(self) -> "ModerationActionQuerySet":
        return self.select_related("actor", "member", "comment__author", "discussion")


class ModerationAction(models.Model):
    """One thing a moderator (or Cairn itself, with no actor) did."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REMOVE = "remove", _("Removed")
        SPAM = "spam", _("Marked as spam")
        RESTORE = "restore", _("Restored")
        NOTE = "note", _("Added a moderator note")
        HIDE = "hide", _("Hidden after reports")
        SUSPEND = "suspend", _("Suspended")
        UNSUSPEND = "unsuspend", _("Lifted the suspension")
        TRUST = "trust", _("Became trusted")
        LOCK = "lock", _("Locked the discussion")
        UNLOCK = "unlock", _("Unlocked the discussion")
        HOLD_ALL = "hold_all", _("Held all new comments")
        RELEASE_ALL = "release_all", _("Stopped holding all new comments")
        SENSITIVE = "sensitive", _("Marked the discussion sensitive")
        NOT_SENSITIVE = "not_sensitive", _("Marked the discussion not sensitive")
        GUESTS_OFF = "guests_off", _("Turned guest comments off")
        GUESTS_ON = "guests_on", _("Turned guest comments on")
        REVEAL = "reveal", _("Saw who wrote an anonymous comment")

    # What the author of a comment (or the member) is told about.
    TOLD_TO_AUTHOR = (Kind.APPROVE, Kind.REMOVE, Kind.SPAM, Kind.NOTE, Kind.SUSPEND)

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
        help_text=_("Empty when Cairn acted by itself (reports, trust)."),
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind)
    comment = models.ForeignKey(
        "forum.Comment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_record",
    )
    discussion = models.ForeignKey(
        "forum.Discussion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
    )
    # Who acted, or was acted on, after they deleted their account: a
    # stable label in place of the member ("Former member 7KQ2").
    actor_label = models.CharField(max_length=40, blank=True, editable=False)
    member_label = models.CharField(max_length=40, blank=True, editable=False)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("moderate_comments", _("Can moderate comments and discussions")),
            ("suspend_members", _("Can suspend members")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False)
                | Q(member__isnull=False)
                | ~Q(member_label="")
                | Q(discussion__isnull=False),
                name="forum_moderationaction_has_target",
            ),
        ]
        indexes = [
            models.Index(
                fields=["comment", "created_at"], name="forum_modaction_comment"
            ),
            models.Index(
                fields=["member", "created_at"], name="forum_modaction_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise TypeError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The moderation log is append-only.")

    def is_until_further_notice(self) -> bool:
        """A suspension with no end date (stored as PERMANENT_SUSPENSION)."""
        from forum.models.members import PERMANENT_SUSPENSION

        return self.until is not None and self.until >= PERMANENT_SUSPENSION
