"""A member's public profile: the name others know them by, and their bio."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forum.models import Member, NameReservation
from forum.services.standing import has_verified_email


def profile_block(member: Member, *, now=None) -> str:
    """Why `member` may not change their profile now ("" if they may)."""
    if not has_verified_email(member):
        return _("Please confirm your email address before you change your profile.")
    if member.is_suspended(now):
        until = timezone.localtime(member.suspended_until)
        return _(
            "Your account is suspended until %(date)s, so your display name, "
            "bio and MS journey cannot be changed until then."
        ) % {"date": formats.date_format(until, "j F Y, H:i")}
    return ""


def is_trusted_voice(member: Member) -> bool:
    """Staff, moderators and columnists: readers trust these names."""
    return (
        member.is_staff
        or member.is_superuser
        or member.groups.filter(
            name__in=[Member.MODERATORS, Member.COLUMNISTS]
        ).exists()
    )


@transaction.atomic
def update_profile(*, member: Member, display_name: str, bio: str, now=None) -> Member:
    """Change `member`'s display name and bio.

    A name given up is held back from everyone else (NameReservation):
    for CAIRN_NAME_RESERVATION_DAYS after an ordinary rename, so nobody can
    step into a conversation as someone who just left it, and forever for
    staff, moderators and columnists. Refused (PermissionDenied) while the
    member is suspended or has no verified email address."""
    now = now or timezone.now()
    reason = profile_block(member, now=now)
    if reason:
        raise PermissionDenied(reason)
    member = Member.objects.select_for_update().get(pk=member.pk)
    old_key = member.name_key
    member.display_name = display_name
    member.bio = bio
    member.full_clean(exclude=["password"])
    member.save(update_fields=["display_name", "name_key", "bio"])
    hold_name(member=member, old_key=old_key, now=now)
    return member


def hold_name(*, member: Member, old_key: str, now=None) -> None:
    """After a rename (here or in the admin), hold the name given up."""
    if not old_key or member.name_key == old_key:
        return
    now = now or timezone.now()
    days = settings.CAIRN_NAME_RESERVATION_DAYS
    NameReservation.objects.update_or_create(
        member=member,
        name_key=old_key,
        defaults={
            "reserved_until": None
            if is_trusted_voice(member)
            else now + timedelta(days=days),
            "created_at": now,
        },
    )
