"""What becomes of a guest's comment once it is confirmed (the flow up to
then: forum.services.guests): the guest taking it back with its lasting
signed link (`delete_by_token`, through the members' own deletion), a
member attaching the comments they wrote as a guest (`attach_guest_comments`,
with a verified address only), and purging what Cairn no longer needs to
know (`purge_expired`, run daily by `manage.py purge_guests`).
"""

import enum
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Comment, Guest, Member
from forum.services import guest_mail
from forum.services.comments import CommentGone, delete_locked, lock_to_delete
from forum.services.standing import has_verified_email

# --- after confirming ----------------------------------------------------------


def purge_expired(*, now=None) -> int:
    """Delete unconfirmed guest comments whose link expired more than
    CAIRN_GUEST_KEEP_EXPIRED_DAYS ago (text, name and address with them),
    and what Cairn knows of a guest whose comment is gone (deleted, or
    attached to the account they made since). Returns how many rows."""
    now = now or timezone.now()
    cutoff = now - timedelta(
        seconds=settings.CAIRN_GUEST_LINK_LIFETIME,
        days=settings.CAIRN_GUEST_KEEP_EXPIRED_DAYS,
    )
    expired, _by_model = (
        Guest.objects.unconfirmed().filter(created_at__lt=cutoff).delete()
    )
    orphaned, _by_model = (
        Guest.objects.confirmed().filter(comment__isnull=True).delete()
    )
    return expired + orphaned


# --- taking it back -----------------------------------------------------------


class Deletion(enum.StrEnum):
    READY = "ready"  # the page shows the text and the button
    DONE = "done"  # just deleted
    GONE = "gone"  # deleted before, or attached to the guest's account since
    INVALID = "invalid"  # tampered with, cut short, or not a link of ours


@dataclass(frozen=True, slots=True)
class DeletionOutcome:
    state: Deletion
    guest: Guest | None = None
    comment: Comment | None = None


def check_deletion(*, token: str) -> DeletionOutcome:
    """What the deletion link would do, changing nothing (mail scanners
    open links): READY with the comment, whatever its status."""
    guest = guest_mail.guest_to_delete(token)
    if guest is False:
        return DeletionOutcome(Deletion.INVALID)
    comment = (
        Comment.objects.filter(guest=guest)
        .exclude(status=Comment.Status.DELETED)
        .select_related("discussion")
        .first()
        if guest is not None
        else None
    )
    if comment is None:
        return DeletionOutcome(Deletion.GONE, guest)
    return DeletionOutcome(Deletion.READY, guest, comment)


def delete_by_token(*, token: str) -> DeletionOutcome:
    """Delete the comment of the guest the deletion link names (the POST)."""
    guest = guest_mail.guest_to_delete(token)
    if guest is False:
        return DeletionOutcome(Deletion.INVALID)
    if guest is None:
        return DeletionOutcome(Deletion.GONE)
    try:
        comment = delete_guest_comment(guest=guest)
    except CommentGone:
        return DeletionOutcome(Deletion.GONE, guest)
    return DeletionOutcome(Deletion.DONE, guest, comment)


@transaction.atomic
def delete_guest_comment(*, guest: Guest) -> Comment:
    """Delete `guest`'s comment as a member deletes theirs (the same
    forum.services.comments.delete_locked, so a comment held, published,
    hidden or removed alike): people must always be able to take back what
    they shared about their health. The signed link is the authorisation.

    What Cairn knows of the guest goes with the words: the row itself when
    `purge_expired` finds the comment gone; if the comment stays as a
    "[deleted]" placeholder (it had replies, or a moderator acted on it), the
    row keeps only the name, which placeholders never show: no address, no
    IP hash, no reply emails. CommentGone if it was deleted already, or is
    a member's since they attached it (theirs to delete, signed in)."""
    comment = lock_to_delete(Comment.objects.filter(guest=guest))
    delete_locked(comment)
    if comment.status == Comment.Status.DELETED:
        guest.email = ""
        guest.ip_hash = ""
        guest.follows_replies = False
        # No full_clean: a blank address is this row's point, not a mistake.
        guest.save(update_fields=["email", "ip_hash", "follows_replies"])
    return comment


def attachable(member) -> list[Guest]:
    """Confirmed guest comments sent from one of `member`'s verified
    addresses, not attached yet, whose comment still exists (oldest first)."""
    if not member.is_authenticated:
        return []
    from allauth.account.models import EmailAddress

    emails = EmailAddress.objects.filter(user=member, verified=True).values("email")
    return list(
        Guest.objects.confirmed()
        .filter(attached_to__isnull=True, comment__isnull=False)
        .filter(email__in=[e["email"].lower() for e in emails])
        .select_related("comment", "discussion")
        .order_by("created_at")
    )


@transaction.atomic
def attach_guest_comments(*, member: Member) -> int:
    """Make the member the author of the guest comments `attachable` offers:
    they then show under the member's display name, like any of theirs.
    Only with a verified address of the member's own (PermissionDenied for
    a member with none). Returns how many."""
    if not has_verified_email(member):
        raise PermissionDenied(
            _("Please confirm your email address first: check your inbox.")
        )
    ids = [guest.pk for guest in attachable(member)]
    guests = Guest.objects.select_for_update().filter(
        pk__in=ids, attached_to__isnull=True
    )
    attached = 0
    for guest in guests:
        attached += Comment.objects.filter(guest=guest).update(
            author=member, guest=None
        )
        guest.attached_to = member
        # Replies now reach them as a member (notifications), not as a guest.
        guest.follows_replies = False
        guest.save(update_fields=["attached_to", "follows_replies"])
    return attached
