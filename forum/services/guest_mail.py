"""Mail to guests (forum.services.guests): the confirmation link, and the
replies to a guest's comment when they asked for them, with a one-click way
out.

Both go through forum.tasks.queue_message, like every mail Cairn sends,
with a plain text and an HTML part. The only address in a message is the
guest's own, in To. A reply email names the replier with forum.bylines
only, quotes the reply as plain text and links to it.

Unsubscribe links (RFC 8058 one-click, as forum.services.
notification_settings does for members): the token is the Guest row's id,
signed with a salt of its own and no expiry (a reply may come months
later). It can only turn `follows_replies` off, for that one comment;
holding it shows nothing about the guest.

Each reply email also carries the link that deletes the guest's comment
(`deletion_token`, read by forum.services.guests): the same kind of
token with a salt of its own, opened in a browser (a page with a button),
never acted on by a GET.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from forum.bylines import byline
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Guest
from forum.services.notification_email import (
    SUBJECT_PREFIX,
    absolute,
    mail_headers,
    title_of,
)
from forum.services.notification_settings import Unsubscribe
from forum.tasks import Message, queue_message
from forum.text import excerpt

UNSUBSCRIBE_SALT = "forum.guest-unsubscribe"
DELETE_SALT = "forum.guest-delete"
_signer = signing.Signer(salt=UNSUBSCRIBE_SALT)
_delete_signer = signing.Signer(salt=DELETE_SALT)
QUOTE_LENGTH = 300


def _disclaimer() -> str:
    disclaimer = current_disclaimer()
    return disclaimer.summary if disclaimer is not None else ""


def _message(
    guest: Guest, *, subject: str, template: str, context: dict, unsubscribe=None
) -> Message:
    context = {
        **context,
        "subject": subject,
        "headline": subject,
        "name": guest.name,
        "disclaimer": _disclaimer(),
        "site_url": settings.CAIRN_SITE_URL,
    }
    message = Message(
        subject=SUBJECT_PREFIX + subject,
        body=render_to_string(f"forum/guests/email/{template}.txt", context),
        to=[guest.email],
        headers=mail_headers(unsubscribe),
    )
    message.attach_alternative(
        render_to_string(f"forum/guests/email/{template}.html", context), "text/html"
    )
    return message


def send_confirmation(guest: Guest, *, token: str) -> None:
    """Queue the mail with the link that confirms `guest`'s comment."""
    hours = settings.CAIRN_GUEST_LINK_LIFETIME // 3600
    url = absolute(reverse("forum:guest_comment_confirm", kwargs={"token": token}))
    queue_message(
        _message(
            guest,
            subject=_("Please confirm your comment"),
            template="confirm",
            context={
                "confirm_url": url,
                "hours": hours,
                "title": title_of(guest.discussion),
            },
        )
    )


# --- replies -------------------------------------------------------------------


def unsubscribe_token(guest: Guest) -> str:
    return _signer.sign_object(guest.pk)


def deletion_token(guest: Guest) -> str:
    """The guest's key to deleting their comment; it never expires (the
    comment may be taken back years later)."""
    return _delete_signer.sign_object(guest.pk)


def deletion_url(guest: Guest) -> str:
    return absolute(
        reverse("forum:guest_delete", kwargs={"token": deletion_token(guest)})
    )


def tell_guest_of_reply(reply: Comment) -> bool:
    """Email the guest whose comment `reply` (now published) answers, if
    they asked for replies. Whether a message was queued."""
    parent = reply.parent
    if (
        parent is None
        or parent.guest_id is None
        or parent.status != Comment.Status.PUBLISHED
    ):
        return False
    guest = (
        Guest.objects.select_related("discussion")
        .filter(pk=parent.guest_id, follows_replies=True)
        .first()
    )
    if guest is None:
        return False
    if reply.guest_id is not None and reply.guest.email == guest.email:
        return False  # the guest answering themself
    badges = getattr(guest.discussion.host, "discussion_badges", dict)()
    line = byline(Comment.objects.for_thread_page().get(pk=reply.pk), badges)
    who = str(line.name)
    if line.badge:
        who = _("%(name)s (%(badge)s)") % {"name": who, "badge": line.badge}
    unsubscribe = absolute(
        reverse("forum:guest_unsubscribe", kwargs={"token": unsubscribe_token(guest)})
    )
    subject = _("%(name)s replied to your comment in “%(title)s”") % {
        "name": who,
        "title": title_of(guest.discussion),
    }
    queue_message(
        _message(
            guest,
            subject=subject,
            template="reply",
            context={
                "who": who,
                "quote": excerpt(reply.body_html, QUOTE_LENGTH),
                "reply_url": absolute(reply.get_absolute_url()),
                "unsubscribe_url": unsubscribe,
                "delete_url": deletion_url(guest),
            },
            unsubscribe=unsubscribe,
        )
    )
    return True


def _guest_for(token: str, signer: signing.Signer = _signer) -> Guest | None | bool:
    """The Guest a genuine token names (None if gone); False if not genuine."""
    try:
        pk = signer.unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return False
    if type(pk) is not int:
        return False
    return Guest.objects.filter(pk=pk).first()


def check_unsubscribe(*, token: str) -> Unsubscribe:
    """What the link would do, changing nothing (mail scanners open links)."""
    guest = _guest_for(token)
    if guest is False:
        return Unsubscribe.INVALID
    return Unsubscribe.READY if guest and guest.follows_replies else Unsubscribe.USED


def guest_to_delete(token: str) -> Guest | None | bool:
    """The Guest a genuine deletion token names (None if gone); False if
    the token is not genuine."""
    return _guest_for(token, _delete_signer)


@transaction.atomic
def unsubscribe(*, token: str) -> Unsubscribe:
    """Stop the reply emails of the guest comment the token names."""
    guest = _guest_for(token)
    if guest is False:
        return Unsubscribe.INVALID
    if guest is None:
        return Unsubscribe.USED
    changed = Guest.objects.filter(pk=guest.pk, follows_replies=True).update(
        follows_replies=False
    )
    return Unsubscribe.DONE if changed else Unsubscribe.USED
