"""What a reader sees as the author of a comment: decided here and only here.

Pages, feeds, notifications and emails call `byline()`; no template reads
`comment.author` for display, so a later pseudonymous or guest author can
never leak through a side door.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from forum.models import Comment


@dataclass(frozen=True, slots=True)
class Byline:
    name: str
    badge: str = ""
    is_placeholder: bool = False


DELETED = Byline(name=_("[deleted]"), is_placeholder=True)
REMOVED = Byline(name=_("[removed]"), is_placeholder=True)


def byline(comment: Comment, badges: Mapping[int, str] | None = None) -> Byline:
    """`badges` maps author ids to a role label the host page grants (for an
    article: its author is the "Columnist")."""
    if comment.status == Comment.Status.DELETED:
        return DELETED
    if comment.status == Comment.Status.REMOVED:
        return REMOVED
    return Byline(
        name=comment.author.display_name,
        badge=(badges or {}).get(comment.author_id, ""),
    )
