"""What moderators do, the one way each is done, and the log of it.

Who moderates: members holding the `forum.moderate_comments` permission
(the Moderators group has it), superusers, and, when
CAIRN_COLUMNISTS_MODERATE is on, an article's columnist in that article's
discussion. Suspending members needs `forum.suspend_members` (Moderators
have it; a columnist never does). Plain staff status gives no moderation
power: staff who moderate are given the group.

Every action takes the comment's row lock, checks that the comment is
still in a state the action applies to, changes it and appends one row to
the ModerationAction log, in one transaction. A moderator acting on a
comment another moderator has just handled is told "already handled by …"
(`AlreadyHandled`) and nothing happens twice. Nothing is lost: a removed
comment keeps its text and is restored exactly.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import (
    PERMANENT_SUSPENSION,
    Comment,
    Discussion,
    Flag,
    Member,
    ModerationAction,
    Reason,
)
from forum.sanitize import render_comment
from forum.services import holding
from forum.services.places import change_status
from forum.services.standing import clean_note, viewer_standing

Kind = ModerationAction.Kind
Status = Comment.Status

SUSPENSION_DAYS = (1, 7, 30)  # and None: until further notice


_DECISIONS = (
    ModerationAction.Kind.APPROVE,
    ModerationAction.Kind.REMOVE,
    ModerationAction.Kind.SPAM,
    ModerationAction.Kind.RESTORE,
    ModerationAction.Kind.HIDE,
)


class AlreadyHandled(ValidationError):
    """Another moderator acted on this first; nothing was done twice."""

    def __init__(self, comment: Comment):
        last = (
            # What changed its status: never a note, nor a "see who wrote it"
            # (which would name who looked, not who decided).
            ModerationAction.objects.filter(comment=comment, kind__in=_DECISIONS)
            .select_related("actor")
            .newest_first()
            .first()
        )
        if last is None:
            message = _("This comment has already been handled.")
        else:
            message = _("Already handled by %(who)s: %(what)s.") % {
                "who": last.actor.display_name if last.actor else _("Cairn"),
                "what": last.get_kind_display().lower(),
            }
        super().__init__(message, code="already_handled")


# --- who moderates --------------------------------------------------------


def can_moderate(member, discussion: Discussion | None = None) -> bool:
    """Whether `member` moderates `discussion` (or, with none given, every
    discussion). One query at most."""
    if not member.is_authenticated:
        return False
    if discussion is None:
        return (
            member.is_active
            and not member.is_suspended()
            and member.has_perm("forum.moderate_comments")
        )
    return viewer_standing(member, discussion=discussion).moderates


def check_can_moderate(member, discussion: Discussion | None = None) -> None:
    if not can_moderate(member, discussion):
        raise PermissionDenied(_("Only moderators can do that."))


def can_suspend(member) -> bool:
    return (
        can_moderate(member)
        and member.is_active
        and member.has_perm("forum.suspend_members")
    )


def moderated_discussions(member):
    """The discussions whose queue `member` sees: None for every one (a
    moderator), else those their pages let them moderate (a columnist's
    articles, when CAIRN_COLUMNISTS_MODERATE is on; each kind of page
    answers through its `hosts_moderated_by(member)`)."""
    if can_moderate(member):
        return None
    none = Discussion.objects.none()
    if (
        not settings.CAIRN_COLUMNISTS_MODERATE
        or not member.is_authenticated
        or member.is_suspended()
    ):
        return none
    mine = Q(pk__in=[])
    kinds = Discussion.objects.values_list("host_type", flat=True).distinct()
    for kind in ContentType.objects.filter(pk__in=list(kinds)):
        hosts = getattr(kind.model_class(), "hosts_moderated_by", None)
        if hosts is not None:
            mine |= Q(host_type=kind, host_id__in=hosts(member))
    return Discussion.objects.filter(mine)


# --- acting on comments ---------------------------------------------------


def _log(kind: str, *, actor, now, **target) -> ModerationAction:
    return ModerationAction.objects.create(
        kind=kind, actor=actor, created_at=now, **target
    )


def _lock_for(comment: Comment, moderator: Member, *, as_seen: bool = True) -> Comment:
    """The comment's row, locked, once `moderator` is known to moderate it.
    With `as_seen`, AlreadyHandled if its status is no longer the one on
    `comment`: the moderator decided on what they saw (the views put there
    the status their form was shown with)."""
    check_can_moderate(moderator, comment.discussion)
    locked = (
        # Only the comment's row: the author may be empty (a guest's).
        Comment.objects.select_for_update(of=("self",))
        .select_related("author", "discussion")
        .filter(pk=comment.pk)
        .first()
    )
    if locked is None or locked.status == Status.DELETED:
        raise ValidationError(
            _("The author has deleted this comment."), code="comment_gone"
        )
    # Two moderators on one pending comment: one approves, and the other's
    # "remove", queued on this lock, would otherwise remove the comment
    # just published (removing a published comment is allowed).
    if as_seen and locked.status != comment.status:
        raise AlreadyHandled(locked)
    return locked


def _resolve_flags(comment: Comment, outcome: str, now) -> None:
    Flag.objects.filter(comment=comment).open().update(resolved_at=now, outcome=outcome)
    comment.open_flags = 0
    comment.needs_review_since = None


def _tell_author(member_id: int | None) -> None:
    if member_id is None:
        return  # a guest's comment: no account to tell
    Member.objects.filter(pk=member_id).update(unseen_notices=F("unseen_notices") + 1)


_REVIEW_FIELDS = ("open_flags", "needs_review_since", "hold_reason")


@transaction.atomic
def approve_comment(*, comment: Comment, moderator: Member, now=None) -> Comment:
    """Publish a held or hidden comment, or keep a reported one: its open
    reports are dismissed. Counts towards the author's trust."""
    now = now or timezone.now()
    comment = _lock_for(comment, moderator)
    waiting = comment.status in (Status.PENDING, Status.HIDDEN)
    if not (waiting or (comment.status == Status.PUBLISHED and comment.open_flags)):
        raise AlreadyHandled(comment)
    _resolve_flags(comment, Flag.Outcome.DISMISSED, now)
    comment.hold_reason = ""
    change_status(comment, Status.PUBLISHED, now=now, fields=_REVIEW_FIELDS)
    _log(Kind.APPROVE, actor=moderator, now=now, comment=comment)
    _tell_author(comment.author_id)
    if not comment.pseudonym:
        # An anonymous comment's approval counts, but the promotion (and its
        # log line, which names the member) waits for a moment that is
        # theirs by name: a named comment approved or posted (post_comment).
        # Otherwise "X became trusted" beside "approved Anonymous member ·
        # …" at the same second would say who wrote it.
        holding.promote_if_earned(comment.author, now=now)
    return comment


@transaction.atomic
def remove_comment(
    *,
    comment: Comment,
    moderator: Member,
    reason: str,
    note: str = "",
    as_spam: bool = False,
    now=None,
) -> Comment:
    """Take a comment out of readers' sight with a reason the author is
    told. Its text is kept for moderators and comes back exactly with
    `restore_comment`; with replies it stays as "Removed by a moderator".
    As spam, it also costs the author their trust."""
    now = now or timezone.now()
    if reason not in Reason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    note = clean_note(note)
    comment = _lock_for(comment, moderator)
    takes = (Status.PENDING, Status.PUBLISHED, Status.HIDDEN)
    if comment.status not in takes + ((Status.REMOVED,) if as_spam else ()):
        raise AlreadyHandled(comment)
    _resolve_flags(comment, Flag.Outcome.UPHELD, now)
    status = Status.SPAM if as_spam else Status.REMOVED
    change_status(comment, status, fields=_REVIEW_FIELDS)
    _log(
        Kind.SPAM if as_spam else Kind.REMOVE,
        actor=moderator,
        now=now,
        comment=comment,
        reason=reason,
        note=note,
    )
    _tell_author(comment.author_id)
    if as_spam:
        holding.demote(comment.author)
    return comment


def mark_spam(*, comment: Comment, moderator: Member, note: str = "", now=None):
    return remove_comment(
        comment=comment,
        moderator=moderator,
        reason=Reason.SPAM,
        note=note,
        as_spam=True,
        now=now,
    )


@transaction.atomic
def restore_comment(
    *, comment: Comment, moderator: Member, note: str = "", now=None
) -> Comment:
    """Give a removed (or spam) comment back its place, exactly as it was."""
    now = now or timezone.now()
    note = clean_note(note)
    comment = _lock_for(comment, moderator)
    if comment.status not in (Status.REMOVED, Status.SPAM):
        raise AlreadyHandled(comment)
    change_status(comment, Status.PUBLISHED, now=now)
    _log(Kind.RESTORE, actor=moderator, now=now, comment=comment, note=note)
    return comment


@transaction.atomic
def note_comment(
    *, comment: Comment, moderator: Member, note: str, now=None
) -> Comment:
    """Attach a moderator note readers see under the comment (a correction
    instead of a removal); an empty note takes the note away."""
    now = now or timezone.now()
    note = clean_note(note, limit=2000)
    comment = _lock_for(comment, moderator, as_seen=False)
    comment.moderator_note = note
    comment.moderator_note_html = render_comment(note) if note else ""
    comment.save(update_fields=["moderator_note", "moderator_note_html"])
    _log(Kind.NOTE, actor=moderator, now=now, comment=comment, note=note)
    if note:
        _tell_author(comment.author_id)
    return comment


def approve_comments(*, comments, moderator: Member, now=None) -> list:
    """Approve several; each is its own transaction. Returns the outcome of
    each as (comment, error message or ""). PermissionDenied, before any is
    touched, unless `moderator` moderates every one's discussion."""
    return _each(
        comments,
        moderator,
        lambda c: approve_comment(comment=c, moderator=moderator, now=now),
    )


def remove_comments(
    *, comments, moderator: Member, reason: str, note: str = "", now=None
) -> list:
    return _each(
        comments,
        moderator,
        lambda c: remove_comment(
            comment=c, moderator=moderator, reason=reason, note=note, now=now
        ),
    )


def _each(comments, moderator: Member, act) -> list:
    comments = list(comments)
    # Every discussion is checked before any comment is acted on: a refusal
    # must not come after part of the work is done.
    for discussion in {comment.discussion for comment in comments}:
        check_can_moderate(moderator, discussion)
    outcomes = []
    for comment in comments:
        try:
            act(comment)
        except ValidationError as error:
            outcomes.append((comment, error.messages[0]))
        else:
            outcomes.append((comment, ""))
    return outcomes


# --- members --------------------------------------------------------------


@transaction.atomic
def suspend_member(
    *, member: Member, moderator: Member, days: int | None, reason: str, now=None
) -> Member:
    """Suspend `member` for `days` (None: until further notice). They can
    read but not post, edit or report, and see why and until when; it ends
    by itself. Moderators and staff are suspended only by a superuser."""
    now = now or timezone.now()
    if not can_suspend(moderator):
        raise PermissionDenied(_("Only moderators can suspend members."))
    if days is not None and days not in SUSPENSION_DAYS:
        raise ValidationError(_("Choose how long the suspension lasts."), code="days")
    reason = clean_note(reason)
    if not reason:
        raise ValidationError(
            _("Give the reason: the member is shown it."), code="reason"
        )
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.pk == moderator.pk:
        raise PermissionDenied(_("You cannot suspend yourself."))
    if (member.is_staff or can_moderate(member)) and not moderator.is_superuser:
        raise PermissionDenied(
            _("Moderators and staff can only be suspended by an administrator.")
        )
    until = PERMANENT_SUSPENSION if days is None else now + timedelta(days=days)
    member.suspended_until = until
    member.suspension_reason = reason
    member.unseen_notices += 1
    member.save(
        update_fields=["suspended_until", "suspension_reason", "unseen_notices"]
    )
    _log(
        Kind.SUSPEND, actor=moderator, now=now, member=member, note=reason, until=until
    )
    return member


@transaction.atomic
def lift_suspension(
    *, member: Member, moderator: Member, note: str = "", now=None
) -> Member:
    now = now or timezone.now()
    if not can_suspend(moderator):
        raise PermissionDenied(_("Only moderators can lift a suspension."))
    note = clean_note(note)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.is_suspended(now):
        raise ValidationError(
            _("%(name)s is not suspended.") % {"name": member.display_name},
            code="already_handled",
        )
    member.suspended_until = None
    member.suspension_reason = ""
    member.save(update_fields=["suspended_until", "suspension_reason"])
    _log(Kind.UNSUSPEND, actor=moderator, now=now, member=member, note=note)
    return member


# --- discussions ----------------------------------------------------------

_DISCUSSION_ACTIONS = {
    Kind.LOCK: ("is_locked", True),
    Kind.UNLOCK: ("is_locked", False),
    Kind.HOLD_ALL: ("holds_comments", True),
    Kind.RELEASE_ALL: ("holds_comments", False),
    Kind.SENSITIVE: ("is_sensitive", True),
    Kind.NOT_SENSITIVE: ("is_sensitive", False),
    Kind.GUESTS_OFF: ("guests_allowed", False),
    Kind.GUESTS_ON: ("guests_allowed", True),
}
DISCUSSION_KINDS = tuple(_DISCUSSION_ACTIONS)


@transaction.atomic
def set_discussion(
    *, discussion: Discussion, moderator: Member, kind: str, note: str = "", now=None
) -> Discussion:
    """Lock or unlock a discussion, hold all its new comments or stop, mark
    it sensitive (members may post there without their name) or not, and
    turn guest comments off or on there."""
    now = now or timezone.now()
    if kind not in _DISCUSSION_ACTIONS:
        raise ValidationError(_("Unknown action."), code="kind")
    check_can_moderate(moderator, discussion)
    note = clean_note(note)
    field, value = _DISCUSSION_ACTIONS[kind]
    discussion = Discussion.objects.select_for_update().get(pk=discussion.pk)
    if getattr(discussion, field) == value:
        raise ValidationError(_("That is already so."), code="already_handled")
    setattr(discussion, field, value)
    discussion.save(update_fields=[field])
    _log(kind, actor=moderator, now=now, discussion=discussion, note=note)
    return discussion
