"""Members reporting comments that may harm someone.

Any verified member who may see a comment, other than its author, reports
it once, with a reason (and a note when the reason is "other"). The
reporter is known to moderators only. A comment reported by
CAIRN_REPORTS_TO_HIDE distinct members is hidden from readers until a
moderator looks at it; its replies keep their place under a placeholder.
Suspended members cannot report; nobody reports more than
CAIRN_REPORTS_PER_DAY times a day.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Comment, Flag, ModerationAction, Reason
from forum.services.places import change_status
from forum.services.standing import (
    Block,
    block_message,
    clean_note,
    discussion_visible_to,
    viewer_standing,
)

NOTE_MAX_LENGTH = 1000


class AlreadyReported(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "You have already reported this comment. Thank you: a moderator will look at it."
            ),
            code="already_reported",
        )


def may_report(block: str | None) -> bool:
    """Whether a member whose posting is stopped by `block` may still
    report. Reporting needs no "I understand" (a reader must be able to warn
    us before ever joining in) and works in a locked discussion; anything
    else that stops posting stops it."""
    return block in (None, Block.MUST_ACCEPT, Block.LOCKED)


def check_can_report(*, comment: Comment, reporter) -> None:
    """PermissionDenied unless `reporter` may report `comment` at all."""
    block = viewer_standing(reporter).block
    if not may_report(block):
        raise PermissionDenied(block_message(block, reporter))
    if not discussion_visible_to(comment.discussion, reporter):
        raise PermissionDenied(_("This discussion is not open."))
    if comment.author_id == reporter.pk:
        raise PermissionDenied(_("You cannot report your own comment."))
    if comment.status not in (Comment.Status.PUBLISHED, Comment.Status.HIDDEN):
        raise PermissionDenied(
            _("This comment is no longer shown, so there is nothing to report.")
        )


def report_comment(
    *, comment: Comment, reporter, reason: str, note: str = "", now=None
) -> Flag:
    now = now or timezone.now()
    check_can_report(comment=comment, reporter=reporter)
    if reason not in Reason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    note = clean_note(note, limit=NOTE_MAX_LENGTH)
    if reason == Reason.OTHER and not note:
        raise ValidationError(
            _("Please say in a few words what is wrong, so a moderator can judge."),
            code="note_required",
        )
    recent = Flag.objects.filter(
        reporter=reporter, created_at__gte=now - timedelta(days=1)
    ).count()
    if recent >= settings.CAIRN_REPORTS_PER_DAY:
        raise ValidationError(
            _(
                "You have made many reports today. Thank you; please try again tomorrow."
            ),
            code="rate_limited",
        )
    try:
        with transaction.atomic():
            locked = Comment.objects.select_for_update().get(pk=comment.pk)
            flag = Flag.objects.create(
                comment=locked,
                reporter=reporter,
                reason=reason,
                note=note,
                created_at=now,
            )
            _count(locked, now)
    except IntegrityError as error:
        raise AlreadyReported() from error
    except Comment.DoesNotExist as error:
        raise ValidationError(
            _("This comment is no longer shown, so there is nothing to report."),
            code="comment_gone",
        ) from error
    return flag


def _count(comment: Comment, now) -> None:
    """Put the (locked) comment in the queue; hide it at the threshold."""
    comment.open_flags += 1
    if comment.needs_review_since is None:
        comment.needs_review_since = now
    fields = ["open_flags", "needs_review_since"]
    threshold = settings.CAIRN_REPORTS_TO_HIDE
    if comment.status == Comment.Status.PUBLISHED and comment.open_flags >= threshold:
        change_status(comment, Comment.Status.HIDDEN, fields=fields)
        ModerationAction.objects.create(
            kind=ModerationAction.Kind.HIDE,
            comment=comment,
            note=_("Reported by %(n)d members") % {"n": comment.open_flags},
            created_at=now,
        )
    else:
        comment.save(update_fields=fields)
