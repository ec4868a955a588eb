"""Keeping each comment's place in the thread as its status changes.

A comment is `listed` (it takes a place in every reader's thread) while it
is published, or while it is a placeholder (deleted, hidden, removed, spam)
with listed replies under it, so those replies keep their place. The
discussion's `comment_count` counts published comments only. Every status
change goes through `change_status`, so the two never drift apart.
"""

from django.db.models import F

from forum import paths
from forum.models import Comment, Discussion
from forum.services import notifications, questions


def has_listed_replies(comment: Comment) -> bool:
    return comment.replies.filter(listed=True).exists()


def change_status(comment: Comment, status: str, *, now=None, fields=()) -> Comment:
    """Give the (row-locked) `comment` `status`, keep its place and its
    ancestors' in the thread, and the discussion's count; saves the comment
    with `fields` as well. Caller holds the comment's row lock in a
    transaction."""
    was_counted = comment.status == Comment.Status.PUBLISHED
    first_shown = comment.status == Comment.Status.PENDING and (
        status == Comment.Status.PUBLISHED
    )
    comment.status = status
    counted = status == Comment.Status.PUBLISHED
    was_listed = comment.listed
    comment.listed = counted or (
        status in Comment.PLACEHOLDER_STATUSES and has_listed_replies(comment)
    )
    comment.save(update_fields=["status", "listed", *fields])
    if comment.listed and not was_listed and comment.depth:
        # A reply shown again (approved, restored) under a placeholder that
        # had dropped out of the thread brings its ancestors back.
        Comment.objects.filter(
            discussion_id=comment.discussion_id,
            path__in=paths.ancestors_of(comment.path),
            listed=False,
        ).exclude(status=Comment.Status.PENDING).update(listed=True)
    elif was_listed and not comment.listed and comment.parent_id:
        unlist_placeholders_above(comment)
    delta = int(counted) - int(was_counted)
    if delta:
        update = {"comment_count": F("comment_count") + delta}
        if delta > 0 and now is not None:
            update["last_activity_at"] = now
        Discussion.objects.filter(pk=comment.discussion_id).update(**update)
    if counted and not was_counted:
        # Before the announcement, which tells the asker of an answer.
        questions.record_answer(comment=comment, now=now)
    elif was_counted and not counted:
        questions.withdraw_answer(comment=comment)
    if first_shown:
        # Held until now: its notifications go out as readers first see it.
        notifications.announce(comment)
    return comment


def unlist_placeholders_above(comment: Comment) -> None:
    """After `comment` left the thread: each placeholder ancestor left with
    no listed replies leaves it too (a deleted one, whose words are gone
    already, is deleted when nothing at all is under it any more)."""
    parent_id = comment.parent_id
    while parent_id is not None:
        parent = Comment.objects.select_for_update().get(pk=parent_id)
        if not parent.is_placeholder() or has_listed_replies(parent):
            return
        parent_id = parent.parent_id
        if (
            parent.status == Comment.Status.DELETED
            and not parent.has_replies()
            and not parent.moderation_actions.exists()
        ):
            parent.flags.all().delete()
            parent.delete()
        elif parent.listed:
            parent.listed = False
            parent.save(update_fields=["listed"])
