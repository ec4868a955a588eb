"""Deleting one's own account ("Delete my account"): the one way a member
leaves Cairn, and what of them stays.

Their choice decides their comments: kept, shown as "Former member" with
their text as written (held ones stay held), or removed, each through the
members' own deletion (forum.services.comments.delete_locked: one with
replies stays as a "[deleted]" placeholder so the replies keep their place,
counts and answers follow) and then its text erased. Either way no comment
keeps an author, a pseudonym or a guest row: nothing links one to another.
A comment they sent as a guest from one of their verified addresses follows
the same choice, and every Guest row attached to them or carrying one of
those addresses goes (an unverified address proves nothing: it may be
someone else's, whose guest comments are not this member's to remove).

What stays without them: the moderation log, every row, with a label such
as "Former member 7KQ2" where they acted or were acted on (random, one per
leaver, never derived from the id or the address, so a reader of the log
can follow one departed person without learning who they were); the
reports they made, which still count, with no reporter; questions they
asked or answered, still asked and answered.

Everything else goes with the member row: email addresses, two-factor
authenticators, the MS journey, ignores both ways, exports, follows,
notifications, disclaimer acceptances, reserved names, pseudonyms. Their
sessions are ended first. The admin's history of changes to their account,
and queued or sent mail carrying their addresses (the task table keeps a
message's arguments until pruned), are deleted too.

Refused, with nothing done:
- staff and superusers (`StaffAccount`): the admin's own history of what
  they did goes with their row, and the last administrator must not lock
  everyone out; another administrator takes their staff status away
  first, then they leave like anyone;
- a member something outside the forum still needs (`StillNeeded`: pages
  they wrote, which protect their author, e.g. an article). The forum does
  not know what those are (it knows nothing of its host pages) and asks the
  database; the member is asked to talk to the editors first.

No goodbye email: it would be queued as a task whose arguments hold their
address, which is exactly what must not stay. The goodbye page says it all.
"""

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.tasks import TaskResultStatus
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from forum.models import Comment, Guest, Member, ModerationAction
from forum.services.comments import CommentGone, delete_locked, lock_to_delete

# Tries at the password on the delete page, in allauth's rate-limit syntax
# (amount/period/per, as forum.services.confirmation): a session left signed
# in on a shared computer cannot be used to guess it and delete the account.
PASSWORD_ATTEMPTS = {"delete_account": "5/15m/user,20/d/user"}
# The label's code: no 0/O, 1/I/L, so it reads aloud and copies unambiguously.
LABEL_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LABEL_LENGTH = 4


class StaffAccount(PermissionDenied):
    """Staff and superusers do not delete their own account (see above)."""


class StillNeeded(PermissionDenied):
    """Something outside the forum protects the member's row."""


class AccountGone(PermissionDenied):
    """Deleted already (a second click, a second tab)."""


@dataclass(frozen=True, slots=True)
class Departure:
    # What the moderation log calls them now ("" if it never named them).
    label: str
    kept_comments: bool
    # How many comments were theirs (written, or sent as a guest).
    comments: int


def password_attempt_allowed(request: HttpRequest) -> bool:
    """Count one try at the password; False once too many were made."""
    return (
        allauth_ratelimit.consume(
            request, app="forum", action="delete_account", config=PASSWORD_ATTEMPTS
        )
        is not None
    )


def check_can_leave(member: Member) -> None:
    """PermissionDenied (StaffAccount, StillNeeded) unless `member` may
    delete their account now; reads only."""
    if member.is_staff or member.is_superuser:
        raise StaffAccount(
            _(
                "Staff accounts are closed by another administrator: please ask "
                "one to take away your staff status first. Then you can delete "
                "your account here."
            )
        )
    needed = _still_needed_for(member)
    if needed:
        raise StillNeeded(
            _(
                "Cairn still needs your account for what you wrote for it "
                "(%(what)s). Please ask the editors to hand it to someone else "
                "first; then you can delete your account here."
            )
            % {"what": ", ".join(needed)}
        )


def _still_needed_for(member: Member) -> list[str]:
    """What outside the forum protects the member's row (the forum's own
    rows are handled here), by its plural name."""
    needed = []
    for relation in Member._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "forum" or relation.on_delete not in (
            models.PROTECT,
            models.RESTRICT,
        ):
            continue
        if model._base_manager.filter(**{relation.field.name: member.pk}).exists():
            needed.append(str(model._meta.verbose_name_plural))
    return needed


@transaction.atomic
def delete_account(*, member: Member, keep_comments: bool) -> Departure:
    """Delete `member`'s account and everything of theirs but what the
    module docstring says stays; `keep_comments`: their comments stay as
    "Former member" (True) or are removed (False). All or nothing, under
    the member's row lock (FOR UPDATE: a comment or report they send
    meanwhile waits, then finds them gone). PermissionDenied as
    `check_can_leave`; AccountGone if deleted meanwhile."""
    locked = Member.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None:
        raise AccountGone(_("This account is already deleted."))
    check_can_leave(locked)
    addresses = _verified_addresses(locked)
    guests = list(
        Guest.objects.filter(Q(attached_to=locked) | Q(email__in=addresses))
        .select_for_update()
        .values_list("pk", flat=True)
    )
    theirs = Comment.objects.filter(Q(author=locked) | Q(guest__in=guests))
    ids = list(theirs.order_by("-depth", "-pk").values_list("pk", flat=True))
    if keep_comments:
        Comment.objects.filter(pk__in=ids).update(author=None, guest=None, pseudonym="")
    else:
        _remove(ids)
    Guest.objects.filter(pk__in=guests).delete()
    label = ""
    if ModerationAction.objects.filter(Q(actor=locked) | Q(member=locked)).exists():
        label = _new_label()
        ModerationAction.objects.anonymise(locked, label)
    _forget_admin_history(locked, addresses)
    _forget_mail(
        {locked.email.lower()}
        | {e.lower() for e in locked.emailaddress_set.values_list("email", flat=True)}
    )
    for session in UserSession.objects.filter(user=locked):
        session.end()
    try:
        locked.delete()
    except (models.ProtectedError, models.RestrictedError) as error:
        # Something protecting them arrived after check_can_leave.
        raise StillNeeded(
            _(
                "Cairn still needs your account for something you wrote for it. "
                "Please ask the editors first. Nothing has been deleted."
            )
        ) from error
    return Departure(label=label, kept_comments=keep_comments, comments=len(ids))


def _verified_addresses(member: Member) -> set[str]:
    return {
        email.lower()
        for email in EmailAddress.objects.filter(
            user=member, verified=True
        ).values_list("email", flat=True)
    }


def _remove(ids: list[int]) -> None:
    """Take back each comment as its author would (deepest first, so a
    thread of their own disappears whole rather than leaving placeholders
    for their own replies), then erase what is left of them."""
    for pk in ids:
        try:
            comment = lock_to_delete(Comment.objects.filter(pk=pk))
        except CommentGone:
            continue  # deleted before: erased below
        delete_locked(comment)
    Comment.objects.filter(pk__in=ids).update(
        author=None,
        guest=None,
        pseudonym="",
        body="",
        body_html="",
        moderator_note="",
        moderator_note_html="",
    )


def _new_label() -> str:
    """A "Former member" label no other row of the log carries."""
    length = LABEL_LENGTH
    while True:
        for _attempt in range(10):
            code = "".join(secrets.choice(LABEL_ALPHABET) for _i in range(length))
            label = _("Former member %(code)s") % {"code": code}
            if not ModerationAction.objects.filter(
                Q(actor_label=label) | Q(member_label=label)
            ).exists():
                return label
        length += 1


def _forget_admin_history(member: Member, addresses: set[str]) -> None:
    """The admin's records of changes to their account and to rows of
    theirs (each names them: its object_repr is their display name, an
    address, or the member's id), read before the rows go."""
    logged = set(LogEntry.objects.values_list("content_type", flat=True).distinct())
    about = Q(object_repr__in=[member.email, *addresses])
    types = ContentType.objects.get_for_models(
        Member,
        *(r.related_model for r in Member._meta.related_objects),
        for_concrete_models=False,
    )
    if types[Member].pk in logged:
        about |= Q(content_type=types[Member], object_id=str(member.pk))
    for relation in Member._meta.related_objects:
        kind = types[relation.related_model]
        if relation.many_to_many or kind.pk not in logged:
            continue
        if relation.on_delete is not models.CASCADE:
            continue
        pks = relation.related_model._base_manager.filter(
            **{relation.field.name: member.pk}
        ).values_list("pk", flat=True)
        about |= Q(content_type=kind, object_id__in=[str(pk) for pk in pks])
    LogEntry.objects.filter(about).delete()


def _forget_mail(addresses: set[str]) -> None:
    """Mail to (or naming) their addresses, queued or sent: the task table
    keeps a message's arguments until pruned. One being sent right now is
    left to its worker, which would fail on a missing row."""
    text = Q(pk__in=[])
    for address in addresses:
        text |= Q(arguments__icontains=address)
    DBTaskResult.objects.annotate(
        arguments=Cast("args_kwargs", models.TextField())
    ).filter(text).exclude(status=TaskResultStatus.RUNNING).delete()
