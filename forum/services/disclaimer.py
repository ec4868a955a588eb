"""The versioned medical disclaimer and members' acceptance of it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from forum.models import Acceptance, Disclaimer, Member
from forum.sanitize import render_article
from forum.services.standing import has_verified_email


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
    """Record that `member` accepted this version (idempotent). A member
    without a verified email address writes nothing, this included."""
    if not has_verified_email(member):
        raise PermissionDenied(
            _("Please confirm your email address first: we sent you a link.")
        )
    acceptance, _created = Acceptance.objects.get_or_create(
        member=member, disclaimer=disclaimer
    )
    return acceptance
