"""Discussions of a given size in the benchmark's shape, built fast.

Shape (shared with the research figures in shared/research/render-costs.md):
20 % of comments top-level, every other one a reply to a uniformly random
earlier comment of depth below 5, bodies of 300-600 characters, a fixed seed.
Rows are written with bulk inserts (explicit ids, so a reply can name a
parent in the same batch); the result is exactly what post_comment would
have stored, counters included.
"""

import random
from datetime import timedelta

from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape

from forum import paths
from forum.models import Comment, Discussion

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
    discussion: Discussion, *, size: int, authors: list, seed: int = 20261123
) -> None:
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
    Comment.objects.bulk_create(rows, batch_size=2000)
    Discussion.objects.filter(pk=discussion.pk).update(
        comment_count=size,
        top_level_seq=top_level,
        last_activity_at=rows[-1].created_at,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('forum_comment', 'id'), "
                "(SELECT MAX(id) FROM forum_comment))"
            )
