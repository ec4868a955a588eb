"""Reading a discussion one bounded page at a time.

A page is a run of comments in display order, read with one query on the
(discussion, path) index, and never longer than CAIRN_COMMENTS_PER_PAGE
whatever the size of the discussion or of one thread in it. Pages start at a
top-level comment where they can; a thread longer than a page continues on
the next one, which opens with the trail of the thread it continues (the
first comment's ancestors), and the reader is told how many replies of that
thread follow. Cursors are paths, so a page is stable while people post.
"""

import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forum import paths
from forum.bylines import byline
from forum.models import Comment, Discussion
from forum.services.ignoring import collapses
from forum.services.questions import state_of as question_state

OLDEST = "oldest"
NEWEST = "newest"
SORTS = (OLDEST, NEWEST)
_CURSOR = re.compile(rf"^(?:[0-9a-z]{{{paths.SEGMENT}}}){{1,{paths.MAX_DEPTH + 1}}}$")


def parse_cursor(value: str | None) -> str | None:
    return value if value and _CURSOR.match(value) else None


def parse_sort(value: str | None) -> str:
    return value if value in SORTS else OLDEST


@dataclass
class ThreadPage:
    discussion: Discussion
    sort: str
    comments: list[Comment]
    trail: list[Comment] = field(default_factory=list)
    start: str | None = None
    next_start: str | None = None
    more_in_thread: int = 0
    # Whether any comment comes before this page in display order.
    has_previous: bool = False
    # Replies past the end of this page, by the path of each comment whose
    # subtree the page cuts (so reply counts are the thread's true counts).
    replies_beyond: dict[str, int] = field(default_factory=dict)

    @property
    def is_first(self) -> bool:
        return not self.has_previous

    @property
    def first_thread_number(self) -> int | None:
        return self.comments[0].thread_number if self.comments else None

    @property
    def starts_mid_thread(self) -> bool:
        return bool(self.comments) and self.comments[0].depth > 0

    @property
    def continues_thread(self) -> bool:
        """The next page starts in the middle of this page's last thread."""
        return self.next_start is not None and len(self.next_start) > paths.SEGMENT

    @property
    def next_depth(self) -> int | None:
        return paths.depth_of(self.next_start) if self.next_start else None

    @property
    def first_path(self) -> str | None:
        return self.comments[0].path if self.comments else None


def _rows(discussion: Discussion):
    return Comment.objects.filter(discussion=discussion).in_thread()


def _in_order(qs, sort: str, *, start: str | None = None):
    """Comments from `start` on, in display order."""
    if sort == OLDEST:
        if start:
            qs = qs.filter(path__gte=start)
        return qs.order_by("path")
    if start:
        number = paths.thread_number(start)
        qs = qs.filter(thread_number__lte=number).exclude(
            thread_number=number, path__lt=start
        )
    return qs.order_by("-thread_number", "path")


def _preceding(sort: str, end: str) -> Q:
    """Comments that come before `end` in display order."""
    if sort == OLDEST:
        return Q(path__lt=end)
    number = paths.thread_number(end)
    return Q(thread_number__gt=number) | Q(thread_number=number, path__lt=end)


def _before(qs, sort: str, end: str):
    """Comments before `end`, nearest first."""
    qs = qs.filter(_preceding(sort, end))
    if sort == OLDEST:
        return qs.order_by("-path")
    return qs.order_by("thread_number", "-path")


def _cut(rows: list[Comment], limit: int) -> tuple[list[Comment], Comment | None]:
    """Trim `rows` (up to limit + 1) to a page; return it and the next row."""
    if len(rows) <= limit:
        return rows, None
    if rows[limit].depth == 0:
        return rows[:limit], rows[limit]
    starts = [i for i in range(1, limit) if rows[i].depth == 0]
    # End the page where a thread begins, unless that would leave most of
    # the page empty: then the long thread starts here and continues.
    if starts and starts[-1] >= limit // 2:
        return rows[: starts[-1]], rows[starts[-1]]
    return rows[:limit], rows[limit]


def start_before(
    discussion: Discussion, *, sort: str, end: str, limit: int | None = None
) -> str | None:
    """Where the page that ends just before `end` starts (None: the first page)."""
    limit = limit or settings.CAIRN_COMMENTS_PER_PAGE
    back = list(
        _before(_rows(discussion), sort, end).values_list("path", "depth")[:limit]
    )
    if len(back) < limit:
        return None
    tops = [path for path, depth in back if depth == 0]
    return tops[-1] if tops else back[-1][0]


def read_page(
    discussion: Discussion,
    *,
    sort: str = OLDEST,
    start: str | None = None,
    end: str | None = None,
    limit: int | None = None,
    viewer=None,
) -> ThreadPage:
    """One page of the discussion from `start` (and before `end`, when the
    reader stepped back), with `viewer`'s own comments awaiting review in
    their place. Counts and other readers' cursors ignore those (the
    viewer's own "next page" link may start at one of them: a path like
    any other, which shows nothing to anyone else)."""
    limit = limit or settings.CAIRN_COMMENTS_PER_PAGE
    qs = Comment.objects.filter(discussion=discussion)
    qs = (qs.in_thread_for(viewer) if viewer else qs.in_thread()).for_thread_page()
    if viewer is not None:
        # Whom the viewer ignores, in the same query (forum.services.ignoring).
        qs = qs.with_author_ignored_by(viewer)
    if end:
        qs = qs.filter(_preceding(sort, end))
    ordered = _in_order(qs, sort, start=start)
    comments, following = _cut(list(ordered[: limit + 1]), limit)
    page = ThreadPage(discussion=discussion, sort=sort, comments=comments, start=start)
    # A cursor can point at the very first comment (a permalink to it), so
    # "is there anything before?" is asked, not inferred from the cursor.
    # (A cursor inside a thread has at least its ancestors before it.)
    page.has_previous = bool(start) and (
        paths.depth_of(start) > 0
        or _rows(discussion).filter(_preceding(sort, start)).exists()
    )
    if end and following is None:
        page.next_start = end
    elif following is not None:
        page.next_start = following.path
        if following.depth > 0:
            page.replies_beyond = _replies_beyond(discussion, following.path)
            page.more_in_thread = page.replies_beyond[following.path[: paths.SEGMENT]]
    if comments and comments[0].depth > 0:
        trail = _rows(discussion).for_thread_page()
        if viewer is not None:
            trail = trail.with_author_ignored_by(viewer)
        page.trail = list(
            trail.filter(path__in=paths.ancestors_of(comments[0].path)).order_by("path")
        )
    return page


def _replies_beyond(discussion: Discussion, following: str) -> dict[str, int]:
    """For each ancestor of `following` (the first comment after a page), how
    many of its replies are at or after `following`: one query, one count
    per level, over the rest of the thread."""
    ancestors = paths.ancestors_of(following)
    counts = (
        _rows(discussion)
        .filter(path__gte=following, path__lt=paths.subtree_end(ancestors[0]))
        .aggregate(
            **{
                f"level{i}": Count("pk", filter=Q(path__lt=paths.subtree_end(path)))
                for i, path in enumerate(ancestors)
            }
        )
    )
    return {path: counts[f"level{i}"] for i, path in enumerate(ancestors)}


def locate(comment: Comment, *, limit: int | None = None) -> str:
    """The start of the page that shows `comment` with its ancestors in view:
    its thread's top-level comment when the comment is within the first
    page of that thread, otherwise the comment itself (the trail above it
    then shows its ancestors)."""
    limit = limit or settings.CAIRN_COMMENTS_PER_PAGE
    root = comment.path[: paths.SEGMENT]
    ahead = (
        _rows(comment.discussion_id)
        .filter(path__gte=root, path__lt=comment.path)
        .count()
    )
    return root if ahead < limit else comment.path


def decorate(
    page: ThreadPage,
    *,
    viewer,
    badges=None,
    can_reply: bool = True,
    can_report: bool = False,
    moderates: bool = False,
) -> None:
    """Give each comment what its template needs, formatted once in Python
    (formatting dates in the template costs more than the rest of a row).

    `can_reply`: whether the viewer may reply here (or could, once signed in
    or after "I understand"); members who cannot are not offered "Reply".
    `can_report`, `moderates`: whether they may report others' comments, and
    moderate this discussion (the services decide both)."""
    indent_cap = settings.CAIRN_COMMENT_MAX_INDENT
    now = timezone.now()
    # Read out after the author's name: who a reply answers, and how deep.
    tree_label = _(", reply to %(name)s, level %(level)d,")
    by_path = {c.path: c for c in page.trail}
    rows = page.comments
    for comment in page.trail:
        comment.byline = byline(comment, badges, viewer=viewer)
        comment.collapsed = collapses(comment)
    # A suspended member keeps no "Edit" that the service would refuse.
    may_edit = not (viewer.is_authenticated and viewer.is_suspended(now))
    open_rows: list[Comment] = []  # the ancestors of the current row on this page
    for index, comment in enumerate(rows):
        comment.byline = byline(comment, badges, viewer=viewer)
        # By a member the viewer ignores: shown collapsed, its moderator
        # note still in view (the template keeps the note outside).
        comment.collapsed = collapses(comment)
        own = viewer.is_authenticated and comment.author_id == viewer.pk
        comment.is_own = own
        # The author's own held or hidden words, shown to them alone.
        comment.awaiting_review = own and comment.status in (
            Comment.Status.PENDING,
            Comment.Status.HIDDEN,
        )
        local = timezone.localtime(comment.created_at)
        comment.when_iso = local.isoformat()
        comment.when = date_format(local, "j M Y, H:i")
        comment.level = comment.depth + 1
        comment.indent = min(comment.depth, indent_cap)
        parent = by_path.get(comment.path[: -paths.SEGMENT]) if comment.depth else None
        comment.reply_to = parent.byline.name if parent is not None else ""
        if comment.depth:
            comment.tree_label = tree_label % {
                "name": comment.reply_to,
                "level": comment.level,
            }
        comment.show_reply_to = comment.depth > indent_cap or (
            index == 0 and comment.depth > 0
        )
        following = rows[index + 1] if index + 1 < len(rows) else None
        comment.reply_total = page.replies_beyond.get(comment.path, 0)
        comment.has_replies_here = comment.reply_total > 0 or (
            following is not None and following.depth > comment.depth
        )
        while open_rows and not comment.path.startswith(open_rows[-1].path):
            open_rows.pop()
        for ancestor in open_rows:
            ancestor.reply_total += 1
        open_rows.append(comment)
        published = comment.status == Comment.Status.PUBLISHED
        comment.can_reply = can_reply and published
        comment.can_report = can_report and published and not own
        comment.can_moderate = moderates and comment.status != Comment.Status.DELETED
        comment.can_edit = may_edit and comment.is_editable_by(viewer, now=now)
        if comment.can_edit:
            comment.edit_minutes_left = max(
                1, math.ceil((comment.edit_deadline() - now).total_seconds() / 60)
            )
        comment.can_delete = comment.is_deletable_by(viewer)
        comment.question_state = (
            None if comment.byline.is_placeholder else question_state(comment, badges)
        )
        by_path[comment.path] = comment
    _link_threads(rows)


def _link_threads(rows: list[Comment]) -> None:
    """Each top-level comment's "Skip to next thread" target: the next
    top-level comment on the page, or the page's end."""
    following = ""
    for comment in reversed(rows):
        if comment.depth == 0:
            comment.next_thread = following
            following = f"comment-{comment.pk}"
