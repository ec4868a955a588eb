"""Who may write, and what they may write: standing, limits, text."""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from forum.disclaimers import current_disclaimer
from forum.durations import human_wait, wait_until
from forum.models import (
    Acceptance,
    Comment,
    Discussion,
    Member,
    Notification,
    Subscription,
)
from forum.text import has_visible_character, normalise_text


class DisclaimerNotAccepted(PermissionDenied):
    """The member must accept the current disclaimer before posting."""


class RateLimited(ValidationError):
    """Posting too fast; `retry_after` is the wait in whole seconds, if any."""

    retry_after: int | None = None


# --- who may write --------------------------------------------------------


class Block:
    """Why a member cannot post right now (None from posting_block: they can)."""

    ANONYMOUS = "anonymous"
    SUSPENDED = "suspended"
    UNVERIFIED = "unverified"
    MUST_ACCEPT = "must_accept"
    LOCKED = "locked"


BLOCK_MESSAGES = {
    Block.ANONYMOUS: _lazy("Sign in to join the discussion."),
    Block.SUSPENDED: _lazy(
        "Your account is suspended, so you can read but not post for now."
    ),
    Block.UNVERIFIED: _lazy(
        "Please confirm your email address before you post. Check your inbox."
    ),
    Block.LOCKED: _lazy("This discussion is closed to new comments."),
    Block.MUST_ACCEPT: _lazy(
        "Please read and accept the medical disclaimer before you post."
    ),
}


@dataclass(frozen=True, slots=True)
class Standing:
    """What a member may do in a discussion: why they may not post (None:
    they may) and whether they moderate it."""

    block: str | None
    moderates: bool = False
    # With `reading=True`, in the same query: the member's follow choice
    # (Subscription.following), the start of their last visit, and their
    # unread notifications (counted up to a cap, see notifications.py).
    follow_choice: bool | None = None
    seen_at: datetime | None = None
    new_since: datetime | None = None
    unread: int = 0


def viewer_standing(
    member, *, discussion: Discussion | None = None, now=None, reading: bool = False
) -> Standing:
    """`member`'s standing (in `discussion`), in one query at most: verified
    email, acceptance of the disclaimer in force, whether the discussion is
    locked and whether they hold the moderation permission, together (and,
    with `reading`, what the discussion page shows of their own state)."""
    if not member.is_authenticated or not member.is_active:
        return Standing(Block.ANONYMOUS)
    if member.is_suspended(now) and not reading:
        return Standing(Block.SUSPENDED)
    disclaimer = current_disclaimer()
    checks = _standing(member, disclaimer, discussion, reading=reading)
    verified, accepted, locked, permitted, state = checks
    if member.is_suspended(now):
        return Standing(Block.SUSPENDED, **state)
    # Given by staff, not earned: a moderator (or a superuser made with
    # createsuperuser) moderates even before confirming an address.
    moderates = (
        permitted
        or member.is_superuser
        or (discussion is not None and host_moderated_by(discussion, member))
    )
    if not verified:
        return Standing(Block.UNVERIFIED, moderates, **state)
    # Moderators and staff may still post in a locked discussion, to say why.
    if locked and not (moderates or member.is_staff):
        return Standing(Block.LOCKED, moderates, **state)
    # Locked before the disclaimer: accepting it would not let them post.
    if not accepted:
        return Standing(Block.MUST_ACCEPT, moderates, **state)
    return Standing(None, moderates, **state)


def posting_block(
    member, *, discussion: Discussion | None = None, now=None
) -> str | None:
    """The first reason `member` may not post (in `discussion`), or None."""
    return viewer_standing(member, discussion=discussion, now=now).block


def host_moderated_by(discussion: Discussion, member) -> bool:
    """Whether the page carrying `discussion` lets `member` moderate it (an
    article its own columnist, when CAIRN_COLUMNISTS_MODERATE is on); the
    engine asks, knowing nothing of the host's kind."""
    if not settings.CAIRN_COLUMNISTS_MODERATE:
        return False
    check = getattr(discussion.host, "discussion_moderated_by", None)
    return bool(check and check(member))


def has_verified_email(member) -> bool:
    """The condition for every write: a member without a verified address
    is treated as someone not signed in."""
    return EmailAddress.objects.filter(user=member, verified=True).exists()


def block_message(block: str, member, *, now=None) -> str:
    """Why `member` cannot post, in words; a suspension says until when."""
    if block == Block.SUSPENDED:
        reason = member.suspension_reason
        if member.is_suspended_for_good():
            text = _(
                "Your account is suspended until further notice, so you can "
                "read but not post."
            )
            return f"{text} {_('Reason:')} {reason}" if reason else text
        until = timezone.localtime(member.suspended_until)
        text = _(
            "Your account is suspended until %(date)s (%(wait)s from now), so you "
            "can read but not post until then."
        ) % {
            "date": formats.date_format(until, "j F Y, H:i"),
            "wait": wait_until(member.suspended_until, now=now),
        }
        return f"{text} {_('Reason:')} {reason}" if reason else text
    return str(BLOCK_MESSAGES[block])


# Table names come from model meta, never from input.
_VERIFIED = f"EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table} WHERE user_id = %s AND verified)"  # noqa: S608
_ACCEPTED = f"EXISTS (SELECT 1 FROM {Acceptance._meta.db_table} WHERE member_id = %s AND disclaimer_id = %s)"  # noqa: S608
_LOCKED = (
    f"EXISTS (SELECT 1 FROM {Discussion._meta.db_table} WHERE id = %s AND is_locked)"  # noqa: S608
)
# The moderation permission, through a group or given to the member
# directly: what ModelBackend.has_perm answers, in the same round trip.
_PERMISSION = f"SELECT id FROM {Permission._meta.db_table} WHERE codename = %s"  # noqa: S608
_PERMITTED = (
    f"(EXISTS (SELECT 1 FROM {Member.groups.through._meta.db_table} mg"  # noqa: S608
    f" JOIN {Group.permissions.through._meta.db_table} gp ON gp.group_id = mg.group_id"
    f" WHERE mg.member_id = %s AND gp.permission_id IN ({_PERMISSION}))"
    f" OR EXISTS (SELECT 1 FROM {Member.user_permissions.through._meta.db_table} up"
    f" WHERE up.member_id = %s AND up.permission_id IN ({_PERMISSION})))"
)
MODERATE_PERMISSION = "moderate_comments"
# The reader's own state on a discussion page (forum.services.following,
# .notifications): their follow choice, last visit and unread count.
_SUBSCRIPTION = Subscription._meta.db_table
_FOLLOW_CHOICE = f"(SELECT following FROM {_SUBSCRIPTION} WHERE member_id = %s AND discussion_id = %s)"  # noqa: S608
_SEEN_AT = (
    f"(SELECT seen_at FROM {_SUBSCRIPTION} WHERE member_id = %s AND discussion_id = %s)"  # noqa: S608
)
_NEW_SINCE = f"(SELECT new_since FROM {_SUBSCRIPTION} WHERE member_id = %s AND discussion_id = %s)"  # noqa: S608
_UNREAD = (
    f"(SELECT COUNT(*) FROM (SELECT 1 FROM {Notification._meta.db_table} n"  # noqa: S608
    f" JOIN {Comment._meta.db_table} c ON c.id = n.comment_id"
    " WHERE n.recipient_id = %s AND n.read_at IS NULL AND c.status = %s LIMIT %s) unread)"
)
UNREAD_SHOWN = 99


def _standing(
    member, disclaimer, discussion, *, reading: bool = False
) -> tuple[bool, bool, bool, bool, dict]:
    """(has a verified email, accepted `disclaimer`, `discussion` is locked,
    holds the moderation permission, and with `reading` the Standing fields
    of their own state) in one round trip. Plain SQL: on the posting path
    the ORM took longer to build this query than the database took to
    answer it."""
    checks = [_VERIFIED, _PERMITTED]
    params = [member.pk, member.pk, MODERATE_PERMISSION, member.pk, MODERATE_PERMISSION]
    if disclaimer is not None:
        checks.append(_ACCEPTED)
        params += [member.pk, disclaimer.pk]
    if discussion is not None:
        checks.append(_LOCKED)
        params += [discussion.pk]
    reading = reading and discussion is not None
    if reading:
        checks += [_FOLLOW_CHOICE, _SEEN_AT, _NEW_SINCE, _UNREAD]
        params += [member.pk, discussion.pk] * 3
        params += [member.pk, Comment.Status.PUBLISHED, UNREAD_SHOWN + 1]
    sql = "SELECT " + ", ".join(checks)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = list(cursor.fetchone())
    verified, permitted = bool(row.pop(0)), bool(row.pop(0))
    accepted = bool(row.pop(0)) if disclaimer is not None else True
    locked = bool(row.pop(0)) if discussion is not None else False
    state = {}
    if reading:
        choice, seen_at, new_since, unread = row
        state = {
            "follow_choice": None if choice is None else bool(choice),
            "seen_at": _as_datetime(seen_at),
            "new_since": _as_datetime(new_since),
            "unread": unread,
        }
    return verified, accepted, locked, permitted, state


def _as_datetime(value) -> datetime | None:
    """A timestamp read with plain SQL: SQLite gives text in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
    return value


def discussion_visible_to(discussion: Discussion, user) -> bool:
    """Whether `user` may see `discussion`: as far as they may see its host.

    A host (an article) that is not public yet answers through its own
    `discussion_visible_to(user)`; the engine knows nothing of its kind."""
    host = discussion.host
    if host is None:
        return False
    check = getattr(host, "discussion_visible_to", None)
    return check is None or check(user)


def check_can_post(
    member, *, discussion: Discussion | None = None, now=None
) -> Standing:
    """Raise PermissionDenied (DisclaimerNotAccepted for a missing "I
    understand") unless `member` may write in discussions, and
    ValidationError if `discussion` is locked; else their standing."""
    standing = viewer_standing(member, discussion=discussion, now=now)
    block = standing.block
    if block == Block.MUST_ACCEPT:
        raise DisclaimerNotAccepted(BLOCK_MESSAGES[block])
    if block == Block.LOCKED:
        raise ValidationError(BLOCK_MESSAGES[block], code="locked")
    if block is not None:
        raise PermissionDenied(block_message(block, member, now=now))
    return standing


def check_rate(member: Member, body: str, *, now) -> None:
    """Raise RateLimited if `member` posted too often or just posted `body`."""
    windows = settings.CAIRN_COMMENT_RATE_LIMITS
    longest = max(
        [seconds for _count, seconds in windows]
        + [settings.CAIRN_COMMENT_DUPLICATE_WINDOW]
    )
    recent = list(
        Comment.objects.by_author(member)
        .since(now - timedelta(seconds=longest))
        .order_by("-created_at")
        .values_list("created_at", "body")
    )
    duplicate_since = now - timedelta(seconds=settings.CAIRN_COMMENT_DUPLICATE_WINDOW)
    if any(at >= duplicate_since and text == body for at, text in recent):
        raise RateLimited(
            _(
                "You have just posted this same comment. It is already in the discussion."
            ),
            code="duplicate",
        )
    for count, seconds in windows:
        in_window = [
            at for at, _text in recent if at >= now - timedelta(seconds=seconds)
        ]
        if len(in_window) >= count:
            reopens = in_window[count - 1] + timedelta(seconds=seconds)
            wait = (reopens - now).total_seconds()
            limited = RateLimited(
                _(
                    "You are posting faster than Cairn allows. Please wait "
                    "%(wait)s and post again; your text is kept below."
                )
                % {"wait": human_wait(wait)},
                code="rate_limited",
            )
            limited.retry_after = max(1, math.ceil(wait))
            raise limited


def clean_body(body: str) -> str:
    """The text of a comment as it is stored, or ValidationError.

    Every line break becomes a line feed, and control characters other
    than tab and line feed are removed (forum/text.py says which, and why
    nothing a reader sees changes); a null character is refused, as
    Django's form fields refuse it: it comes from a program, not from
    typing. A text with nothing visible (spaces, zero-width or bidi
    characters, marks with no letter) is refused as empty. Leading and
    trailing white space is dropped. Forms keep the text as typed, so a
    refused comment comes back exactly as it was sent."""

    body = body or ""
    if "\x00" in body:
        raise ValidationError(_("Null characters are not allowed."), code="null")
    body = normalise_text(body).strip()
    if not has_visible_character(body):
        raise ValidationError(_("Write something before posting."), code="empty")
    limit = settings.CAIRN_COMMENT_MAX_LENGTH
    if len(body) > limit:
        raise ValidationError(
            _(
                "Comments can be up to %(limit)s characters; this one has %(length)s. "
                "Please shorten it or split it into two comments."
            )
            % {"limit": f"{limit:,}", "length": f"{len(body):,}"},
            code="too_long",
        )
    return body


def clean_note(note: str, *, limit: int = 1000) -> str:
    """A short note (a report's, a moderator's, a suspension's reason) as it
    is stored: normalised as clean_body normalises comments, NUL refused,
    at most `limit` characters; may be empty."""
    note = normalise_text(note or "").strip()
    if "\x00" in note:
        raise ValidationError(_("Null characters are not allowed."), code="null")
    if len(note) > limit:
        raise ValidationError(
            _("Notes can be up to %(limit)d characters.") % {"limit": limit},
            code="too_long",
        )
    return note


def window_wait(times, windows, now) -> float | None:
    """Seconds until one more is allowed, or None if it is now: `times`
    (newest first, at least the longest window's) against `windows`,
    (count, seconds) pairs of a sliding-window rate limit."""
    for count, seconds in windows:
        in_window = [at for at in times if at >= now - timedelta(seconds=seconds)]
        if len(in_window) >= count:
            return (
                in_window[count - 1] + timedelta(seconds=seconds) - now
            ).total_seconds()
    return None
