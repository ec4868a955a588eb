"""Who hears of a new comment, and the inbox they read it in.

A comment notifies when readers first can see it: when it is posted
published, or when a moderator approves it out of the hold (`announce`,
called by forum.services.comments and forum.services.places). The request
only queues `deliver_comment`; the task worker does the rest, in batches
of CAIRN_NOTIFY_BATCH followers, each batch a task of its own, so a
discussion with 5,000 followers never slows the page that posted.

Who is told, once each (one Notification per member and comment, the
strongest reason winning):

1. the author of the question it answers ("answered your question",
   forum.services.questions), then the author of the comment it replies
   to ("replied to you"), if they want replies (`notify_on_reply`);
2. members it mentions by name (forum.services.mentions, which matches only
   names the writer can see in that discussion), if they want mentions;
3. the discussion's followers (forum.services.following).

Never the comment's own author, a suspended or deactivated member, a
member who cannot see the discussion (a host page that is not public), or
a member who ignores the author (forum.services.ignoring), whatever the
reason, unless the comment was posted anonymously: leaving them out then
would tell them who wrote it (a guest cannot be ignored).
A comment removed, hidden or marked as spam later drops out of every
inbox and digest (NotificationQuerySet.visible), and comes back if
restored. Email follows each member's preference (immediately, a daily
digest, off), sent by forum.services.notification_email.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import (
    Comment,
    Discussion,
    EmailFrequency,
    Member,
    Notification,
    Subscription,
)
from forum.services import guest_mail, ignoring, mentions, questions
from forum.services.following import speakers_for
from forum.services.notification_email import email_notifications
from forum.services.standing import UNREAD_SHOWN, discussion_visible_to

Reason = Notification.Reason


def announce(comment: Comment, *, mentions_only: bool = False) -> None:
    """Queue the notifications of `comment`, which readers can now see
    (`mentions_only`: after an edit, for names the edit added)."""
    deliver_comment.enqueue(comment_id=comment.pk, mentions_only=mentions_only)


@task
def deliver_comment(
    *, comment_id: int, after_member: int = 0, mentions_only: bool = False
) -> dict:
    """Notify one batch of the people `comment_id` concerns; the first batch
    (`after_member` 0) is the replied-to and mentioned members, then the
    followers in member order, each batch queueing the next."""
    comment = (
        Comment.objects.select_related("discussion", "parent")
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    if comment is None:
        # Removed or deleted before the worker came to it: nobody is told.
        return {"notified": 0}
    discussion = comment.discussion
    notified = 0
    if not after_member:
        notified += _notify(comment, _direct(comment))
        if mentions_only:
            return {"notified": notified}
        # A guest replied to, who asked for replies, is told by email.
        guest_mail.tell_guest_of_reply(comment)
        speakers = speakers_for(discussion)
        speakers -= _unfollowed(discussion, speakers)
        notified += _notify(comment, dict.fromkeys(speakers, Reason.FOLLOWED))
    batch = list(
        Subscription.objects.following()
        .filter(discussion=discussion, member_id__gt=after_member)
        .order_by("member_id")
        .values_list("member_id", flat=True)[: settings.CAIRN_NOTIFY_BATCH]
    )
    if len(batch) == settings.CAIRN_NOTIFY_BATCH:
        deliver_comment.enqueue(comment_id=comment_id, after_member=batch[-1])
    notified += _notify(comment, dict.fromkeys(batch, Reason.FOLLOWED))
    return {"notified": notified, "batch": len(batch)}


def _unfollowed(discussion: Discussion, members: set[int]) -> set[int]:
    if not members:
        return set()
    return set(
        Subscription.objects.filter(
            discussion=discussion, member_id__in=members, following=False
        ).values_list("member_id", flat=True)
    )


def _direct(comment: Comment) -> dict[int, str]:
    """The members a comment speaks to: the asker of the question it
    answers, the replied-to author, then the mentioned (a reply that also
    mentions its parent's author is a reply)."""
    wanted: dict[int, str] = {}
    parent = comment.parent
    if (
        parent is not None
        and parent.status == Comment.Status.PUBLISHED
        and parent.author_id is not None  # a guest is told by email (guests.py)
    ):
        wanted[parent.author_id] = Reason.REPLY
    asker = questions.asker_answered_by(comment)
    if asker is not None:
        wanted[asker] = Reason.ANSWER  # the strongest reason: wins over a reply
    for member in mentions.mentioned_members(
        body=comment.body, discussion=comment.discussion, writer=comment.author
    ):
        wanted.setdefault(member.pk, Reason.MENTION)
    return wanted


# Which preference lets each reason through (FOLLOWED: following is the
# preference itself).
_WANTS = {
    Reason.ANSWER: "notify_on_reply",  # an answer is a reply to one's question
    Reason.REPLY: "notify_on_reply",
    Reason.MENTION: "notify_on_mention",
}


def _notify(comment: Comment, wanted: dict[int, str]) -> int:
    """Create the notifications `wanted` ({member id: reason}) allows, and
    queue the emails of those who want them at once. Returns how many."""
    wanted.pop(comment.author_id, None)
    if not wanted:
        return 0
    now = timezone.now()
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    members = (
        ignoring.unless_ignoring(
            Member.objects.filter(pk__in=wanted, is_active=True), comment
        )
        .exclude(suspended_until__gt=now)
        .annotate(verified=Exists(verified))
        .only(
            "pk",
            "is_staff",
            "email_notifications",
            "notify_on_reply",
            "notify_on_mention",
        )
    )
    public = discussion_visible_to(comment.discussion, AnonymousUser())
    rows, at_once = [], []
    for member in members:
        reason = wanted[member.pk]
        preference = _WANTS.get(reason)
        if preference and not getattr(member, preference):
            continue
        if not public and not discussion_visible_to(comment.discussion, member):
            continue
        email = member.verified and member.email_notifications != EmailFrequency.OFF
        rows.append(
            Notification(
                recipient_id=member.pk,
                comment_id=comment.pk,
                discussion_id=comment.discussion_id,
                reason=reason,
                created_at=now,
                email_due=email,
            )
        )
        if email and member.email_notifications == EmailFrequency.IMMEDIATELY:
            at_once.append(member.pk)
    # A member told already (a reply that is also in a followed discussion,
    # a batch run twice) keeps their first notification.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if at_once:
        _email_now(comment, at_once)
    return len(rows)


def _email_now(comment: Comment, members: list[int]) -> None:
    ids = list(
        Notification.objects.filter(comment=comment, recipient_id__in=members)
        .email_due()
        .values_list("pk", flat=True)
    )
    size = settings.CAIRN_EMAIL_BATCH
    for start in range(0, len(ids), size):
        email_notifications.enqueue(notification_ids=ids[start : start + size])


# --- the inbox --------------------------------------------------------------


def unread_count(member) -> int:
    """Unread notifications about visible comments, counted up to
    UNREAD_SHOWN + 1 (the header says "99+" beyond)."""
    if not member.is_authenticated:
        return 0
    ids = Notification.objects.for_member(member).unread().values("pk")
    return Notification.objects.filter(pk__in=ids[: UNREAD_SHOWN + 1]).count()


def mark_read(*, member: Member, item: Notification, now=None) -> int:
    """Mark one inbox item read: the notification `item` and, for comments
    in a followed discussion, the others grouped with it. Returns how many
    were marked (0 if read already); PermissionDenied if not `member`'s."""
    if item.recipient_id != member.pk:
        raise PermissionDenied(_("That notification is not yours."))
    unread = Notification.objects.filter(recipient=member).unread()
    if item.reason == Reason.FOLLOWED:
        unread = unread.filter(discussion_id=item.discussion_id, reason=Reason.FOLLOWED)
    else:
        unread = unread.filter(pk=item.pk)
    return unread.update(read_at=now or timezone.now())


def mark_all_read(*, member: Member, now=None) -> int:
    return (
        Notification.objects.filter(recipient=member)
        .unread()
        .update(read_at=now or timezone.now())
    )


def mark_seen_on_page(*, member, comment_ids: list[int], now=None) -> int:
    """Reading a page of a discussion reads the notifications about the
    comments on it, as in Discourse: the inbox never keeps calling a member
    to what they have just read."""
    if not member.is_authenticated or not comment_ids:
        return 0
    return (
        Notification.objects.filter(recipient=member, comment_id__in=comment_ids)
        .unread()
        .update(read_at=now or timezone.now())
    )
