"""Download my data: everything Cairn holds about a member, as one JSON
document they can keep (`build_export`, format "cairn-export/1").

What it holds: the profile (display name, email addresses with whether
each is verified and primary, bio, join date, trust, suspension,
notification and reading-comfort preferences), the MS journey (every part
with who may see it; treatments by name), every comment of theirs in any
state with its Markdown source (and the pseudonym it was shown under if
posted without their name), the reports they made, what they follow, their
notifications, the disclaimer versions they accepted and when, the members
they ignore (display names), the guest comments attached to their account,
what moderators decided about them and their comments, and their signed-in
sessions.

What it never holds: another member's email address or anything private of
theirs. Reports name the comment, never its author; notifications name the
comment and the page, never who wrote it; moderation decisions say what
and why, never which moderator, and a moderator's "see who wrote it" (a
safeguard of the log, not a decision about the member) is left out. A
session's address is shown as on the sessions page (forum.sessions).

Cost: a constant number of queries whatever the member wrote (the pages
named once, in one query with their hosts; the large sets read with
`.iterator()`). A member with at most CAIRN_EXPORT_INLINE_LIMIT comments
and notifications downloads at once (forum.views.exports); a larger
export is built by the task worker (`build_data_export`) into a
`DataExport`, and the member is mailed a link that only they, signed in,
can open. One is built at a time per member; copies are deleted
CAIRN_EXPORT_KEEP_DAYS after they are made (`purge_exports`).
"""

import json
import logging
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.bylines import anonymous_name
from forum.models import (
    Acceptance,
    Comment,
    DataExport,
    Discussion,
    Flag,
    Guest,
    Ignore,
    Journey,
    Member,
    ModerationAction,
    Notification,
    Subscription,
)
from forum.services.notification_email import (
    SUBJECT_PREFIX,
    absolute,
    mail_headers,
    title_of,
)
from forum.sessions import device_name, partial_ip
from forum.tasks import Message, queue_message

logger = logging.getLogger(__name__)

FORMAT = "cairn-export/1"
# A copy asked for longer ago than this and still not built is taken as
# lost (a worker that failed on it): asking again builds a new one.
BUILDING_AT_MOST = timedelta(hours=12)
# Rows fetched at a time from the large sets.
_CHUNK = 2000


def check_can_export(member) -> None:
    """Any signed-in member may take their data: suspended or unverified
    too (the right is theirs whatever their standing)."""
    if not member.is_authenticated or not member.is_active:
        raise PermissionDenied(_("Please sign in to download your data."))


def export_rows(member: Member) -> int:
    """The rows that make an export large: comments and notifications."""
    return (
        Comment.objects.filter(author=member).count()
        + Notification.objects.filter(recipient=member).count()
    )


def fits_inline(member: Member) -> bool:
    return export_rows(member) <= settings.CAIRN_EXPORT_INLINE_LIMIT


def export_json(document: dict) -> str:
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def file_name(day) -> str:
    return f"cairn-data-{day:%Y-%m-%d}.json"


# --- the document ----------------------------------------------------------------


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _permalink(pk: int) -> str:
    return absolute(reverse("forum:comment_permalink", kwargs={"pk": pk}))


def _places(member: Member) -> dict[int, dict]:
    """{discussion id: {"title", "url"}} for every page the export names:
    one query for the discussions, one per kind of host page."""
    touched = (
        Q(pk__in=Comment.objects.filter(author=member).values("discussion_id"))
        | Q(pk__in=Subscription.objects.filter(member=member).values("discussion_id"))
        | Q(
            pk__in=Notification.objects.filter(recipient=member).values("discussion_id")
        )
        | Q(pk__in=Guest.objects.filter(attached_to=member).values("discussion_id"))
    )
    discussions = (
        Discussion.objects.filter(touched)
        .only("id", "host_type", "host_id")
        .prefetch_related("host")
    )
    return {
        discussion.pk: {
            "title": title_of(discussion),
            "url": absolute(discussion.get_absolute_url())
            if discussion.host is not None
            else None,
        }
        for discussion in discussions
    }


def _profile(member: Member) -> dict:
    addresses = EmailAddress.objects.filter(user=member).order_by("-primary", "email")
    return {
        "display_name": member.display_name,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in addresses
        ],
        "bio": member.bio,
        "joined": _when(member.date_joined),
        "trust": member.trust,
        "suspended_until": _when(member.suspended_until),
        "suspension_reason": member.suspension_reason,
        "notification_preferences": {
            "email": member.email_notifications,
            "follow_on_comment": member.follow_on_comment,
            "notify_on_reply": member.notify_on_reply,
            "notify_on_mention": member.notify_on_mention,
        },
        "comfort_preferences": {
            "text_size": member.text_size,
            "theme": member.theme,
        },
    }


def _journey(member: Member) -> dict:
    journey = (
        Journey.objects.filter(member=member)
        .prefetch_related("current_treatments", "past_treatments")
        .first()
    )
    if journey is None:
        # Never filled in: every part empty, seen by the member only.
        journey = Journey(member=member)
        current, past = [], []
    else:
        current = [t.name for t in journey.current_treatments.all()]
        past = [t.name for t in journey.past_treatments.all()]
    return {
        "diagnosed": {
            "year": journey.diagnosed_year,
            "visibility": journey.diagnosed_visibility,
        },
        "ms_type": {
            "type": journey.ms_type or None,
            "name": str(journey.get_ms_type_display()) if journey.ms_type else None,
            "visibility": journey.ms_type_visibility,
        },
        "current_treatments": {
            "treatments": current,
            "other": journey.current_other,
            "visibility": journey.current_visibility,
        },
        "past_treatments": {
            "treatments": past,
            "other": journey.past_other,
            "visibility": journey.past_visibility,
        },
        "updated_at": _when(journey.updated_at) if journey.pk else None,
    }


def _comments(member: Member, places: dict[int, dict]) -> list[dict]:
    rows = (
        Comment.objects.filter(author=member)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "discussion_id",
            "parent_id",
            "body",
            "status",
            "created_at",
            "edited_at",
            "is_question",
            "pseudonym",
        )
        .iterator(chunk_size=_CHUNK)
    )
    return [
        {
            "id": pk,
            "link": _permalink(pk),
            "where": places.get(discussion_id),
            "reply_to": parent_id,
            "body": body,
            "status": status,
            "created_at": _when(created_at),
            "edited_at": _when(edited_at),
            "is_question": is_question,
            "posted_as": str(anonymous_name(pseudonym)) if pseudonym else None,
        }
        for (
            pk,
            discussion_id,
            parent_id,
            body,
            status,
            created_at,
            edited_at,
            is_question,
            pseudonym,
        ) in rows
    ]


def _reports(member: Member) -> list[dict]:
    rows = (
        Flag.objects.filter(reporter=member)
        .order_by("created_at", "pk")
        .values_list("comment_id", "reason", "note", "created_at", "outcome")
    )
    return [
        {
            "comment_id": comment_id,
            "reason": reason,
            "note": note,
            "reported_at": _when(created_at),
            "outcome": outcome or None,
        }
        for comment_id, reason, note, created_at, outcome in rows
    ]


def _follows(member: Member, places: dict[int, dict]) -> list[dict]:
    rows = (
        Subscription.objects.filter(member=member)
        .order_by("created_at", "pk")
        .values_list("discussion_id", "following", "changed_at", "seen_at")
    )
    return [
        {
            "where": places.get(discussion_id),
            # None: never chosen (Cairn's defaults apply).
            "following": following,
            "changed_at": _when(changed_at),
            "last_read_at": _when(seen_at),
        }
        for discussion_id, following, changed_at, seen_at in rows
    ]


def _notifications(member: Member, places: dict[int, dict]) -> list[dict]:
    rows = (
        Notification.objects.filter(recipient=member)
        .order_by("created_at", "pk")
        .values_list(
            "comment_id",
            "discussion_id",
            "reason",
            "created_at",
            "read_at",
            "emailed_at",
        )
        .iterator(chunk_size=_CHUNK)
    )
    return [
        {
            "comment_id": comment_id,
            "link": _permalink(comment_id),
            "where": places.get(discussion_id),
            "reason": reason,
            "created_at": _when(created_at),
            "read_at": _when(read_at),
            "emailed_at": _when(emailed_at),
        }
        for comment_id, discussion_id, reason, created_at, read_at, emailed_at in rows
    ]


def _consents(member: Member) -> list[dict]:
    rows = (
        Acceptance.objects.filter(member=member)
        .order_by("accepted_at", "pk")
        .values_list("disclaimer__version", "accepted_at")
    )
    return [
        {"disclaimer_version": version, "accepted_at": _when(accepted_at)}
        for version, accepted_at in rows
    ]


def _ignoring(member: Member) -> list[dict]:
    rows = (
        Ignore.objects.filter(member=member)
        .order_by("created_at", "pk")
        .values_list("ignored__display_name", "created_at")
    )
    return [{"display_name": name, "since": _when(since)} for name, since in rows]


def _guest_comments(member: Member, places: dict[int, dict]) -> list[dict]:
    rows = (
        Guest.objects.filter(attached_to=member)
        .order_by("created_at", "pk")
        .values_list("name", "email", "discussion_id", "created_at", "confirmed_at")
    )
    return [
        {
            "name": name,
            "email": email,
            "where": places.get(discussion_id),
            "sent_at": _when(sent_at),
            "confirmed_at": _when(confirmed_at),
        }
        for name, email, discussion_id, sent_at, confirmed_at in rows
    ]


def _moderation(member: Member) -> list[dict]:
    rows = (
        ModerationAction.objects.filter(Q(member=member) | Q(comment__author=member))
        .exclude(kind=ModerationAction.Kind.REVEAL)
        .order_by("created_at", "pk")
        .values_list("kind", "comment_id", "reason", "note", "until", "created_at")
    )
    return [
        {
            "kind": kind,
            "comment_id": comment_id,
            "reason": reason or None,
            "note": note,
            "until": _when(until),
            "at": _when(created_at),
        }
        for kind, comment_id, reason, note, until, created_at in rows
    ]


def _sessions(member: Member) -> list[dict]:
    rows = (
        UserSession.objects.filter(user=member)
        .order_by("created_at", "pk")
        .values_list("user_agent", "ip", "created_at", "last_seen_at")
    )
    return [
        {
            "device": device_name(user_agent),
            "network": partial_ip(ip) or None,
            "signed_in_at": _when(signed_in_at),
            "last_seen_at": _when(last_seen_at),
        }
        for user_agent, ip, signed_in_at, last_seen_at in rows
    ]


def build_export(*, member: Member, now: datetime | None = None) -> dict:
    """The member's data as a JSON-ready dict (see the module docstring)."""
    places = _places(member)
    return {
        "format": FORMAT,
        "exported_at": _when(now or timezone.now()),
        "site": settings.CAIRN_SITE_URL,
        "profile": _profile(member),
        "journey": _journey(member),
        "comments": _comments(member, places),
        "reports": _reports(member),
        "follows": _follows(member, places),
        "notifications": _notifications(member, places),
        "consents": _consents(member),
        "ignored_members": _ignoring(member),
        "guest_comments": _guest_comments(member, places),
        "moderation": _moderation(member),
        "sessions": _sessions(member),
    }


def export_now(*, member) -> str:
    """The member's export as JSON, built in the request (a small one)."""
    check_can_export(member)
    return export_json(build_export(member=member))


# --- a large export, built by the worker ----------------------------------------


def latest_export(*, member, now: datetime | None = None) -> DataExport | None:
    """The member's copy being built or ready to download, if any."""
    return DataExport.objects.of(member).kept(now).defer("data").first()


def available_until(export: DataExport) -> datetime | None:
    """When a built copy is deleted."""
    if not export.is_ready():
        return None
    return export.finished_at + timedelta(days=settings.CAIRN_EXPORT_KEEP_DAYS)


def is_building(export: DataExport, now: datetime | None = None) -> bool:
    return not export.is_ready() and (
        export.requested_at > (now or timezone.now()) - BUILDING_AT_MOST
    )


@transaction.atomic
def request_export(*, member, now: datetime | None = None) -> DataExport:
    """Have the worker build the member's export and mail them a link.

    One at a time: while one is being built, that one is returned and
    nothing is queued. Otherwise their earlier copies are deleted and a new
    one queued (its task row written in this transaction, so it runs once
    the request has committed)."""
    check_can_export(member)
    now = now or timezone.now()
    # Two clicks at once queue one export: the second waits here.
    Member.objects.select_for_update(no_key=True).filter(pk=member.pk).first()
    mine = DataExport.objects.of(member)
    building = mine.waiting().filter(requested_at__gt=now - BUILDING_AT_MOST).first()
    if building is not None:
        return building
    mine.delete()
    export = DataExport(member=member, requested_at=now)
    export.full_clean()
    export.save()
    build_data_export.enqueue(export_id=export.pk)
    return export


@task
def build_data_export(*, export_id: int) -> dict:
    """Build the export `export_id` and mail its owner the link (once: a
    second run finds it built, or deleted)."""
    export = (
        DataExport.objects.waiting()
        .select_related("member")
        .defer("data")
        .filter(pk=export_id)
        .first()
    )
    if export is None:
        return {"built": False}
    data = export_json(build_export(member=export.member))
    now = timezone.now()
    with transaction.atomic():
        built = (
            DataExport.objects.waiting()
            .filter(pk=export.pk)
            .update(data=data, finished_at=now)
        )
        if built:
            export.finished_at = now
            queue_message(_ready_message(export))
    logger.info("Data export %s built: %d characters", export.pk, len(data))
    return {"built": bool(built), "characters": len(data)}


def _ready_message(export: DataExport) -> Message:
    member = export.member
    subject = _("Your copy of your Cairn data is ready")
    context = {
        "subject": subject,
        "headline": subject,
        "name": member.display_name,
        "download_url": absolute(
            reverse("forum:data_export_download", kwargs={"pk": export.pk})
        ),
        "page_url": absolute(reverse("forum:data_export")),
        "sessions_url": absolute(reverse("usersessions_list")),
        "until": available_until(export),
        "site_url": settings.CAIRN_SITE_URL,
    }
    message = Message(
        subject=SUBJECT_PREFIX + subject,
        body=render_to_string("forum/exports/email/ready.txt", context),
        to=[member.email],
        headers=mail_headers(),
    )
    message.attach_alternative(
        render_to_string("forum/exports/email/ready.html", context), "text/html"
    )
    return message


def purge_exports(*, now: datetime | None = None) -> int:
    """Delete copies made more than CAIRN_EXPORT_KEEP_DAYS ago (and ones
    asked for that long ago and never built). Returns how many."""
    deleted, _by_model = DataExport.objects.expired(now).delete()
    return deleted
