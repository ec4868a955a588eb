"""Which comments wait for a moderator before readers see them, and when a
member has earned posting straight through (pre-moderation and trust).

Held, in this order of reasons: everything in a discussion set to "hold all
comments"; anything matching a watched phrase set to "hold"; links from a
member who is not trusted yet; and a new member's comments until
CAIRN_TRUST_AFTER_APPROVED of them were approved. A watched phrase set to
"refuse" refuses the comment with its message, and the text comes back to
the writer. Whoever moderates the discussion, and staff, are never held.
"""

import re
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Comment, Discussion, Member, ModerationAction, WatchedPhrase

HoldReason = Comment.HoldReason


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _pattern(phrase: str) -> re.Pattern:
    words = [re.escape(word) for word in _fold(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


PHRASES_CACHE_KEY = "forum:watched-phrases"
# A phrase added in the admin applies everywhere within this many seconds
# (at once in the process that saved it: forum.signals forgets the list).
PHRASES_CACHE_SECONDS = 60


def watched_phrases() -> list[WatchedPhrase]:
    """Every watched phrase, refusing ones first; read from the database at
    most once a minute, not on every post."""
    phrases = cache.get(PHRASES_CACHE_KEY)
    if phrases is None:
        phrases = sorted(
            WatchedPhrase.objects.all(),
            key=lambda p: (p.action != WatchedPhrase.Action.REFUSE, p.phrase),
        )
        cache.set(PHRASES_CACHE_KEY, phrases, PHRASES_CACHE_SECONDS)
    return phrases


def forget_watched_phrases() -> None:
    cache.delete(PHRASES_CACHE_KEY)


def watched_phrase_in(body: str) -> WatchedPhrase | None:
    """The first watched phrase in `body` (refusing ones first)."""
    folded = _fold(body)
    phrases = watched_phrases()
    return next(
        (p for p in phrases if p.phrase.strip() and _pattern(p.phrase).search(folded)),
        None,
    )


def refuse_watched(body: str) -> WatchedPhrase | None:
    """The first watched phrase in `body`; ValidationError, with the
    phrase's message, when it is one that refuses (members and guests
    alike: forum.services.guests asks here too)."""
    phrase = watched_phrase_in(body)
    if phrase is not None and phrase.action == WatchedPhrase.Action.REFUSE:
        raise ValidationError(
            phrase.message
            or _(
                "This comment contains wording Cairn does not accept. Please "
                "change it; your text is kept below."
            ),
            code="watched_phrase",
        )
    return phrase


def posts_straight_through(author: Member, *, moderates: bool) -> bool:
    return moderates or author.is_staff or author.is_superuser


def hold_reason(
    *,
    author: Member,
    discussion: Discussion,
    body: str,
    body_html: str,
    moderates: bool,
    editing: bool = False,
) -> str:
    """Why a comment (or an edit) by `author` waits for review ("" if it
    does not); ValidationError when a watched phrase refuses it."""
    if posts_straight_through(author, moderates=moderates):
        return ""
    phrase = refuse_watched(body)
    if editing:
        # An edit is held only for what it could add: a phrase or a link.
        if phrase is not None or (not author.is_trusted() and "<a " in body_html):
            return HoldReason.EDITED
        return ""
    if discussion.holds_comments:
        return HoldReason.HOLD_ALL
    if phrase is not None:
        return HoldReason.PHRASE
    if author.is_trusted():
        return ""
    if "<a " in body_html:
        return HoldReason.LINKS
    if settings.CAIRN_TRUST_AFTER_APPROVED > 0:
        return HoldReason.NEW_MEMBER
    return ""


def approvals_since_last_spam(member: Member) -> int:
    """Approvals of `member`'s comments since a moderator last marked one of
    them as spam (spam counts against trust: it starts again)."""
    actions = ModerationAction.objects.filter(comment__author=member)
    last_spam = actions.filter(kind=ModerationAction.Kind.SPAM).aggregate(
        at=Max("created_at")
    )["at"]
    approved = actions.filter(kind=ModerationAction.Kind.APPROVE)
    if last_spam is not None:
        approved = approved.filter(created_at__gt=last_spam)
    return approved.count()


def promote_if_earned(member: Member | None, *, now=None) -> bool:
    """Make `member` trusted once enough of their comments were approved;
    logged as Cairn's own action. Whether it happened now. A guest's
    comment (no member) earns nobody anything."""
    if member is None or member.is_trusted():
        return False
    if approvals_since_last_spam(member) < settings.CAIRN_TRUST_AFTER_APPROVED:
        return False
    Member.objects.filter(pk=member.pk).update(trust=Member.Trust.TRUSTED)
    member.trust = Member.Trust.TRUSTED
    ModerationAction.objects.create(
        kind=ModerationAction.Kind.TRUST,
        member=member,
        note=_("%(n)d comments approved") % {"n": settings.CAIRN_TRUST_AFTER_APPROVED},
        created_at=now or timezone.now(),
    )
    return True


def demote(member: Member | None) -> None:
    """Spam costs the member their trust: their comments are held again."""
    if member is None:  # a guest: always held anyway
        return
    Member.objects.filter(pk=member.pk).update(trust=Member.Trust.NEW)
    member.trust = Member.Trust.NEW
