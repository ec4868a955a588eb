"""Posting, editing and deleting comments: the one way each happens."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from forum import paths
from forum.models import Comment, Discussion, Flag, Member
from forum.sanitize import render_comment
from forum.services import anonymity, following, holding, notifications, questions
from forum.services.places import change_status, unlist_placeholders_above
from forum.services.standing import (
    check_can_post,
    check_rate,
    clean_body,
    discussion_visible_to,
    viewer_standing,
)


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
        raise ValidationError(TOO_DEEP, code="too_deep")
    return paths.child(parent_path, ordinal), thread_number


def _claim_thread_number(*, discussion: Discussion) -> int:
    """Take the discussion's next top-level number, as _claim_reply_path does."""
    row = _claim(
        f"UPDATE {Discussion._meta.db_table} SET top_level_seq = top_level_seq + 1 "  # noqa: S608 - a constant
        "WHERE id = %s RETURNING top_level_seq",
        [discussion.pk],
    )
    return row[0]


def _speaks_for_the_page(
    author: Member, discussion: Discussion, moderates: bool | None = None
) -> bool:
    """Whether `author` moderates `discussion` (`moderates`, when the caller
    knows it already) or writes the page it is on (an article's columnist):
    their comments are never held."""
    if author.pk in getattr(discussion.host, "discussion_badges", dict)():
        return True
    if moderates is None:
        moderates = viewer_standing(author, discussion=discussion).moderates
    return moderates


PARENT_GONE = _lazy("That comment is no longer available, so it cannot be answered.")
TOO_DEEP = _lazy(
    "This conversation is as deep as it can go. Please reply to an earlier comment."
)


def post_comment(
    *,
    discussion: Discussion,
    author: Member,
    body: str,
    parent: Comment | None = None,
    anonymous: bool = False,
    question: bool = False,
    now=None,
) -> Comment:
    """Post a top-level comment, or a reply when `parent` is given;
    `anonymous`: without the author's name, under their pseudonym in this
    discussion (forum.services.anonymity); `question`: a question for the
    page's author (forum.services.questions).

    The one way a comment is created. Checks the author's standing, the
    rate limits and whether the discussion is open and sanitises the text
    (reads, outside any lock), then takes the comment's place in the tree in
    one atomic statement on the parent (or the discussion), and last inserts
    the comment and counts it on the discussion in one short transaction.
    Each row lock is held for one statement or one tiny transaction, so
    concurrent replies to the same parent pipeline instead of queueing for
    a whole post. O(1) rows written; nobody else is renumbered.

    A comment the hold rules catch (forum/services/holding.py) is stored as
    pending: only its author sees it, and it is counted when approved.
    """
    now = now or timezone.now()
    body = clean_body(body)
    # A discussion locked in the same instant may still take this one
    # comment, which a moderator can remove.
    standing = check_can_post(author, discussion=discussion, now=now)
    if not discussion_visible_to(discussion, author):
        raise PermissionDenied(_("This discussion is not open."))
    check_rate(author, body, now=now)
    if anonymous:
        anonymity.check_can_post_anonymously(discussion)
    if question:
        questions.check_can_ask(discussion, parent)
    if (
        not anonymous
        and not author.is_trusted()
        and settings.CAIRN_TRUST_AFTER_APPROVED > 0
    ):
        # Trust earned by approved anonymous comments is given here, at a
        # moment that is the member's by name (see approve_comment).
        holding.promote_if_earned(author, now=now)
    body_html = render_comment(body)
    held = holding.hold_reason(
        author=author,
        discussion=discussion,
        body=body,
        body_html=body_html,
        moderates=_speaks_for_the_page(author, discussion, standing.moderates),
    )
    comment = Comment(
        discussion_id=discussion.pk,
        author=author,
        parent_id=parent.pk if parent is not None else None,
        body=body,
        body_html=body_html,
        created_at=now,
        is_question=question,
    )
    if anonymous:
        comment.pseudonym = anonymity.pseudonym_for(author, discussion)
    if held:
        hold(comment, held, now=now)
    insert_comment(comment, discussion=discussion, parent=parent, now=now)
    following.follow_on_comment(member=author, discussion=discussion, now=now)
    if not held:
        # Before the announcement, which tells the asker of an answer.
        questions.record_answer(comment=comment, discussion=discussion, now=now)
        notifications.announce(comment)
    return comment


def hold(comment: Comment, reason: str, *, now) -> None:
    """Mark a comment not yet inserted as waiting for review for `reason`."""
    comment.status = Comment.Status.PENDING
    comment.listed = False
    comment.hold_reason = reason
    comment.needs_review_since = now


def insert_comment(
    comment: Comment, *, discussion: Discussion, parent: Comment | None, now
) -> Comment:
    """Give `comment` (built and checked by the caller: post_comment for a
    member, forum.services.guests for a confirmed guest) its place in the
    tree and insert it, counted on the discussion if readers see it.

    The tree placement is one atomic statement on the parent (or the
    discussion), then the insert and the count in one short transaction
    (see post_comment on why each lock is this short). ValidationError
    PARENT_GONE if the parent went away meanwhile."""
    comment.clean_fields(
        exclude=[
            "discussion",
            "author",
            "guest",
            "parent",
            "path",
            "depth",
            "thread_number",
            "answer",
            "answered_by",
        ]
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
            if comment.status == Comment.Status.PUBLISHED:
                Discussion.objects.filter(pk=discussion.pk).update(
                    comment_count=F("comment_count") + 1, last_activity_at=now
                )
    except IntegrityError as error:
        # The parent was deleted between taking the ordinal and the insert.
        raise ValidationError(PARENT_GONE, code="parent_gone") from error
    return comment


class CommentGone(ValidationError):
    """The comment was deleted while this request was on its way (a double
    click on "Delete", an edit racing a delete): answered politely, never
    as an error."""

    def __init__(self):
        super().__init__(
            _("That comment has already been deleted."), code="comment_gone"
        )


def _lock(comment: Comment, **lock) -> Comment:
    """The comment's row, locked; CommentGone if it (or its text) is gone."""
    locked = Comment.objects.select_for_update(**lock).filter(pk=comment.pk).first()
    if locked is None or locked.status == Comment.Status.DELETED:
        raise CommentGone()
    return locked


class EditWindowClosed(PermissionDenied):
    """The comment is the editor's own, but the time for editing it is over."""


def check_can_edit(*, comment: Comment, editor: Member, now=None) -> None:
    """Raise PermissionDenied unless `editor` may edit `comment` now, and
    EditWindowClosed (a PermissionDenied) when only the time has run out."""
    now = now or timezone.now()
    if editor.is_authenticated and editor.is_suspended(now):
        raise PermissionDenied(_("Your account is suspended, so you cannot edit now."))
    if comment.is_editable_by(editor, now=now):
        return
    if editor.is_authenticated and comment.author_id == editor.pk:
        if comment.status == Comment.Status.DELETED:
            raise CommentGone()
        if comment.status in (Comment.Status.PUBLISHED, Comment.Status.PENDING):
            minutes = max(1, settings.CAIRN_COMMENT_EDIT_WINDOW // 60)
            raise EditWindowClosed(
                ngettext(
                    "The time for editing this comment has closed: comments can be "
                    "edited for %(n)d minute after posting.",
                    "The time for editing this comment has closed: comments can be "
                    "edited for %(n)d minutes after posting.",
                    minutes,
                )
                % {"n": minutes}
            )
        raise PermissionDenied(_("This comment can no longer be edited."))
    raise PermissionDenied(_("You can only edit your own comments."))


# What an edit leaves as it was: neither validated again nor asked of the
# database (each foreign key and check constraint would cost a query).
_NOT_EDITED = [
    "discussion",
    "author",
    "guest",
    "parent",
    "is_question",
    "answer",
    "answered_by",
]


def edit_comment(*, comment: Comment, editor: Member, body: str, now=None) -> Comment:
    """Change the text of one's own comment within the edit window."""
    now = now or timezone.now()
    body = clean_body(body)
    check_can_edit(comment=comment, editor=editor, now=now)
    body_html = render_comment(body)
    held = holding.hold_reason(
        author=editor,
        discussion=comment.discussion,
        body=body,
        body_html=body_html,
        moderates=_speaks_for_the_page(editor, comment.discussion),
        editing=True,
    )
    with transaction.atomic():
        comment = _lock(comment, no_key=True)
        # Checked again under the lock: the window may close while waiting.
        check_can_edit(comment=comment, editor=editor, now=now)
        if body != comment.body:
            comment.body = body
            comment.body_html = body_html
            comment.edited_at = now
            comment.full_clean(exclude=_NOT_EDITED)
            fields = ["body", "body_html", "edited_at"]
            if held and comment.status == Comment.Status.PUBLISHED:
                # Hidden, not pending: it may have replies that keep their
                # place under it. Its author still sees it, marked.
                comment.hold_reason = held
                comment.needs_review_since = now
                change_status(
                    comment,
                    Comment.Status.HIDDEN,
                    fields=[*fields, "hold_reason", "needs_review_since"],
                )
            else:
                comment.save(update_fields=fields)
                if comment.status == Comment.Status.PUBLISHED and "@" in body:
                    # Names the edit added are told; the rest were already.
                    notifications.announce(comment, mentions_only=True)
    return comment


def delete_comment(*, comment: Comment, member: Member) -> Comment:
    """Delete a comment as its author would (the author, or staff allowed to
    delete comments, e.g. from the admin), as `delete_locked` does. A
    suspended member may still delete their own comments, and an author may
    delete a comment a moderator held, hid or removed: people must always be
    able to take back what they shared about their health (the moderation
    log keeps what was done, not the words). CommentGone if someone deleted
    it first."""
    with transaction.atomic():
        comment = lock_to_delete(Comment.objects.filter(pk=comment.pk))
        if not can_delete(comment, member):
            raise PermissionDenied(_("You can only delete your own comments."))
        delete_locked(comment)
    return comment


def lock_to_delete(comments: models.QuerySet) -> Comment:
    """The one comment `comments` selects, row-locked for `delete_locked`;
    CommentGone if it is gone or deleted. Call inside a transaction."""
    # FOR UPDATE (not NO KEY) conflicts with the key-share lock that a
    # reply's foreign-key check takes on this row: a reply committing now
    # is either seen by has_replies() or fails as "parent gone".
    comment = comments.select_for_update().first()
    if comment is None or comment.status == Comment.Status.DELETED:
        raise CommentGone()
    return comment


def delete_locked(comment: Comment) -> None:
    """Take back `comment`, whatever its status: with replies it stays as a
    "[deleted]" placeholder (text and moderator note wiped, naming nobody)
    so the replies keep their place; without replies it disappears, and so
    does any placeholder parent it leaves childless. Open flags are
    withdrawn. The deletion itself, shared by delete_comment (a member) and
    forum.services.guest_records.delete_guest_comment (a guest's signed link):
    the caller holds the row lock (lock_to_delete) and has checked that
    the deleter may."""
    # Nothing left to review: the words are gone.
    Flag.objects.filter(comment=comment).open().update(
        resolved_at=timezone.now(), outcome=Flag.Outcome.WITHDRAWN
    )
    comment.open_flags = 0
    comment.needs_review_since = None
    if comment.has_replies():
        comment.body = ""
        comment.body_html = ""
        comment.moderator_note = ""
        comment.moderator_note_html = ""
        change_status(
            comment,
            Comment.Status.DELETED,
            fields=[
                "body",
                "body_html",
                "moderator_note",
                "moderator_note_html",
                "open_flags",
                "needs_review_since",
            ],
        )
    else:
        _remove_childless(comment)


def can_delete(comment: Comment, member) -> bool:
    return comment.is_deletable_by(member) or (
        member.is_authenticated
        and member.is_staff
        and member.has_perm("forum.delete_comment")
    )


def _remove_childless(comment: Comment) -> None:
    """Delete a comment with no replies (uncounting it if it was counted),
    then let the placeholders above it leave the thread. Caller holds the
    comment's row lock. The moderation log keeps its rows: a comment a
    moderator acted on stays as a wiped "[deleted]" row, out of the thread."""
    questions.withdraw_answer(comment=comment)
    if comment.status == Comment.Status.PUBLISHED:
        Discussion.objects.filter(pk=comment.discussion_id).update(
            comment_count=F("comment_count") - 1
        )
    if comment.moderation_actions.exists():
        comment.body = comment.body_html = ""
        comment.moderator_note = comment.moderator_note_html = ""
        comment.status = Comment.Status.DELETED
        comment.listed = False
        comment.save()
    else:
        comment.flags.all().delete()
        comment.delete()
    unlist_placeholders_above(comment)
