"""Writes with more than one effect, used by views, admin, commands and tests."""

from django.db import transaction
from django.db.models import Max

from forum.models import Disclaimer
from forum.sanitize import render_article


@transaction.atomic
def publish_disclaimer(*, summary: str, body: str, guidelines: str, published_at=None) -> Disclaimer:
    """Create the next disclaimer version. Versions are append-only: members
    accept a specific wording, so a change never rewrites an old version."""
    latest = (
        Disclaimer.objects.select_for_update().aggregate(latest=Max("version"))["latest"] or 0
    )
    disclaimer = Disclaimer(
        version=latest + 1,
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
