"""`make bench`, search section: site search latency on PostgreSQL with
1,000 more articles and 100,000 more comments.

The articles and comments are bulk-inserted in chunks (the PostgreSQL
triggers fill their stored search vectors, as on any write), spread over
1,000 discussions of 100 published comments each, with text put together
from word lists that include treatment names under their several names
(Lemtrada / alemtuzumab / Campath, Ocrevus / ocrelizumab, ...) and one rare
word in a handful of comments. Then each query shape is fetched RUNS times
through Django's full request stack as a reader (after warm-up): the
median and p90 server time, the SQL queries and the result count.

Run alone (a fresh database, a minute or two):
`.venv/bin/python -m tests.perf.bench_search --database-url postgres://...`
"""

import random
import re
import statistics
import time
from datetime import timedelta

ARTICLES = 1_000
COMMENTS_EACH = 100  # 100,000 comments
CHUNK = 5_000
RUNS = 30
WARMUP = 2
RARE = "quillwort"

TREATMENTS = {
    "alemtuzumab": ("Alemtuzumab", "Lemtrada\nCampath"),
    "ocrelizumab": ("Ocrelizumab", "Ocrevus"),
    "dimethyl-fumarate": ("Dimethyl fumarate", "Tecfidera\nDMF"),
    "natalizumab": ("Natalizumab", "Tysabri"),
}
# Every name a member might write.
NAMES = [
    "Lemtrada",
    "alemtuzumab",
    "Campath",
    "Ocrevus",
    "ocrelizumab",
    "Tecfidera",
    "DMF",
    "Tysabri",
    "natalizumab",
]
PHRASES = [
    "my blood test came back fine",
    "the infusion nurse was kind",
    "fatigue after lunch",
    "walking with a stick",
    "heat makes it worse",
    "my neurologist suggested waiting",
    "the MRI showed no new lesions",
    "sleep helps more than anything",
    "cooling vest in summer",
    "pins and needles in my hands",
]

SHAPES = [
    ("a brand name (synonyms)", "q=Lemtrada"),
    ("a common word", "q=fatigue"),
    ("a two-word phrase", "q=%22blood+test%22"),
    ("a rare word", f"q={RARE}"),
    ("a word, filtered by treatment", "q=walking&treatment=ocrelizumab"),
    ("a word, discussions only", "q=heat&in=discussions"),
    ("a common word, page 5", "q=fatigue&page=5"),
]


def _text(rng: random.Random, words: list[str], length: int) -> str:
    parts = []
    while sum(len(p) + 1 for p in parts) < length:
        roll = rng.random()
        if roll < 0.15:
            parts.append(rng.choice(PHRASES))
        elif roll < 0.22:
            parts.append(rng.choice(NAMES))
        else:
            parts.append(rng.choice(words))
    return (" ".join(parts) + ".").capitalize()


def build(author) -> None:
    """ARTICLES published articles with their discussions and COMMENTS_EACH
    published comments each, by bulk insert."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone
    from django.utils.html import escape

    from articles.models import Article
    from forum import paths
    from forum.models import Comment, Discussion, Member, Treatment
    from tests.perf.shape import WORDS

    rng = random.Random(20261125)
    treatments = {
        slug: Treatment.objects.get_or_create(
            slug=slug, defaults={"name": name, "other_names": others}
        )[0]
        for slug, (name, others) in TREATMENTS.items()
    }
    now = timezone.now()
    articles = Article.objects.bulk_create(
        [
            Article(
                title=_text(rng, WORDS, 40)[:-1],
                slug=f"search-bench-{n}",
                author=author,
                summary=_text(rng, WORDS, 120),
                body=(body := _text(rng, WORDS, 1500)),
                body_html=f"<p>{escape(body)}</p>",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=n),
            )
            for n in range(ARTICLES)
        ],
        batch_size=500,
    )
    Article.treatments.through.objects.bulk_create(
        Article.treatments.through(
            article_id=a.pk, treatment_id=rng.choice(list(treatments.values())).pk
        )
        for a in articles
    )
    kind = ContentType.objects.get_for_model(Article)
    discussions = Discussion.objects.bulk_create(
        [
            Discussion(
                host_type=kind,
                host_id=a.pk,
                comment_count=COMMENTS_EACH,
                top_level_seq=COMMENTS_EACH,
            )
            for a in articles
        ],
        batch_size=500,
    )
    members = list(Member.objects.filter(email__startswith="bench")[:50])
    next_id = (Comment.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    rows = []
    rare = set(rng.sample(range(ARTICLES * COMMENTS_EACH), 12))
    for d, discussion in enumerate(discussions):
        for n in range(COMMENTS_EACH):
            index = d * COMMENTS_EACH + n
            body = _text(rng, WORDS, rng.randint(200, 500))
            if index in rare:
                body += f" A {RARE} in the garden."
            path = paths.encode(n + 1)
            rows.append(
                Comment(
                    id=next_id + index,
                    discussion=discussion,
                    author=rng.choice(members),
                    path=path,
                    depth=0,
                    thread_number=n + 1,
                    body=body,
                    body_html=f"<p>{escape(body)}</p>",
                    created_at=now - timedelta(minutes=index),
                )
            )
            if len(rows) == CHUNK:
                Comment.objects.bulk_create(rows)
                rows = []
    Comment.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('forum_comment', 'id'), "
            "(SELECT MAX(id) FROM forum_comment))"
        )
        cursor.execute("ANALYZE")


def _count(html: bytes) -> int:
    found = re.search(rb"([\d,]+) results? for", html)
    return int(found.group(1).replace(b",", b"")) if found else 0


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        response = client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings.sort()
    return {
        "queries": len(queries),
        "results": _count(response.content),
        "kb": len(response.content) / 1024,
        "median": statistics.median(timings),
        "p90": timings[int(len(timings) * 0.9) - 1],
    }


def run(author) -> list[tuple[str, str, dict]]:
    """Build the search data, then measure every shape as a reader."""
    from django.conf import settings
    from django.test import Client

    settings.CAIRN_SEARCH_RATE_LIMIT = "1000000/m/ip"
    started = time.perf_counter()
    build(author)
    print(f"(search data built in {time.perf_counter() - started:.0f} s)", flush=True)
    reader = Client()
    return [(name, q, measure(reader, f"/search/?{q}")) for name, q in SHAPES]


def print_rows(rows) -> None:
    from forum.models import Comment

    total = Comment.objects.count()
    print(
        f"\n### Search ({ARTICLES:,} articles and {ARTICLES * COMMENTS_EACH:,} "
        f"comments added; {total:,} comments in all)\n"
    )
    print("| query | URL | results | SQL queries | page KB | median ms | p90 ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, q, m in rows:
        print(
            f"| {name} | `?{q}` | {m['results']:,} | {m['queries']} | {m['kb']:.0f} "
            f"| {m['median']:.1f} | {m['p90']:.1f} |",
            flush=True,
        )


def main() -> int:
    import argparse
    import os

    from tests.perf import bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cairn_bench"
        ),
    )
    args = parser.parse_args()
    bench.fresh_database(args.database_url)
    bench.setup_django(args.database_url)
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from forum.models import Member

    call_command("migrate", verbosity=0)
    authors = [
        Member.objects.create_user(
            f"bench{n}@example.org", "bench-password-1", display_name=f"Bench {n:02d}"
        )
        for n in range(50)
    ]
    authors[0].groups.add(Group.objects.get(name=Member.COLUMNISTS))
    print_rows(run(authors[0]))
    return 0


if __name__ == "__main__":
    import os
    import sys

    sys.path.insert(0, os.getcwd())
    sys.exit(main())
