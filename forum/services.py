"""Writes with more than one effect, used by views, admin, commands and tests.

Every permission and limit on writing is checked here, not in views, so no
entry point (a view, the admin, a command) can skip one.
"""

import math
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from forum import paths
from forum.disclaimers import current_disclaimer
from forum.models import Acceptance, Comment, Disclaimer, Discussion, Member
from forum.sanitize import render_article, render_comment


class DisclaimerNotAccepted(PermissionDenied):
    """The member must accept the current disclaimer before posting."""


class RateLimited(ValidationError):
    pass


# --- the disclaimer -------------------------------------------------------


@transaction.atomic
def publish_disclaimer(
    *, summary: str, body: str, guidelines: str, published_at=None
) -> Disclaimer:
    """Create the next disclaimer version. Versions are append-only: members
    accept a specific wording, so a change never rewrites an old version.
    (Two editors publishing in the same instant: the unique version refuses
    the second, which they can simply save again.)"""
    latest = Disclaimer.objects.aggregate(latest=Max("version"))
    disclaimer = Disclaimer(
        version=(latest["latest"] or 0) + 1,
        summary=summary.strip(),
        body=body,
        body_html=render_article(body),
        guidelines=guidelines,
        guidelines_html=render_article(guidelines),
    )
    if published_at is not None:
        disclaimer.published_at = published_at
    disclaimer.full_clean()
    disclaimer.save()
    return disclaimer


def accept_disclaimer(*, member: Member, disclaimer: Disclaimer) -> Acceptance:
    """Record that `member` accepted this version (idempotent)."""
    acceptance, _created = Acceptance.objects.get_or_create(
        member=member, disclaimer=disclaimer
    )
    return acceptance


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


def posting_block(
    member, *, discussion: Discussion | None = None, now=None
) -> str | None:
    """The first reason `member` may not post (in `discussion`), or None.

    One query at most: verified email, acceptance of the disclaimer in force
    and whether the discussion is locked, together."""
    if not member.is_authenticated or not member.is_active:
        return Block.ANONYMOUS
    if member.is_suspended(now):
        return Block.SUSPENDED
    disclaimer = current_disclaimer()
    verified, accepted, locked = _standing(member, disclaimer, discussion)
    if not verified:
        return Block.UNVERIFIED
    if not accepted:
        return Block.MUST_ACCEPT
    if locked:
        return Block.LOCKED
    return None


# Table names come from model meta, never from input.
_VERIFIED = f"EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table} WHERE user_id = %s AND verified)"  # noqa: S608
_ACCEPTED = f"EXISTS (SELECT 1 FROM {Acceptance._meta.db_table} WHERE member_id = %s AND disclaimer_id = %s)"  # noqa: S608
_LOCKED = (
    f"EXISTS (SELECT 1 FROM {Discussion._meta.db_table} WHERE id = %s AND is_locked)"  # noqa: S608
)


def _standing(member, disclaimer, discussion) -> tuple[bool, bool, bool]:
    """(has a verified email, accepted `disclaimer`, `discussion` is locked)
    in one round trip. Plain SQL: on the posting path the ORM took longer
    to build this query than the database took to answer it."""
    checks, params = [_VERIFIED], [member.pk]
    if disclaimer is not None:
        checks.append(_ACCEPTED)
        params += [member.pk, disclaimer.pk]
    if discussion is not None:
        checks.append(_LOCKED)
        params.append(discussion.pk)
    sql = "SELECT " + ", ".join(checks)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = list(cursor.fetchone())
    verified = bool(row.pop(0))
    accepted = bool(row.pop(0)) if disclaimer is not None else True
    locked = bool(row.pop(0)) if discussion is not None else False
    return verified, accepted, locked


def discussion_visible_to(discussion: Discussion, user) -> bool:
    """Whether `user` may see `discussion`: as far as they may see its host.

    A host (an article) that is not public yet answers through its own
    `discussion_visible_to(user)`; the engine knows nothing of its kind."""
    host = discussion.host
    if host is None:
        return False
    check = getattr(host, "discussion_visible_to", None)
    return check is None or check(user)


def check_can_post(member, *, discussion: Discussion | None = None, now=None) -> None:
    """Raise PermissionDenied (DisclaimerNotAccepted for a missing "I
    understand") unless `member` may write in discussions, and
    ValidationError if `discussion` is locked."""
    block = posting_block(member, discussion=discussion, now=now)
    if block == Block.MUST_ACCEPT:
        raise DisclaimerNotAccepted(BLOCK_MESSAGES[block])
    if block == Block.LOCKED:
        raise ValidationError(BLOCK_MESSAGES[block], code="locked")
    if block is not None:
        raise PermissionDenied(BLOCK_MESSAGES[block])


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
            wait = math.ceil((reopens - now).total_seconds())
            raise RateLimited(
                ngettext(
                    "You are posting faster than Cairn allows. Please wait %(wait)d second and post again; your text is kept below.",
                    "You are posting faster than Cairn allows. Please wait %(wait)d seconds and post again; your text is kept below.",
                    wait,
                )
                % {"wait": wait},
                code="rate_limited",
            )


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("Write something before posting."), code="empty")
    if "\x00" in body:
        raise ValidationError(_("Null characters are not allowed."), code="null")
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


# --- posting --------------------------------------------------------------


def open_discussion(*, host: models.Model) -> Discussion:
    """The discussion a page carries; created on the first call (idempotent)."""
    discussion, _created = Discussion.objects.get_or_create(
        host_type=ContentType.objects.get_for_model(host), host_id=host.pk
    )
    return discussion


def _claim(sql: str, params: list) -> tuple | None:
    """Run one `UPDATE ... RETURNING` on its own: in autocommit, the row lock
    it takes lasts only as long as the statement (inside a caller's
    transaction, until that commits)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _claim_reply_path(*, parent: Comment, discussion: Discussion) -> tuple[str, int]:
    """Take the parent's next reply ordinal: the new reply's path and thread.

    One atomic statement, so concurrent replies to one parent each get their
    own ordinal without holding the parent's row for the rest of the post
    (the unique (discussion, path) constraint backs this up). An ordinal
    taken by a reply that then fails is skipped, never reused."""
    row = _claim(
        f"UPDATE {Comment._meta.db_table} SET child_seq = child_seq + 1 "  # noqa: S608 - a constant
        "WHERE id = %s AND discussion_id = %s AND status = %s "
        "RETURNING path, child_seq, thread_number",
        [parent.pk, discussion.pk, Comment.Status.PUBLISHED],
    )
    if row is None:
        raise ValidationError(PARENT_GONE, code="parent_gone")
    parent_path, ordinal, thread_number = row
    if paths.depth_of(parent_path) + 1 > paths.MAX_DEPTH:
        raise ValidationError(
            _(
                "This conversation is as deep as it can go. Please reply to an earlier comment."
            ),
            code="too_deep",
        )
    return paths.child(parent_path, ordinal), thread_number


def _claim_thread_number(*, discussion: Discussion) -> int:
    """Take the discussion's next top-level number, as _claim_reply_path does."""
    row = _claim(
        f"UPDATE {Discussion._meta.db_table} SET top_level_seq = top_level_seq + 1 "  # noqa: S608 - a constant
        "WHERE id = %s RETURNING top_level_seq",
        [discussion.pk],
    )
    return row[0]


PARENT_GONE = _lazy("That comment is no longer available, so it cannot be answered.")


def post_comment(
    *,
    discussion: Discussion,
    author: Member,
    body: str,
    parent: Comment | None = None,
    now=None,
) -> Comment:
    """Post a top-level comment, or a reply when `parent` is given.

    The one way a comment is created. Checks the author's standing, the
    rate limits and whether the discussion is open and sanitises the text
    (reads, outside any lock), then takes the comment's place in the tree in
    one atomic statement on the parent (or the discussion), and last inserts
    the comment and counts it on the discussion in one short transaction.
    Each row lock is held for one statement or one tiny transaction, so
    concurrent replies to the same parent pipeline instead of queueing for
    a whole post. O(1) rows written; nobody else is renumbered.
    """
    now = now or timezone.now()
    body = clean_body(body)
    # A discussion locked in the same instant may still take this one
    # comment, which a moderator can remove.
    check_can_post(author, discussion=discussion, now=now)
    if not discussion_visible_to(discussion, author):
        raise PermissionDenied(_("This discussion is not open."))
    check_rate(author, body, now=now)
    comment = Comment(
        discussion_id=discussion.pk,
        author=author,
        parent_id=parent.pk if parent is not None else None,
        body=body,
        body_html=render_comment(body),
        created_at=now,
    )
    comment.clean_fields(
        exclude=["discussion", "author", "parent", "path", "depth", "thread_number"]
    )
    if parent is not None:
        comment.path, comment.thread_number = _claim_reply_path(
            parent=parent, discussion=discussion
        )
    else:
        comment.thread_number = _claim_thread_number(discussion=discussion)
        comment.path = paths.encode(comment.thread_number)
    comment.depth = paths.depth_of(comment.path)
    try:
        with transaction.atomic():
            comment.save(force_insert=True)
            # Last, so the discussion row, which every writer here updates,
            # is locked only until the commit right after.
            Discussion.objects.filter(pk=discussion.pk).update(
                comment_count=F("comment_count") + 1, last_activity_at=now
            )
    except IntegrityError as error:
        # The parent was deleted between taking the ordinal and the insert.
        raise ValidationError(PARENT_GONE, code="parent_gone") from error
    return comment


def edit_comment(*, comment: Comment, editor: Member, body: str, now=None) -> Comment:
    """Change the text of one's own comment within the edit window."""
    now = now or timezone.now()
    body = clean_body(body)
    if editor.is_authenticated and editor.is_suspended(now):
        raise PermissionDenied(_("Your account is suspended, so you cannot edit now."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update(no_key=True).get(pk=comment.pk)
        if not comment.is_editable_by(editor, now=now):
            raise PermissionDenied(
                _(
                    "You can edit your own comments for %(minutes)d minutes after posting."
                )
                % {"minutes": settings.CAIRN_COMMENT_EDIT_WINDOW // 60}
            )
        if body != comment.body:
            comment.body = body
            comment.body_html = render_comment(body)
            comment.edited_at = now
            comment.full_clean(exclude=["discussion", "author", "parent"])
            comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


def delete_comment(*, comment: Comment, member: Member) -> Comment:
    """Delete one's own comment. With replies it stays as a "[deleted]"
    placeholder (its text wiped) so the replies keep their place; without
    replies it disappears, and so does any placeholder parent it leaves
    childless."""
    with transaction.atomic():
        # FOR UPDATE (not NO KEY) conflicts with the key-share lock that a
        # reply's foreign-key check takes on this row: a reply committing now
        # is either seen by has_replies() or fails as "parent gone".
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if member.is_authenticated and member.is_suspended():
            raise PermissionDenied(
                _("Your account is suspended, so you cannot delete now.")
            )
        if not comment.is_deletable_by(member):
            raise PermissionDenied(_("You can only delete your own comments."))
        discussion_id = comment.discussion_id
        if comment.has_replies():
            comment.status = Comment.Status.DELETED
            comment.body = ""
            comment.body_html = ""
            comment.save(update_fields=["status", "body", "body_html"])
        else:
            _remove_childless(comment)
        Discussion.objects.filter(pk=discussion_id).update(
            comment_count=F("comment_count") - 1
        )
    return comment


def _remove_childless(comment: Comment) -> None:
    """Delete a comment with no replies, then any placeholder ancestors that
    are left without replies. Caller holds the comment's row lock."""
    while comment is not None:
        parent_id = comment.parent_id
        comment.delete()
        if parent_id is None:
            return
        parent = Comment.objects.select_for_update().get(pk=parent_id)
        comment = (
            parent if parent.is_placeholder() and not parent.has_replies() else None
        )
