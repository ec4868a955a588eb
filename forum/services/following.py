"""Following a discussion, and remembering when a member last read it.

What a Discourse member expects of watching a topic, in Cairn's words:

- "Follow discussion" and "Unfollow discussion" are the member's own
  choice, and nothing else changes it back: a member who unfollowed does
  not start following again by commenting.
- Commenting follows the discussion (`follow_on_comment`), unless the
  member turned that off in their notification settings.
- The people a page's host speaks through (an article's columnist: the
  keys of `host.discussion_badges()`) follow its discussion until they
  choose otherwise, so a columnist hears of readers' comments without
  having to ask.
- Following is reading: any signed-in member who can see the discussion
  may follow it, a suspended one included (they are told nothing while
  suspended: forum.services.notifications leaves them out).

`Subscription.seen_at` is the start of the member's latest visit; the page
marks as "New" what came after the visit before (`record_visit`).
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Discussion, Member, Subscription
from forum.services.standing import discussion_visible_to


def speakers_for(discussion: Discussion) -> set[int]:
    """Ids of the members the host page speaks through (its columnist)."""
    badges = getattr(discussion.host, "discussion_badges", None)
    return set(badges()) if badges else set()


def is_following(member, choice: bool | None, *, speakers) -> bool:
    """Whether `member` follows a discussion, given their `choice`
    (`Subscription.following`, None when they never chose) and the ids of
    the members its host speaks through (`speakers_for`, or the host's
    badges a page has at hand)."""
    if choice is not None:
        return choice
    return member.is_authenticated and member.pk in speakers


def check_can_follow(member, discussion: Discussion) -> None:
    if not member.is_authenticated or not member.is_active:
        raise PermissionDenied(_("Sign in to follow discussions."))
    if not discussion_visible_to(discussion, member):
        raise PermissionDenied(_("This discussion is not open."))


def set_following(
    *, member: Member, discussion: Discussion, following: bool, now=None
) -> Subscription:
    """ "Follow discussion" (True) or "Unfollow discussion" (False)."""
    check_can_follow(member, discussion)
    now = now or timezone.now()
    subscription, _created = Subscription.objects.update_or_create(
        member=member,
        discussion=discussion,
        defaults={"following": following, "changed_at": now},
    )
    return subscription


_TABLE = Subscription._meta.db_table
# Insert the row following, or turn an undecided row into following; a
# member who chose "Unfollow" (False) keeps their choice. PostgreSQL and
# SQLite both take this upsert.
_FOLLOW_ON_COMMENT = (
    f"INSERT INTO {_TABLE} (member_id, discussion_id, following, changed_at, created_at) "  # noqa: S608 - a constant
    "VALUES (%s, %s, TRUE, %s, %s) "
    "ON CONFLICT (member_id, discussion_id) DO UPDATE SET following = TRUE, "
    f"changed_at = excluded.changed_at WHERE {_TABLE}.following IS NULL"
)


def follow_on_comment(*, member: Member, discussion: Discussion, now) -> None:
    """The author of a new comment follows its discussion (one statement),
    unless they turned that off or chose to unfollow it."""
    if not member.follow_on_comment:
        return
    with connection.cursor() as cursor:
        cursor.execute(_FOLLOW_ON_COMMENT, [member.pk, discussion.pk, now, now])


def new_since(seen_at, kept, now) -> datetime | None:
    """Where "New" begins on a page read `now`, given the member's row
    (`seen_at`, `new_since` as `kept`): a read more than VISIT_GAP after the
    last one starts a visit, and what came since that last read is new; a
    read within a visit (the next page, "Show more") keeps the visit's
    start, so the markers do not vanish while the member reads on. A first
    visit marks nothing: every comment would be new."""
    if seen_at is None:
        return None
    if now - seen_at > VISIT_GAP:
        return seen_at
    return kept


VISIT_GAP = timedelta(minutes=30)
# A page read this soon after the last one is not written down again: the
# visit's time moves in steps of a minute, and paging through a discussion
# costs no write per page.
VISIT_RECORDED = timedelta(minutes=1)
_RECORD_VISIT = (
    f"INSERT INTO {_TABLE} (member_id, discussion_id, seen_at, created_at) "  # noqa: S608 - a constant
    "VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (member_id, discussion_id) DO UPDATE SET "
    f"new_since = CASE WHEN {_TABLE}.seen_at < %s THEN {_TABLE}.seen_at "
    f"ELSE {_TABLE}.new_since END, seen_at = excluded.seen_at"
)


def record_visit(*, member: Member, discussion: Discussion, now=None) -> None:
    """Remember that `member` read `discussion` now, moving `new_since`
    as `new_since()` reads it (one upsert)."""
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _RECORD_VISIT, [member.pk, discussion.pk, now, now, now - VISIT_GAP]
        )
