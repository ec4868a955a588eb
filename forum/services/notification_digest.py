"""The daily digest: one email per member with everything waiting for
them since their last one, grouped per discussion.

`manage.py send_digests` queues `send_digests` once a day (cron or a
systemd timer; see the README); the task worker runs it in batches of
CAIRN_EMAIL_BATCH members in id order, each batch a task of its own, so
5,000 members are never loaded at once and one failing batch does not
stop the rest.

Whom it mails: every member with notifications still due (`email_due`,
not yet mailed) about comments readers can see now, whose preference is
not "off": the daily digest's members, and a member who has switched from
the digest to "immediately" still gets what was waiting. Rows are claimed
exactly as the immediate task claims them (forum.services.notification_email),
so running the digest twice, or twice at once, mails nothing twice, and
rows already read in the inbox are claimed as skipped: a digest is news.

What it says: per discussion, how many new comments, with the replies to
the member and the mentions of them quoted first, then the newest, at most
DIGEST_QUOTES in all; discussions where someone spoke to the member come
first, then the most recently active.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.models import Member, Notification
from forum.services.notification_email import (
    MEMBER_FIELDS,
    Comments,
    Mail,
    Said,
    claim,
    gets_mail,
    intro,
    send,
)

logger = logging.getLogger(__name__)

Reason = Notification.Reason
# Comments a digest quotes per discussion; the others are counted.
DIGEST_QUOTES = 3
# Words addressed to the member first.
_RANK = {Reason.ANSWER: 0, Reason.REPLY: 0, Reason.MENTION: 1, Reason.FOLLOWED: 2}


@task
def send_digests(*, after_member: int = 0) -> dict:
    """One batch of the daily digest: the next CAIRN_EMAIL_BATCH members
    with mail waiting, by id after `after_member`. Queues the next batch
    before working on this one."""
    size = settings.CAIRN_EMAIL_BATCH
    batch = list(
        Notification.objects.email_due()
        .visible()
        .filter(recipient_id__gt=after_member)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:size]
    )
    if len(batch) == size:
        send_digests.enqueue(after_member=batch[-1])
    result = _digest_batch(batch, timezone.now()) if batch else {"members": 0}
    logger.info("Notification digests after member %d: %s", after_member, result)
    return result


def _digest_batch(member_ids: list[int], now: datetime) -> dict:
    mail = Mail("digest")
    with transaction.atomic():
        rows = list(
            Notification.objects.filter(recipient_id__in=member_ids)
            .email_due()
            .visible()
            .select_for_update(skip_locked=True, of=("self",))
            .values_list(
                "pk",
                "recipient_id",
                "discussion_id",
                "comment_id",
                "reason",
                "read_at",
                "created_at",
                named=True,
            )
        )
        members = Member.objects.only(*MEMBER_FIELDS).in_bulk(member_ids)
        news: dict[int, list] = defaultdict(list)
        for row in rows:
            if row.read_at is None and gets_mail(members[row.recipient_id], now):
                news[row.recipient_id].append(row)
        claim([row.pk for row in rows], now)
        chosen = {pk: _chosen(items) for pk, items in news.items()}
        comments = Comments({row.comment_id for c in chosen.values() for row in c})
        messages, recipients = [], []
        for pk, items in news.items():
            sections = _sections(chosen[pk], items, comments)
            if sections:
                messages.append(mail.message(member=members[pk], **_digest(sections)))
                recipients.append(pk)
        Member.objects.filter(pk__in=recipients).update(digest_sent_at=now)
    sent, queued = send(messages)
    return {
        "members": len(member_ids),
        "sent": sent,
        "queued": queued,
        "skipped": len(rows) - sum(len(items) for items in news.values()),
    }


@dataclass
class Section:
    """A digest's news of one discussion."""

    title: str
    url: str
    count: int  # the member's notifications about it
    latest: datetime
    shown: list[tuple[str, Said]] = field(default_factory=list)  # (intro, said)
    rank: int = _RANK[Reason.FOLLOWED]

    @property
    def more(self) -> int:
        return self.count - len(self.shown)


def _chosen(items: list) -> list:
    """The rows a digest quotes: per discussion, replies and mentions
    first, then the newest, DIGEST_QUOTES at most."""
    per_discussion: dict[int, list] = defaultdict(list)
    for row in items:
        per_discussion[row.discussion_id].append(row)
    chosen = []
    for rows in per_discussion.values():
        rows.sort(key=lambda r: (_RANK[r.reason], -r.created_at.timestamp(), -r.pk))
        chosen += rows[:DIGEST_QUOTES]
    return chosen


def _sections(chosen: list, items: list, comments: Comments) -> list[Section]:
    counts: dict[int, int] = defaultdict(int)
    latest: dict[int, datetime] = {}
    for row in items:
        counts[row.discussion_id] += 1
        latest[row.discussion_id] = max(
            latest.get(row.discussion_id, row.created_at), row.created_at
        )
    sections: dict[int, Section] = {}
    for row in chosen:
        if row.comment_id not in comments:
            continue  # it left the thread after the claim
        said = comments.said(row.comment_id)
        section = sections.setdefault(
            row.discussion_id,
            Section(
                title=said.title,
                url=said.discussion_url,
                count=counts[row.discussion_id],
                latest=latest[row.discussion_id],
            ),
        )
        section.shown.append((intro(row.reason, said), said))
        section.rank = min(section.rank, _RANK[row.reason])
    return sorted(
        sections.values(),
        key=lambda s: (s.rank == _RANK[Reason.FOLLOWED], -s.latest.timestamp()),
    )


def _digest(sections: list[Section]) -> dict:
    count = sum(section.count for section in sections)
    comments = ngettext("%(count)d new comment", "%(count)d new comments", count) % {
        "count": count
    }
    places = ngettext(
        "%(count)d discussion", "%(count)d discussions", len(sections)
    ) % {"count": len(sections)}
    headline = _("Your daily digest: %(comments)s in %(places)s") % {
        "comments": comments,
        "places": places,
    }
    return {
        "subject": headline,
        "context": {"headline": headline, "sections": sections},
    }
