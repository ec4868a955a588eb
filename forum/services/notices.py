"""Telling members what moderators decided about them and their comments.

Every outcome an author should learn (approved, removed with its reason,
moderator note added, suspended) is a row of the moderation log; the
services also raise the member's `unseen_notices` count, so a page asks the
log only when there is something to tell (forum.notices shows it as a
message on the member's next page), and "My comments" shows each comment's
state at any time.
"""

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forum.models import Member, ModerationAction

Kind = ModerationAction.Kind
LATEST = 20  # notices shown at most at once; "My comments" has the rest


def outcomes_for(member: Member, *, since=None):
    """What moderators decided about `member` and their comments (newest
    first); actions by Cairn itself (hiding, trust) are not announced."""
    actions = (
        ModerationAction.objects.filter(
            Q(member=member, kind=Kind.SUSPEND)
            | Q(comment__author=member, kind__in=ModerationAction.TOLD_TO_AUTHOR)
        )
        .exclude(actor=None)
        .exclude(kind=Kind.NOTE, note="")
        .select_related("comment__discussion")
        .newest_first()
    )
    if since is not None:
        actions = actions.filter(created_at__gt=since)
    return actions


def notice_text(action: ModerationAction) -> str:
    """The outcome in words, for its author (no moderator's name: decisions
    are the team's)."""
    if action.kind == Kind.SUSPEND:
        if action.is_until_further_notice():
            text = _("A moderator suspended your account until further notice.")
        else:
            text = _("A moderator suspended your account until %(date)s.") % {
                "date": formats.date_format(
                    timezone.localtime(action.until), "j F Y, H:i"
                )
            }
        return f"{text} {_('Reason:')} {action.note}"
    where = str(action.comment.discussion.host or _("a discussion"))
    if action.kind == Kind.APPROVE:
        return _(
            "A moderator approved your comment in \u201c%(where)s\u201d: "
            "everyone can read it now."
        ) % {"where": where}
    if action.kind == Kind.NOTE:
        return _(
            "A moderator added a note under your comment in \u201c%(where)s\u201d."
        ) % {"where": where}
    text = _(
        "A moderator removed your comment in \u201c%(where)s\u201d. Reason: %(reason)s."
    ) % {"where": where, "reason": action.get_reason_display()}
    return f"{text} {action.note}" if action.note else text


def take_unseen(member: Member, *, now=None) -> list[str]:
    """The notices `member` has not been shown yet, oldest first, and mark
    them seen. Nothing is asked of the database while there are none."""
    if not member.unseen_notices:
        return []
    now = now or timezone.now()
    actions = list(
        outcomes_for(member, since=member.notices_seen_at)
        .filter(created_at__lte=now)
        .prefetch_related("comment__discussion__host")[:LATEST]
    )
    Member.objects.filter(pk=member.pk).update(unseen_notices=0, notices_seen_at=now)
    member.unseen_notices, member.notices_seen_at = 0, now
    return [notice_text(action) for action in reversed(actions)]
