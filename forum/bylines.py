"""What a reader sees as the author of a comment: decided here and only here.

Pages, feeds, notifications and emails call `byline()`; no template reads
`comment.author` for display, so an anonymous author (posting under a
pseudonym) or a guest's email can never leak through a side door.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.models import Comment


@dataclass(frozen=True, slots=True)
class Byline:
    name: str
    badge: str = ""
    is_placeholder: bool = False
    # What a placeholder says in place of the comment.
    notice: str = ""
    # Posted without the author's name, under a pseudonym.
    is_anonymous: bool = False
    # Written by a reader without an account (forum.models.guests).
    is_guest: bool = False
    # Kept after its author deleted their account (forum.services.leaving).
    is_former: bool = False
    # The author's member page: for a member writing under their own name
    # only, never a placeholder, a pseudonym, a guest or a former member.
    url: str = ""


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
# A comment whose author deleted their account and left it: no badge, no
# link, nothing that says who they were.
FORMER = Byline(name=_("Former member"), is_former=True)
MODERATOR = _("Moderator")
GUEST = _("Guest")
ANONYMOUS = _("Anonymous member")


def anonymous_name(pseudonym: str) -> str:
    """What readers call a comment posted without its author's name. Display
    names may hold neither "·" nor the word "anonymous" (forum.names), so no
    member can take a name that reads like one."""
    return f"{ANONYMOUS} \u00b7 {pseudonym}"


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
    if comment.pseudonym:
        # No role either: "Columnist" or "Moderator" beside it would say who.
        return Byline(name=anonymous_name(comment.pseudonym), is_anonymous=True)
    if comment.author_id is None:
        return _guest_or_former(comment)
    badge = (badges or {}).get(comment.author_id, "")
    if not badge and getattr(comment, "author_moderates", False):
        badge = str(MODERATOR)
    name = comment.author.display_name
    return Byline(name=name, badge=badge, url=member_url(name))


def member_url(display_name: str) -> str:
    return reverse("forum:member_detail", kwargs={"name": display_name})


def for_moderators(comment: Comment) -> Byline:
    """Who moderators see as the author, whatever the comment's state: a
    member's display name, a guest's name, and for an anonymous comment its
    pseudonym only (who wrote it is asked for, with a reason, through
    forum.services.anonymity.reveal_author)."""
    if comment.pseudonym:
        return Byline(name=anonymous_name(comment.pseudonym), is_anonymous=True)
    if comment.author_id is None:
        return _guest_or_former(comment)
    return Byline(name=comment.author.display_name)


def _guest_or_former(comment: Comment) -> Byline:
    """A comment with no member author: a guest's, or (neither) a former
    member's."""
    if comment.guest_id is None:
        return FORMER
    return Byline(name=comment.guest.name, badge=str(GUEST), is_guest=True)
