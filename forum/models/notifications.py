"""The inbox: one `Notification` per member and comment.

One row per (recipient, comment), whatever the reasons (a reply to them
that also mentions them, in a discussion they follow): the unique
constraint is what makes "never twice of the same comment" true for the
inbox and for email together, since an email is sent for a row and the row
records it (`emailed_at`). The inbox groups "followed" rows per discussion
when it reads them (`NotificationQuerySet.inbox_items`); rows stay per
comment, so a comment that leaves the thread (removed, hidden, spam) takes
its notifications with it: every read goes through `visible()`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, Max, Min, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def visible(self) -> "NotificationQuerySet":
        """Only about comments readers can see now: a comment removed,
        hidden or marked as spam after it notified drops out of the inbox,
        the unread count and the digest (and comes back if restored)."""
        from forum.models import Comment

        return self.filter(comment__status=Comment.Status.PUBLISHED)

    def for_member(self, member) -> "NotificationQuerySet":
        return self.filter(recipient=member).visible()

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def email_due(self) -> "NotificationQuerySet":
        return self.filter(email_due=True, emailed_at__isnull=True)

    def inbox_items(self) -> "NotificationQuerySet":
        """One row per inbox item, newest first: a reply or a mention alone;
        the comments of followed discussions grouped per discussion, the
        unread apart from the read ("4 new comments in …"). Each item is a
        dict: discussion_id, reason, unread, count, first (the earliest
        comment's id, where the link lands), latest (its newest time) and
        key (a notification id that names the item)."""
        grouped = Case(
            When(reason=Notification.Reason.FOLLOWED, then=Value(0)),
            default=F("comment_id"),
            output_field=models.BigIntegerField(),
        )
        return (
            self.annotate(
                group=grouped,
                unread_item=Case(
                    When(read_at__isnull=True, then=Value(True)), default=Value(False)
                ),
            )
            .values("discussion_id", "reason", "group", "unread_item")
            .annotate(
                count=Count("id"),
                first=Min("comment_id"),
                latest=Max("created_at"),
                key=Min("id"),
            )
            .order_by("-latest", "-key")
        )


class Notification(models.Model):
    class Reason(models.TextChoices):
        # Strongest first: a comment that is both a reply to the member and
        # in a discussion they follow notifies as a reply.
        ANSWER = "answer", _("answered your question")
        REPLY = "reply", _("replied to you")
        MENTION = "mention", _("mentioned you")
        FOLLOWED = "followed", _("new comment in a discussion you follow")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    comment = models.ForeignKey(
        "forum.Comment", on_delete=models.CASCADE, related_name="notifications"
    )
    # The comment's, kept here so the inbox groups without a join.
    discussion = models.ForeignKey(
        "forum.Discussion", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Whether the recipient wanted mail for it when it was made (their
    # preference and a verified address), and when mail went out: set once,
    # by whichever sender (immediate or digest) claims the row first.
    email_due = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "comment"], name="forum_notification_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "discussion"],
                condition=Q(read_at__isnull=True),
                name="forum_notification_unread",
            ),
            models.Index(
                fields=["recipient", "-created_at"], name="forum_notification_inbox"
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(email_due=True, emailed_at__isnull=True),
                name="forum_notification_mail_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Member {self.recipient_id}: comment {self.comment_id} ({self.reason})"
