"""Who an `@Display Name` in a comment reaches, and the names to suggest.

A mention is matched against the names the writer can see as bylines in
that discussion, never against every member: a mention must not be a way to
reach, or to find out the name of, someone who is not there to the writer.

What a byline shows is decided in `forum.bylines.byline`. A published
comment's byline is its author's display name unless it was posted without
it (a pseudonym, in a sensitive discussion), and the host's author (an
article's columnist) is named on the page, so those display names are what
`participants` offers. This module is the only other place that knows it:
`participants` leaves out every comment whose byline is not its author's
display name (`under_own_name`), or a mention (or a suggestion) would
unmask the author behind it. A member who wrote only anonymously in a
discussion is neither suggested nor reachable there; an anonymous
comment's own @mentions reach people as any comment's do.

Whom a mention reaches is still not whom it notifies: a member who ignores
the writer is not told (forum.services.notifications asks
forum.services.ignoring), unless the comment is anonymous, where leaving
them out would say who wrote it. Names are matched as usual either way, so
a mention never tells the writer who ignores them.

Threat model: a writer may try to reach someone who has not taken part
(`@` a name they know from elsewhere), someone whose only words were held or
removed, or to flood many members from one comment; and may hide `@names` in
code, addresses or paths. Matching is done here on the text, never by a
regular expression built from names.
"""

import operator
import unicodedata
from functools import reduce

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from forum.models import Comment, Discussion, Member
from forum.names import (
    ALLOWED_PUNCTUATION,
    LOOKALIKES,
    MAX_LENGTH,
    display_name_key,
    normalize_display_name,
)

# The parser comments are rendered with: what it calls code is what readers
# see as code, and a name written there is shown, not called out.
from forum.sanitize import _comment_md as _comment_markdown
from forum.services.standing import discussion_visible_to

# Before an "@", these make it part of an address or a path (a@b.org,
# example.org/@ann), not the start of a mention.
_NOT_BEFORE_MENTION = frozenset("._-+/@\\=&%#")
# Inside a name they join two words ("Ann-Marie", "J.Lee"): a shorter name
# does not end before one that is followed by a letter.
_JOINERS = frozenset(".-")
# How far past an "@" a name is looked for (room for decomposed letters).
_WINDOW = 3 * MAX_LENGTH
# Beyond this many different beginnings the candidates are not narrowed:
# one query either way, only a longer one.
_MAX_PREFIXES = 32


def participants(*, discussion: Discussion, viewer) -> QuerySet[Member]:
    """Active members whose name `viewer` sees as a byline in `discussion`:
    authors of its published comments in the thread everyone sees (those
    posted under their own name), and the host's author. Nobody when `viewer` cannot see the discussion.

    One query whatever the size of the discussion (the authors are a
    subquery), beside the host page's if it is not loaded yet. A viewer's
    own held comment is not counted: it names only themselves, and nobody
    is offered their own name."""
    if not discussion_visible_to(discussion, viewer):
        return Member.objects.none()
    # The thread everyone sees (`in_thread`), less its placeholders
    # (`visible`): a removed or hidden comment names nobody (bylines.py).
    authors = (
        Comment.objects.filter(discussion=discussion)
        .in_thread()
        .visible()
        .under_own_name()
        .values("author_id")
    )
    named = Q(pk__in=authors)
    host_author = _host_author_id(discussion)
    if host_author is not None:
        named |= Q(pk=host_author)
    return Member.objects.filter(named, is_active=True)


def _host_author_id(discussion: Discussion) -> int | None:
    # Hosts are generic: an article has an author, another page may not.
    host = discussion.host
    author_id = getattr(host, "author_id", None)
    if author_id is None:
        author_id = getattr(getattr(host, "author", None), "pk", None)
    return author_id


def mentioned_members(*, body: str, discussion: Discussion, writer) -> list[Member]:
    """The members `body` (Markdown source) mentions with `@Display Name`, in
    the order first mentioned, at most CAIRN_MENTIONS_PER_COMMENT of them,
    never the writer.

    An "@" starts a mention at the start of a line or after a space or
    punctuation, not inside an address or a path. Names are those of
    `participants` as the writer sees them; the longest that the text after
    the "@" spells wins ("@Ann Lee" reaches Ann Lee, not Ann), and the name
    must end at the end of a word ("@Annabel" never reaches Ann). Case and
    look-alike characters may differ, as in `display_name_key`; spaces and
    punctuation may not, or "@Ann, Lee" would reach Ann Lee. Code spans and
    blocks are skipped.

    One query for the candidates (beside the host page's, if it is not
    loaded yet), none when nothing in `body` can start a mention. A guest's
    comment (no `writer`) mentions nobody: a stranger cannot call members."""
    if writer is None:
        return []
    text = _prose(body)
    runs = _mention_runs(text)
    keys = {display_name_key(run) for run in runs} - {""}
    if not keys:
        return []
    candidates = participants(discussion=discussion, viewer=writer).filter(
        _beginning_with(keys)
    )
    # The writer stays among the candidates, so that "@Ann Lee" written by
    # Ann Lee about herself does not fall back to reaching Ann.
    by_form = {_mention_form(member.display_name): member for member in candidates}
    limit = settings.CAIRN_MENTIONS_PER_COMMENT
    found: dict[int, Member] = {}
    for run in runs:
        member = _longest_name(run, by_form)
        if member is not None and member.pk != writer.pk:
            found.setdefault(member.pk, member)
            if len(found) == limit:
                break
    return list(found.values())


def suggest(
    *, discussion: Discussion, viewer, prefix: str, limit: int = 8
) -> list[str]:
    """Display names of `participants` that begin with `prefix`, as typed
    (any case) or in the comparison form (look-alikes, punctuation left
    out), alphabetical, never the viewer's own. Nothing for a prefix that
    no name could begin with (empty, too long, or with characters names do
    not have)."""
    typed = unicodedata.normalize("NFKC", prefix)
    if not 0 < len(typed) <= MAX_LENGTH or not all(
        ch.isalnum() or ch in ALLOWED_PUNCTUATION for ch in typed
    ):
        return []
    matches = Q(display_name__istartswith=typed)
    key = display_name_key(typed)
    if key:
        matches |= Q(name_key__startswith=key)
    names = (
        participants(discussion=discussion, viewer=viewer)
        .exclude(pk=viewer.pk)
        .filter(matches)
        .order_by(Lower("display_name"), "pk")
        .values_list("display_name", flat=True)
    )
    return list(names[:limit])


def _prose(body: str) -> str:
    """The text of `body` as readers read it, without its code: one line per
    paragraph, list item or line break; a code span breaks the line too, so
    no name runs across one."""
    lines: list[str] = []
    for token in _comment_markdown.parse(body):
        if token.type != "inline":
            continue  # code blocks and fences are block tokens: left out
        line: list[str] = []
        for child in token.children or ():
            if child.type == "text":
                line.append(child.content)
            elif child.type in ("code_inline", "softbreak", "hardbreak"):
                line.append("\n")
        lines.append("".join(line))
    return "\n".join(lines)


def _mention_runs(text: str) -> list[str]:
    """After each "@" of `text` that may start a mention, the characters a
    name could be made of (on one line, within reach), and the one after
    them (to tell where a word ends)."""
    runs = []
    at = text.find("@")
    while at != -1:
        before = text[at - 1] if at else " "
        starts = before.isspace() or not (
            _is_word(before) or before in _NOT_BEFORE_MENTION
        )
        start = end = at + 1
        stop = min(len(text), start + _WINDOW)
        while end < stop and _is_name_char(text[end]):
            end += 1
        # A name never begins with a space: "@ Ann" is no mention.
        if starts and end > start and not text[start].isspace():
            runs.append(text[start : end + 1])
        at = text.find("@", at + 1)
    return runs


def _longest_name(run: str, by_form: dict[str, Member]) -> Member | None:
    """The member whose name `run` begins with, the longest first."""
    if _is_name_char(run[-1]):
        # The run reached the end of the text: all of it may be the name.
        member = by_form.get(_mention_form(run))
        if member is not None:
            return member
    for end in range(len(run) - 1, 0, -1):
        if _ends_word(run, end):
            member = by_form.get(_mention_form(run[:end]))
            if member is not None:
                return member
    return None


def _ends_word(run: str, end: int) -> bool:
    """Whether a name may end just before `run[end]`: not inside a word, not
    before a joiner that goes on into a word, and not on a space."""
    after = run[end]
    if _is_word(after) or run[end - 1].isspace():
        return False
    following = run[end + 1] if end + 1 < len(run) else ""
    return not (after in _JOINERS and following and _is_word(following))


def _beginning_with(keys: set[str]) -> Q:
    """Members whose `name_key` could be that of a name spelt from the start
    of one of `keys` (the comparison forms of the text after each "@")."""
    if len(keys) > _MAX_PREFIXES:
        return Q()
    # A name's key is a prefix of its run's key: alike in the first two
    # characters, or the whole key when a name's key is one letter long.
    return reduce(
        operator.or_,
        (Q(name_key__startswith=key[:2]) | Q(name_key=key[:1]) for key in keys),
    )


def _mention_form(text: str) -> str:
    """`text` as a mention compares with a name: Unicode form, case and
    look-alikes folded as in `display_name_key`, spaces and punctuation kept."""
    return normalize_display_name(text).casefold().translate(LOOKALIKES)


def _is_word(ch: str) -> bool:
    # Combining marks belong to the letter before them ("Ann" + U+0300).
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _is_name_char(ch: str) -> bool:
    return _is_word(ch) or ch in _JOINERS or unicodedata.category(ch) == "Zs"
