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
    # What a placeholder says in place of the comment.
    notice: str = ""


DELETED = Byline(
    name=_("[deleted]"),
    is_placeholder=True,
    notice=_("This comment was deleted. Its replies are kept below."),
)
REMOVED = Byline(
    name=_("[removed]"),
    is_placeholder=True,
    notice=_("Removed by a moderator. Its replies are kept below."),
)
HIDDEN = Byline(
    name=_("[hidden]"),
    is_placeholder=True,
    notice=_(
        "Hidden while a moderator looks at it, after readers reported it. "
        "Its replies are kept below."
    ),
)
PLACEHOLDERS = {
    Comment.Status.DELETED: DELETED,
    Comment.Status.REMOVED: REMOVED,
    Comment.Status.SPAM: REMOVED,
    Comment.Status.HIDDEN: HIDDEN,
}
MODERATOR = _("Moderator")


def byline(
    comment: Comment, badges: Mapping[int, str] | None = None, *, viewer=None
) -> Byline:
    """`badges` maps author ids to a role label the host page grants (for an
    article: its author is the "Columnist"); otherwise a moderator's comment
    carries "Moderator" (from `author_moderates`, annotated by the page
    query). A placeholder names nobody, except to its own author (`viewer`),
    who still sees their held or hidden words."""
    placeholder = PLACEHOLDERS.get(comment.status)
    own = (
        viewer is not None
        and viewer.is_authenticated
        and comment.author_id == viewer.pk
    )
    if placeholder is not None and not (
        own and comment.status == Comment.Status.HIDDEN
    ):
        return placeholder
    badge = (badges or {}).get(comment.author_id, "")
    if not badge and getattr(comment, "author_moderates", False):
        badge = str(MODERATOR)
    return Byline(name=comment.author.display_name, badge=badge)
