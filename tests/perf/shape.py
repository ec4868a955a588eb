"""Discussions of a given size in the benchmark's shape, built fast.

Shape (shared with the research figures in shared/research/render-costs.md):
20 % of comments top-level, every other one a reply to a uniformly random
earlier comment of depth below 5, bodies of 300-600 characters, a fixed seed.
Rows are written with bulk inserts (explicit ids, so a reply can name a
parent in the same batch); the result is exactly what post_comment would
have stored, counters included.

With a `Mix`, some comments are then in the states moderation leaves them
in, chosen with a separate seed so the tree is the same as without: held
(pending, only ever a comment without replies, as nobody can answer one),
hidden after CAIRN_REPORTS_TO_HIDE reports, removed, spam, and published
with open reports below the threshold. Each row is what the services would
have stored: `listed` for published comments and for placeholders with
listed replies, `needs_review_since` on held, hidden and reported ones, one
open `Flag` per distinct reporter, and `comment_count` counts published
comments only. The moderation log is not written: pages never read it.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape

from forum import paths
from forum.models import Comment, Discussion, Flag, Guest, Pseudonym, Reason

Status = Comment.Status

WORDS = [
    "fatigue",
    "walking",
    "infusion",
    "neurologist",
    "relapse",
    "lesion",
    "balance",
    "scan",
    "nurse",
    "tingling",
    "numbness",
    "energy",
    "morning",
    "evening",
    "family",
    "work",
    "steroid",
    "treatment",
    "appointment",
    "hospital",
    "monitoring",
    "blood",
    "test",
    "hope",
    "worry",
    "patience",
    "week",
    "month",
    "year",
    "better",
    "worse",
    "steady",
    "legs",
    "hands",
    "eyes",
    "sleep",
    "heat",
    "cold",
    "rest",
    "walk",
    "garden",
]
MAX_PARENT_DEPTH = 4  # replies go to comments of depth below 5
# Reasons a bulk report gives ("other" would need a note).
REPORT_REASONS = [Reason.SPAM, Reason.ABUSE, Reason.MISINFORMATION, Reason.SELLING]


@dataclass(frozen=True)
class Mix:
    """The share of a discussion's comments in each moderation state."""

    pending: float = 0.0
    hidden: float = 0.0
    removed: float = 0.0
    spam: float = 0.0
    reported: float = 0.0  # published, with open reports below the threshold


# A few hundred of each at 10,000 comments.
MODERATED = Mix(pending=0.03, hidden=0.02, removed=0.02, spam=0.02, reported=0.03)


@dataclass(frozen=True)
class Speaking:
    """The share of comments written in each of the other ways to speak
    (issue 18): without the author's name, by a guest, and the share of
    top-level comments that are questions for the columnist (`answered`
    of them answered by a reply of `columnist` in their thread)."""

    anonymous: float = 0.0
    guests: float = 0.0
    questions: float = 0.0
    answered: float = 0.5


# A discussion of a sensitive column that takes guests and questions.
SPEAKERS = Speaking(anonymous=0.05, guests=0.02, questions=0.1)


def body_text(rng: random.Random) -> str:
    target = rng.randint(300, 600)
    words: list[str] = []
    length = 0
    while length < target:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return (" ".join(words)[:target].rstrip() + ".").capitalize()


def build(
    discussion: Discussion,
    *,
    size: int,
    authors: list,
    seed: int = 20261123,
    mix: Mix | None = None,
    speaking: Speaking | None = None,
    columnist=None,
) -> None:
    """`authors` must number more than CAIRN_REPORTS_TO_HIDE with a `mix`
    (its reporters are distinct authors other than the comment's)."""
    rng = random.Random(seed)
    start_id = (Comment.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    now = timezone.now() - timedelta(days=30)
    rows: list[Comment] = []
    eligible: list[int] = []  # indexes of comments that may receive replies
    top_level = 0
    for index in range(size):
        if index == 0 or rng.random() < 0.2 or not eligible:
            top_level += 1
            parent = None
            path = paths.encode(top_level)
        else:
            parent = rows[rng.choice(eligible)]
            parent.child_seq += 1
            path = paths.child(parent.path, parent.child_seq)
        text = body_text(rng)
        comment = Comment(
            id=start_id + index,
            discussion=discussion,
            author=rng.choice(authors),
            parent_id=parent.id if parent else None,
            path=path,
            depth=paths.depth_of(path),
            thread_number=paths.thread_number(path),
            body=text,
            body_html=f"<p>{escape(text)}</p>",
            created_at=now + timedelta(seconds=index),
        )
        rows.append(comment)
        if comment.depth <= MAX_PARENT_DEPTH:
            eligible.append(index)
    flags = _moderate(rows, mix, authors, seed=seed) if mix else []
    _list(rows)
    if speaking:
        _speak(rows, speaking, discussion, columnist or authors[0], seed=seed)
    Comment.objects.bulk_create(rows, batch_size=2000)
    Flag.objects.bulk_create(flags, batch_size=2000)
    published = [comment for comment in rows if comment.status == Status.PUBLISHED]
    Discussion.objects.filter(pk=discussion.pk).update(
        comment_count=len(published),
        top_level_seq=top_level,
        last_activity_at=published[-1].created_at if published else None,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('forum_comment', 'id'), "
                "(SELECT MAX(id) FROM forum_comment))"
            )


def _moderate(rows: list[Comment], mix: Mix, authors: list, *, seed: int) -> list[Flag]:
    """Give a share of `rows` (not saved yet) each moderation state of `mix`;
    return the open reports to save with them."""
    rng = random.Random(f"{seed}/moderation")
    threshold = settings.CAIRN_REPORTS_TO_HIDE
    answered = {comment.parent_id for comment in rows if comment.parent_id}
    unanswered = [comment for comment in rows if comment.id not in answered]
    for comment in rng.sample(
        unanswered, min(len(unanswered), round(len(rows) * mix.pending))
    ):
        comment.status = Status.PENDING
        comment.hold_reason = Comment.HoldReason.PHRASE
        comment.needs_review_since = comment.created_at
    rest = [comment for comment in rows if comment.status == Status.PUBLISHED]
    rng.shuffle(rest)
    flags: list[Flag] = []
    for status, share in (
        (Status.HIDDEN, mix.hidden),
        (Status.REMOVED, mix.removed),
        (Status.SPAM, mix.spam),
        (Status.PUBLISHED, mix.reported),
    ):
        n = round(len(rows) * share)
        chosen, rest = rest[:n], rest[n:]
        for comment in chosen:
            comment.status = status
            if status == Status.HIDDEN:
                flags += _reports(comment, threshold, authors, rng)
            elif status == Status.PUBLISHED:
                flags += _reports(
                    comment, rng.randint(1, max(1, threshold - 1)), authors, rng
                )
    return flags


def _speak(
    rows: list[Comment], speaking: Speaking, discussion, columnist, *, seed: int
) -> None:
    """Give a share of `rows` (not saved yet) the ways of speaking of
    `speaking`, as post_comment and the guest and question services store
    them: a pseudonym from the author's Pseudonym row, a confirmed Guest in
    place of the author, questions among top-level comments and the answer
    (a published, named reply of `columnist` in the thread)."""
    rng = random.Random(f"{seed}/speaking")
    published = [c for c in rows if c.status == Status.PUBLISHED]
    guests = rng.sample(published, round(len(rows) * speaking.guests))
    made = Guest.objects.bulk_create(
        Guest(
            name=f"Visitor {i}",
            email=f"visitor{i}@example.org",
            ip_hash=f"{rng.getrandbits(64):016x}",
            discussion=discussion,
            created_at=c.created_at,
            confirmed_at=c.created_at,
        )
        for i, c in enumerate(guests)
    )
    for comment, guest in zip(guests, made, strict=True):
        comment.author, comment.guest = None, guest
    named = [c for c in published if c.guest is None]
    anonymous = rng.sample(named, round(len(rows) * speaking.anonymous))
    labels = {}
    for comment in anonymous:
        labels.setdefault(comment.author_id, f"Bench pseudonym {len(labels)}")
        comment.pseudonym = labels[comment.author_id]
    Pseudonym.objects.bulk_create(
        Pseudonym(discussion=discussion, member_id=member, label=label)
        for member, label in labels.items()
    )
    tops = [c for c in named if c.depth == 0]
    replies: dict[int, list[Comment]] = {}
    for comment in rows:
        if (
            comment.depth
            and comment.status == Status.PUBLISHED
            and comment.guest is None
            and not comment.open_flags  # nobody reported their own words
        ):
            replies.setdefault(comment.thread_number, []).append(comment)
    for question in rng.sample(tops, round(len(tops) * speaking.questions)):
        question.is_question = True
        answers = replies.get(question.thread_number)
        if answers and rng.random() < speaking.answered:
            answer = answers[0]
            answer.author, answer.pseudonym = columnist, ""
            question.answer_id = answer.id
            question.answered_by = columnist
            question.answered_at = answer.created_at


def _reports(comment: Comment, n: int, authors: list, rng: random.Random) -> list:
    reporters = rng.sample([a for a in authors if a.pk != comment.author_id], n)
    reports = [
        Flag(
            comment_id=comment.id,
            reporter=reporter,
            reason=rng.choice(REPORT_REASONS),
            created_at=comment.created_at + timedelta(hours=1 + i),
        )
        for i, reporter in enumerate(reporters)
    ]
    comment.open_flags = n
    comment.needs_review_since = reports[0].created_at
    return reports


def _list(rows: list[Comment]) -> None:
    """Set `listed` as forum/services/places.py keeps it: published, or a
    placeholder with listed replies. Replies come after their parent in
    `rows`, so one backward pass sees every reply before its parent."""
    with_listed_replies: set[int] = set()
    for comment in reversed(rows):
        comment.listed = comment.status == Status.PUBLISHED or (
            comment.status in Comment.PLACEHOLDER_STATUSES
            and comment.id in with_listed_replies
        )
        if comment.listed and comment.parent_id:
            with_listed_replies.add(comment.parent_id)
