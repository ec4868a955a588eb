"""Two-factor sign-in: who must use it, and whether they have set it up.

Whoever can remove what others wrote, see who wrote an anonymous comment,
suspend a member or change anything in the admin holds power over people
who confided in Cairn: a guessed or reused password must not be enough to
use it. So staff, superusers, members holding `forum.moderate_comments`
(the Moderators group) and, while CAIRN_COLUMNISTS_MODERATE is on,
columnists sign in with a second step, an authenticator app (TOTP) through
allauth's MFA, before the moderation pages or the admin open to them
(forum.two_factor sends them to set it up first). Every other member may
turn it on from their account page and is never made to.

A moderator who is suspended still must: the power comes back with the
account.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

from forum.models import Member
from forum.services.standing import MODERATE_PERMISSION


def must_use_two_factor(member) -> bool:
    return _facts(member)[0]


def has_two_factor(member) -> bool:
    """Whether `member` has an authenticator app set up (recovery codes
    alone are a way back in, not a second step)."""
    return _facts(member)[1]


def lacks_two_factor(member) -> bool:
    """Whether `member` must sign in with a second step and has not set one
    up yet: what the moderation pages and the admin ask, in one query."""
    must, has = _facts(member)
    return must and not has


def _facts(member) -> tuple[bool, bool]:
    """(must use two-factor sign-in, has an authenticator app) in one query
    (none for a visitor). The permission is read from the database, as
    ModelBackend.has_perm would, but without filling its two caches on
    pages that never ask for them."""
    if not member.is_authenticated:
        return False, False
    app = Authenticator.objects.filter(
        user_id=OuterRef("pk"), type=Authenticator.Type.TOTP
    )
    moderates = Permission.objects.filter(
        Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")),
        content_type__app_label="forum",
        codename=MODERATE_PERMISSION,
    )
    columnist = Member.groups.through.objects.filter(
        member_id=OuterRef("pk"), group__name=Member.COLUMNISTS
    )
    row = (
        Member.objects.filter(pk=member.pk)
        .annotate(
            has=Exists(app), moderator=Exists(moderates), columnist=Exists(columnist)
        )
        .values_list("has", "moderator", "columnist")
        .first()
    )
    has, moderator, is_columnist = row or (False, False, False)
    must = (
        member.is_staff
        or member.is_superuser
        or moderator
        or (settings.CAIRN_COLUMNISTS_MODERATE and is_columnist)
    )
    return bool(must), bool(has)
