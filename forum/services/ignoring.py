"""Ignoring a member ("Ignore member"): about what one reads, nothing more.

A member who ignores another:
- sees that member's comments collapsed in discussions ("You ignore <name>
  — show"; forum.threads marks them from the page query's
  `author_ignored`, CommentQuerySet.with_author_ignored_by), one click or
  key away, their replies by others untouched;
- is not notified by that member's comments: a reply, an @mention, a
  comment in a followed discussion, the answer to their question
  (forum.services.notifications leaves them out, `unless_ignoring`), and
  notifications and emails still pending when they start ignoring are
  settled (marked read, no email).

It never:
- tells the member ignored (nothing they can see changes);
- hides moderation: a moderator's note on a comment always shows, even on
  an ignored member's comment, so a moderator or a columnist cannot be
  ignored out of their notes; moderation notices (what moderators decided
  about one's own comment) are not notifications and are never affected;
- touches a comment posted anonymously: collapsing it, or leaving out its
  notification, would tell the member who ignores its author who wrote it.
  A guest (no account) cannot be ignored.

Any signed-in member may ignore (verified or not, suspended too); only an
active member can be ignored, and never oneself. Both writes are idempotent.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Ignore, Member, Notification


def check_can_ignore(*, member, ignored: Member) -> None:
    """PermissionDenied unless `member` is signed in and active;
    ValidationError when `ignored` is `member` or not an active member."""
    if not member.is_authenticated or not member.is_active:
        raise PermissionDenied(_("Sign in to ignore a member."))
    if ignored.pk == member.pk:
        raise ValidationError(_("You cannot ignore yourself."), code="self")
    if not ignored.is_active:
        raise ValidationError(
            _("This member is no longer on Cairn."), code="not_a_member"
        )


@transaction.atomic
def ignore_member(*, member: Member, ignored: Member, now=None) -> Ignore:
    """ "Ignore member": from now on `ignored`'s comments show collapsed to
    `member` and do not notify them. Ignoring again changes nothing."""
    check_can_ignore(member=member, ignored=ignored)
    now = now or timezone.now()
    ignore, created = Ignore.objects.get_or_create(
        member=member, ignored=ignored, defaults={"created_at": now}
    )
    if created:
        _settle_notifications(member=member, ignored=ignored, now=now)
    return ignore


def _settle_notifications(*, member: Member, ignored: Member, now) -> None:
    # What `ignored` already notified of (a digest not sent yet, the unread
    # count) would keep calling `member` to them after they said no more.
    # Anonymous comments stay: settling them would say who wrote them.
    Notification.objects.filter(
        recipient=member, comment__author=ignored, comment__pseudonym=""
    ).filter(read_at__isnull=True).update(read_at=now)
    Notification.objects.filter(
        recipient=member, comment__author=ignored, comment__pseudonym=""
    ).email_due().update(email_due=False)


def unignore_member(*, member: Member, ignored: Member) -> bool:
    """ "Stop ignoring": whether `member` was ignoring `ignored` (False: it
    was done already). Allowed whatever became of `ignored`, so a list is
    never stuck with someone in it."""
    if not member.is_authenticated or not member.is_active:
        raise PermissionDenied(_("Sign in to ignore a member."))
    deleted, _rows = Ignore.objects.filter(member=member, ignored=ignored).delete()
    return bool(deleted)


def is_ignoring(member, ignored: Member) -> bool:
    return (
        member.is_authenticated
        and Ignore.objects.filter(member=member, ignored=ignored).exists()
    )


def ignored_by(member: Member) -> QuerySet[Ignore]:
    """Whom `member` ignores, by name (`ignored` loaded)."""
    return (
        Ignore.objects.filter(member=member)
        .select_related("ignored")
        .order_by(Lower("ignored__display_name"), "pk")
    )


def unless_ignoring(members: QuerySet[Member], comment) -> QuerySet[Member]:
    """`members` less those who ignore `comment`'s author, in the same
    query: whom the comment may notify. All of them for a comment posted
    anonymously (leaving someone out would say who wrote it) and for a
    guest's or a former member's (nobody to ignore)."""
    if comment.author_id is None or comment.pseudonym:
        return members
    return members.exclude(
        Exists(
            Ignore.objects.filter(member=OuterRef("pk"), ignored_id=comment.author_id)
        )
    )


def collapses(comment) -> bool:
    """Whether `comment` shows collapsed to the viewer its page was read
    for: written under its author's own name by a member the viewer ignores
    (`author_ignored`, annotated by the page query). A comment posted
    anonymously never is: collapsing it would name its author."""
    return (
        bool(getattr(comment, "author_ignored", False))
        and comment.author_id is not None
        and not comment.pseudonym
    )
