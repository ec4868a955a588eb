"""What a member wants to hear about and how, and the one-click way out of
notification email.

Preferences are four fields on `Member` (how often to email, whether
commenting follows a discussion, whether replies and mentions notify),
changed by `update_notification_settings` from the settings page and by
`unsubscribe` from a link in an email.

Unsubscribe links (RFC 8058 one-click): the token is the member's id and
their `unsubscribe_generation`, signed with Django's signing key and a salt
of its own, so it cannot be made for someone else or changed into another
member's. It carries no expiry on purpose: a link in an email read months
later must still work, as RFC 8058 expects, and a mail provider's
"Unsubscribe" button may post it at any time. What spends a link is using
it: unsubscribing bumps the generation, so that link and every older one
stop working, and a reused link is answered politely instead of acting
again. Holding a token is not being signed in: the pages it opens show
nothing about the member (no name, no address).

Turning email off, by either path, also drops the mail still waiting for
the member (notifications marked `email_due` and not yet sent): "off" means
no more email from that moment, and turning it on again later does not
release a backlog.
"""

import enum

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from forum.models import EmailFrequency, Member, Notification

UNSUBSCRIBE_SALT = "forum.unsubscribe"
_signer = signing.Signer(salt=UNSUBSCRIBE_SALT)

# What the settings page may change: nothing else about the member.
SETTINGS_FIELDS = (
    "email_notifications",
    "follow_on_comment",
    "notify_on_reply",
    "notify_on_mention",
)


class Unsubscribe(enum.StrEnum):
    """What an unsubscribe link is, or what using it did."""

    READY = "ready"  # valid and unused: the page offers the button
    DONE = "done"  # just used: email is off
    USED = "used"  # spent, and email is still off
    OUT_OF_DATE = "out_of_date"  # spent, and email was turned on since
    INVALID = "invalid"  # tampered with, cut short, or not a token at all


def unsubscribe_token(member: Member) -> str:
    return _signer.sign_object([member.pk, member.unsubscribe_generation])


def unsubscribe_path(member: Member) -> str:
    return reverse("forum:unsubscribe", kwargs={"token": unsubscribe_token(member)})


def _read_token(token: str) -> tuple[int, int] | None:
    """(member id, generation) from a genuine token; None otherwise."""
    try:
        value = _signer.unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        # ValueError: text that cannot be encoded or decoded on the way.
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(type(part) is int for part in value)
    ):
        return None
    return value[0], value[1]


def _state(member: Member | None, generation: int) -> Unsubscribe:
    if member is not None and member.unsubscribe_generation == generation:
        return Unsubscribe.READY
    if member is None or member.email_notifications == EmailFrequency.OFF:
        # A member who is gone gets no email either: the same answer, so the
        # page tells a token holder nothing about the account.
        return Unsubscribe.USED
    return Unsubscribe.OUT_OF_DATE


def check_unsubscribe(*, token: str) -> Unsubscribe:
    """What the link `token` would do, changing nothing (for the GET page:
    mail scanners open links, so looking must never unsubscribe)."""
    read = _read_token(token)
    if read is None:
        return Unsubscribe.INVALID
    member_id, generation = read
    member = (
        Member.objects.filter(pk=member_id)
        .only("pk", "unsubscribe_generation", "email_notifications")
        .first()
    )
    return _state(member, generation)


@transaction.atomic
def unsubscribe(*, token: str) -> Unsubscribe:
    """Turn notification email off for the member `token` was made for, and
    spend the link (and every older one) by bumping their generation.

    Returns DONE, or why nothing changed: INVALID, USED, OUT_OF_DATE. The
    member's row is locked while it is read and written, so two posts of one
    link at once (a mail provider's and the member's click) act once."""
    read = _read_token(token)
    if read is None:
        return Unsubscribe.INVALID
    member_id, generation = read
    member = Member.objects.select_for_update().filter(pk=member_id).first()
    state = _state(member, generation)
    if state != Unsubscribe.READY:
        return state
    Member.objects.filter(pk=member.pk).update(
        email_notifications=EmailFrequency.OFF,
        unsubscribe_generation=F("unsubscribe_generation") + 1,
    )
    _drop_waiting_mail(member)
    return Unsubscribe.DONE


@transaction.atomic
def update_notification_settings(
    *,
    member: Member,
    email_notifications: str,
    follow_on_comment: bool,
    notify_on_reply: bool,
    notify_on_mention: bool,
) -> Member:
    """Save the member's notification preferences.

    Only these four fields are validated (`clean_fields`), not the whole
    member: a display name that no longer passes today's rules must not
    stop someone from turning email off. Turning email off drops the mail
    still waiting for them."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.email_notifications = email_notifications
    member.follow_on_comment = follow_on_comment
    member.notify_on_reply = notify_on_reply
    member.notify_on_mention = notify_on_mention
    others = [
        field.name
        for field in Member._meta.concrete_fields
        if field.name not in SETTINGS_FIELDS
    ]
    member.clean_fields(exclude=others)
    member.save(update_fields=list(SETTINGS_FIELDS))
    if email_notifications == EmailFrequency.OFF:
        _drop_waiting_mail(member)
    return member


def _drop_waiting_mail(member: Member) -> int:
    return (
        Notification.objects.filter(recipient=member)
        .email_due()
        .update(email_due=False)
    )
