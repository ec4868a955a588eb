"""Posting without one's name in a sensitive discussion.

A moderator marks a discussion sensitive (forum.services.moderation). There
a member may post "without my name": the comment keeps its real `author`
for every rule (standing, rate limits, holding and trust, suspension,
editing, deleting, following, notifications) and carries a pseudonym that
forum.bylines shows instead of the name. The pseudonym is the member's own
in that discussion (forum.models.Pseudonym), the same on each comment there
and different in the next discussion, so a conversation can be followed
without it leading back to the person.

Who wrote an anonymous comment is known to the database and shown to no
one: not to other members, readers, feeds or emails (forum.bylines), not to
@mention matching (forum.services.mentions), and not to moderators, whose
queue, case page, log and member records show the pseudonym and leave the
comment out of its author's record (forum.views.moderation). A moderator of
the comment's discussion who must know (a threat, someone in danger, a ban
being dodged) asks with `reveal_author`, which logs a REVEAL with their
reason before it answers; the answer is shown on that one response only.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Comment, Discussion, Member, ModerationAction, Pseudonym
from forum.services.moderation import can_moderate
from forum.services.standing import clean_note

# Calm, neutral words; a label is one of each ("Quiet Heron"), with a number
# added only when a discussion has used up the pairs it drew.
ADJECTIVES = (
    "Amber", "Ash", "Birch", "Blue", "Bright", "Calm", "Cedar", "Clear",
    "Copper", "Coral", "Dawn", "Dusk", "Fern", "Gentle", "Golden", "Green",
    "Grey", "Hazel", "Ivory", "Jade", "Kind", "Light", "Linen", "Maple",
    "Meadow", "Mild", "Misty", "Moss", "Olive", "Pale", "Pearl", "Pine",
    "Quiet", "River", "Rose", "Sage", "Silver", "Slate", "Soft", "Still",
    "Stone", "Summer", "Tawny", "Warm", "Willow", "Winter",
)  # fmt: skip
NOUNS = (
    "Badger", "Beacon", "Bluebell", "Bramble", "Brook", "Clover", "Cove",
    "Crane", "Daisy", "Dove", "Finch", "Fox", "Glen", "Harbour", "Hare",
    "Heath", "Heron", "Hill", "Iris", "Kestrel", "Lark", "Linnet", "Marten",
    "Meadow", "Otter", "Owl", "Pebble", "Plover", "Poppy", "Robin", "Rowan",
    "Sparrow", "Swallow", "Swan", "Thistle", "Thrush", "Valley", "Wren",
)  # fmt: skip
_ATTEMPTS = 8


def check_can_post_anonymously(discussion: Discussion) -> None:
    if not discussion.is_sensitive:
        raise ValidationError(
            _(
                "Posting without your name is only possible in discussions "
                "moderators have marked as sensitive."
            ),
            code="not_sensitive",
        )


def _draw(attempt: int) -> str:
    label = f"{secrets.choice(ADJECTIVES)} {secrets.choice(NOUNS)}"
    if attempt >= _ATTEMPTS // 2:
        label = f"{label} {secrets.randbelow(90) + 10}"
    return label


def pseudonym_for(member: Member, discussion: Discussion) -> str:
    """`member`'s pseudonym in `discussion`, made on first use and kept."""
    existing = Pseudonym.objects.filter(discussion=discussion, member=member)
    label = existing.values_list("label", flat=True).first()
    if label is not None:
        return label
    for attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return Pseudonym.objects.create(
                    discussion=discussion, member=member, label=_draw(attempt)
                ).label
        except IntegrityError:
            # Either the label is taken here (draw again), or the member's
            # other request made theirs first (use it).
            label = existing.values_list("label", flat=True).first()
            if label is not None:
                return label
    raise ValidationError(
        _("Please try again in a moment."), code="pseudonym_unavailable"
    )


@transaction.atomic
def reveal_author(
    *, comment: Comment, moderator: Member, reason: str, now=None
) -> Member:
    """The member who wrote the anonymous `comment`, for one of Cairn's
    moderators (not a columnist moderating their own article: a reader may
    be asking their own neurologist) who says why they need to know. Logged first (a REVEAL with
    the reason as its note, the comment as its target and, so that the log
    itself names nobody, no member); the caller shows the answer once and
    keeps it nowhere."""
    if not can_moderate(moderator):
        raise PermissionDenied(
            _("Only Cairn's moderators can see who wrote an anonymous comment.")
        )
    if not comment.is_anonymous():
        raise ValidationError(
            _("This comment carries its author's name already."), code="not_anonymous"
        )
    if comment.status == Comment.Status.DELETED:
        raise ValidationError(
            _("The author has deleted this comment."), code="comment_gone"
        )
    reason = clean_note(reason)
    if not reason:
        raise ValidationError(
            _(
                "Say why you need to know who wrote it: the reason is kept in "
                "the moderation log."
            ),
            code="reason",
        )
    ModerationAction.objects.create(
        kind=ModerationAction.Kind.REVEAL,
        actor=moderator,
        comment=comment,
        note=reason,
        created_at=now or timezone.now(),
    )
    return Member.objects.get(pk=comment.author_id)
