"""Notification email: a message per notification for members who want
mail at once (`email_notifications`, queued by the fan-out in
forum.services.notifications), and what the daily digest
(forum.services.notification_digest) shares with it: claiming, content,
sending.

Never twice. A notification is mailed at most once, by whichever sender
claims it first. A claim sets `emailed_at` on rows still due (`email_due`,
`emailed_at` empty), read with `SELECT … FOR UPDATE SKIP LOCKED` in a
short transaction that commits before anything is sent. The same task run
twice (a duplicate enqueue, a retry), two digests at once, or a digest
racing the immediate task may all see a row; one locks and claims it, and
the others skip it. Messages are built inside that transaction, so one
that cannot be built leaves its rows unclaimed (the next digest takes
them) instead of claimed and lost. The price of claiming before sending:
a worker killed between the commit and the send loses those messages
rather than ever sending one twice; mail the server refuses is handed to
forum.tasks, whose retries apply.

Not mailed:
- rows about a comment readers cannot see now (`visible()`): left waiting,
  they come back if a moderator restores the comment;
- rows of a member who is deactivated, suspended or has email off, and
  rows already read in the inbox: claimed as skipped, never mailed later;
- by the immediate task, rows of a member whose preference is now the
  daily digest: left for the digest (which also takes what is still
  waiting for a member who has switched from the digest to "immediately").

Speed: a fan-out to 5,000 followers queues tasks of CAIRN_EMAIL_BATCH
ids, and each costs a handful of queries whatever its size (the rows with
their recipients; the comments with their authors, discussions and
hosts), renders with templates loaded once and sends every message
through one connection of MAILERS["default"]. If that connection fails,
each message not sent yet is queued alone with forum.tasks.queue_message.

Content: both parts name the discussion (its host's title), quote the
comment briefly as plain text (the sanitised `body_html` without its
tags, autoescaped again in the HTML part: never the comment's own HTML),
name its author with `forum.bylines.byline` only, and link to the comment,
the notification settings and the one-click unsubscribe (RFC 8058
headers; forum.services.notification_settings). The only address in a
message is the recipient's, in To.
"""

import contextlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.tasks import task
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from forum.bylines import byline
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion, EmailFrequency, Member, Notification
from forum.services.notification_settings import unsubscribe_path
from forum.tasks import TRANSIENT_ERRORS, Message, queue_message
from forum.text import excerpt

logger = logging.getLogger(__name__)

Reason = Notification.Reason
SUBJECT_PREFIX = "[Cairn] "
# Characters of a comment an email quotes.
QUOTE_LENGTH = 300
# What a sender reads of a recipient.
MEMBER_FIELDS = (
    "email",
    "is_active",
    "suspended_until",
    "email_notifications",
    "unsubscribe_generation",
)
_SPACE = re.compile(r"\s+")
# Ids one UPDATE claims, far below any database's parameter limit.
_CLAIM_CHUNK = 1000


@task
def email_notifications(*, notification_ids: list[int]) -> dict:
    """Email each of `notification_ids` to its recipient, one message each,
    unless another sender claimed it first (see the module docstring).
    Returns how many were sent, queued for a retry, skipped, and left for
    the digest."""
    now = timezone.now()
    mail = Mail("notification")
    with transaction.atomic():
        rows = list(
            Notification.objects.filter(pk__in=notification_ids)
            .email_due()
            .visible()
            .select_related("recipient")
            .only(
                "reason",
                "read_at",
                "comment",
                "discussion",
                "recipient",
                *(f"recipient__{name}" for name in MEMBER_FIELDS),
            )
            .select_for_update(skip_locked=True, of=("self",))
        )
        wanted = [
            row for row in rows if row.read_at is None and gets_mail(row.recipient, now)
        ]
        to_send = [
            row
            for row in wanted
            if row.recipient.email_notifications == EmailFrequency.IMMEDIATELY
        ]
        # Still wanted, but once a day now: left unclaimed for the digest.
        for_digest = {row.pk for row in wanted} - {row.pk for row in to_send}
        done = [row.pk for row in rows if row.pk not in for_digest]
        claim(done, now)
        comments = Comments({row.comment_id for row in to_send})
        messages = [
            mail.message(member=row.recipient, **_single(row, comments))
            for row in to_send
            if row.comment_id in comments
        ]
    sent, queued = send(messages)
    result = {
        "sent": sent,
        "queued": queued,
        "skipped": len(done) - len(messages),
        "left": len(for_digest),
    }
    logger.info("Notification mail: %s", result)
    return result


# --- claiming ----------------------------------------------------------------


def gets_mail(member: Member, now) -> bool:
    """Whether `member` gets notification email at all now."""
    return (
        member.is_active
        and not member.is_suspended(now)
        and member.email_notifications != EmailFrequency.OFF
    )


def claim(ids: list[int], now) -> None:
    """Mark `ids` as mailed. The caller holds their row locks."""
    for start in range(0, len(ids), _CLAIM_CHUNK):
        Notification.objects.filter(
            pk__in=ids[start : start + _CLAIM_CHUNK], emailed_at__isnull=True
        ).update(emailed_at=now)


# --- what a message says -------------------------------------------------------


def absolute(path: str) -> str:
    return settings.CAIRN_SITE_URL + path


def mail_headers(unsubscribe: str | None = None) -> dict[str, str]:
    """The headers of every mail Cairn sends on its own: no out-of-office
    replies (RFC 3834), and with `unsubscribe` (an absolute URL) one-click
    unsubscribe (RFC 8058: a mail provider's "Unsubscribe" button posts
    "List-Unsubscribe=One-Click" to it, with no cookie)."""
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe is not None:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def title_of(discussion: Discussion) -> str:
    """The discussion's page title on one line, as mail names it."""
    host = discussion.host
    return _one_line(str(host)) if host is not None else _("a discussion")


@dataclass(frozen=True, slots=True)
class Said:
    """One comment as an email shows it."""

    who: str  # the byline, with the role the host grants
    quote: str
    url: str
    title: str  # of its discussion
    discussion_url: str


class Comments:
    """The comments a batch quotes, each made into a `Said` once: one query
    for the comments with their authors and discussions, one per kind of
    host page (titles and role badges)."""

    def __init__(self, ids: set[int]):
        self.rows = (
            Comment.objects.visible()
            .select_related("author", "guest", "discussion")
            .only(
                "status",
                "body_html",
                "pseudonym",
                "author",
                "author__display_name",
                "guest",
                "guest__name",
                "discussion",
                "discussion__host_type",
                "discussion__host_id",
            )
            .with_author_moderates()
            .prefetch_related("discussion__host")
            .in_bulk(ids)
            if ids
            else {}
        )
        self._said: dict[int, Said] = {}
        self._badges: dict[int, dict] = {}

    def __contains__(self, pk: int) -> bool:
        return pk in self.rows

    def said(self, pk: int) -> Said:
        if pk not in self._said:
            comment = self.rows[pk]
            discussion = comment.discussion
            if discussion.pk not in self._badges:
                badges = getattr(discussion.host, "discussion_badges", dict)
                self._badges[discussion.pk] = badges()
            line = byline(comment, self._badges[discussion.pk])
            who = str(line.name)
            if line.badge:
                who = _("%(name)s (%(badge)s)") % {"name": who, "badge": line.badge}
            self._said[pk] = Said(
                who=who,
                quote=excerpt(comment.body_html, QUOTE_LENGTH),
                url=absolute(comment.get_absolute_url()),
                title=title_of(discussion),
                discussion_url=absolute(discussion.get_absolute_url()),
            )
        return self._said[pk]


def intro(reason: str, said: Said) -> str:
    """Who said it, and to whom: "Ann replied to you"."""
    if reason == Reason.ANSWER:
        return _("%(name)s answered your question") % {"name": said.who}
    if reason == Reason.REPLY:
        return _("%(name)s replied to you") % {"name": said.who}
    if reason == Reason.MENTION:
        return _("%(name)s mentioned you") % {"name": said.who}
    return _("%(name)s wrote") % {"name": said.who}


def _headline(reason: str, said: Said) -> str:
    names = {"name": said.who, "title": said.title}
    if reason == Reason.ANSWER:
        return _("%(name)s answered your question in “%(title)s”") % names
    if reason == Reason.REPLY:
        return _("%(name)s replied to you in “%(title)s”") % names
    if reason == Reason.MENTION:
        return _("%(name)s mentioned you in “%(title)s”") % names
    return _("New comment in “%(title)s”") % names


def _single(row: Notification, comments: Comments) -> dict:
    said = comments.said(row.comment_id)
    headline = _headline(row.reason, said)
    return {
        "subject": headline,
        "context": {
            "headline": headline,
            "intro": intro(row.reason, said),
            "said": said,
            "follows": row.reason == Reason.FOLLOWED,
        },
        "key": (row.comment_id, row.reason),
    }


# Stands for the unsubscribe link in parts rendered once for many members.
_LINK_SLOT = "cairn-unsubscribe-link-slot"


class Mail:
    """The templates of one kind of message (`notification`, `digest`),
    loaded once per batch, and what all its messages share.

    Messages given the same `key` are rendered once: a fan-out's batch is
    one comment told to many members, and the unsubscribe link is all that
    differs between their messages: it is filled into the rendered parts
    (escaped in the HTML part, as the template would have)."""

    def __init__(self, kind: str):
        self.text = get_template(f"forum/notifications/email/{kind}.txt")
        self.html = get_template(f"forum/notifications/email/{kind}.html")
        self._rendered: dict[object, tuple[str, str]] = {}
        disclaimer = current_disclaimer()
        self.shared = {
            "site_url": settings.CAIRN_SITE_URL,
            "settings_url": absolute(reverse("forum:notification_settings")),
            "inbox_url": absolute(reverse("forum:notifications")),
            # Readers' health talk leaves the site here: the disclaimer too.
            "disclaimer": disclaimer.summary if disclaimer is not None else "",
        }

    def _render(self, subject: str, context: dict, key) -> tuple[str, str]:
        if key is None or key not in self._rendered:
            context = {
                **self.shared,
                **context,
                "subject": subject,
                "unsubscribe_url": _LINK_SLOT,
            }
            parts = (self.text.render(context), self.html.render(context))
            if key is None:
                return parts
            self._rendered[key] = parts
        return self._rendered[key]

    def message(
        self, *, member: Member, subject: str, context: dict, key=None
    ) -> Message:
        unsubscribe = absolute(unsubscribe_path(member))
        text, html_part = self._render(subject, context, key)
        text = text.replace(_LINK_SLOT, unsubscribe)
        html_part = html_part.replace(_LINK_SLOT, escape(unsubscribe))
        message = Message(
            subject=_one_line(SUBJECT_PREFIX + subject),
            body=text,
            to=[member.email],
            headers=mail_headers(unsubscribe),
        )
        message.attach_alternative(html_part, "text/html")
        return message


# --- sending -------------------------------------------------------------------


def send(messages: list[EmailMultiAlternatives]) -> tuple[int, int]:
    """Send `messages` through one connection of the default mailer;
    returns (sent, queued). From the first failure on (the server gone, a
    time-out, a refusal), every message not sent yet is queued alone
    through forum.tasks, whose retries apply: a server that times out is
    not waited for a hundred times in one task."""
    if not messages:
        return 0, 0
    mailer = mailers.default
    sent = 0
    try:
        mailer.open()
        for message in messages:
            mailer.send_messages([message])
            sent += 1
    except TRANSIENT_ERRORS as error:
        logger.warning(
            "Notification mail: sending failed after %d of %d (%s); "
            "queueing the rest one by one",
            sent,
            len(messages),
            type(error).__name__,
        )
        for message in messages[sent:]:
            queue_message(message)
    finally:
        with contextlib.suppress(*TRANSIENT_ERRORS):
            mailer.close()
    return sent, len(messages) - sent
