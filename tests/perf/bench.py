"""`make bench`: how a discussion page and posting scale with discussion size.

Builds, on a fresh PostgreSQL database (DATABASE_URL, default a local
`cairn_bench`), discussions of 100, 1,000 and 10,000 comments in the shape of
tests/perf/shape.py, with its moderation mix and its other ways to speak
(shape.SPEAKERS: 5 % anonymous, 2 % by guests, 10 % of threads questions
for the columnist, half of them answered; shape.MODERATED: 3 % held,
2 % hidden after reports, 2 % removed, 2 % spam, 3 % reported and still
published; the hidden and removed ones with replies stay as placeholders),
plus 200 other articles with 20 comments each, then measures through
Django's full request stack (DEBUG off, cached templates):

* first page, a late page and a permalink deep in a long thread, as a reader
  and as a signed-in member: SQL queries, comments rendered, page bytes,
  median and p90 server time over 20 requests after warm-up;
* the discussion's Questions view, and the columnist's unanswered
  questions across all of them;
* posting, with notifications on: median ms per reply, and replies/s with
  16 members replying to the same parent at once, with lost and duplicate
  counts (each reply queues its delivery as a task, as in production);
* following (tests/perf/bench_following.py): the task worker's time to
  tell 5,000 followers of one comment, inbox only and with email.
* search (tests/perf/bench_search.py): latency of the search page (median,
  p90) over 1,000 more articles and 100,000 more comments, per query shape.

Goals (reported, never asserted in the test suite): the first page at 10,000
comments within 1.5x the time at 100; at least 200 replies/s under contention.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from urllib.parse import urlparse

SIZES = (100, 1_000, 10_000)
OTHER_ARTICLES = 200
QUEUE_SIZE = 10_000
OTHER_COMMENTS = 20
AUTHORS = 50
REQUESTS = 20
WARMUP = 3
CONTENDERS = 16
REPLIES_EACH = 25
CONTENTION_ROUNDS = 3


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import warnings

    import django

    # The bench serves static files through the finders, like `make run`.
    warnings.filterwarnings("ignore", "No directory at")
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.CAIRN_COMMENT_RATE_LIMITS = []
    settings.CAIRN_COMMENT_DUPLICATE_WINDOW = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    import logging

    # One line per task and per mail batch would bury the tables.
    for name in ("django.tasks", "django_tasks_db", "forum"):
        logging.getLogger(name).setLevel(logging.WARNING)


def fresh_database(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme.startswith("postgres"):
        import psycopg

        name = parsed.path.lstrip("/")
        admin = url.replace(parsed.path, "/postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')


def build_world():
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article
    from articles.services import publish_article
    from forum import services
    from forum.disclaimers import current_disclaimer
    from forum.models import Member
    from tests.perf import shape

    call_command("migrate", verbosity=0)
    columnists = Group.objects.get(name=Member.COLUMNISTS)
    from allauth.account.models import EmailAddress

    authors = []
    for n in range(AUTHORS):
        # Trusted, as the regulars of a long discussion are: posting is
        # measured for comments that go straight through, not held ones.
        member = Member.objects.create_user(
            f"bench{n}@example.org",
            "bench-password-1",
            display_name=f"Bench reader {n:02d}",
            trust=Member.Trust.TRUSTED,
        )
        EmailAddress.objects.create(
            user=member, email=member.email, verified=True, primary=True
        )
        services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
        authors.append(member)
    writer = authors[0]
    writer.groups.add(columnists)

    def article(slug: str) -> "Article":
        item = Article.objects.create(
            title=f"Bench article {slug}",
            slug=slug,
            author=writer,
            summary="Bench.",
            body="Benchmark article body.\n\nSecond paragraph.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        publish_article(article=item)
        return item

    for n in range(OTHER_ARTICLES):
        other = article(f"other-{n}")
        shape.build(
            services.open_discussion(host=other),
            size=OTHER_COMMENTS,
            authors=authors,
            seed=n,
        )
    sized = {}
    for size in SIZES:
        item = article(f"discussion-{size}")
        discussion = services.open_discussion(host=item)
        shape.build(
            discussion,
            size=size,
            authors=authors,
            mix=shape.MODERATED,
            speaking=shape.SPEAKERS,
            columnist=writer,
        )
        discussion.is_sensitive = True
        discussion.save(update_fields=["is_sensitive"])
        sized[size] = item
    # The moderation queue's own discussion: 10,000 comments, every one of
    # them held, hidden or reported.
    queue_article = article("queue-10000")
    shape.build(
        services.open_discussion(host=queue_article),
        size=QUEUE_SIZE,
        authors=authors,
        mix=shape.Mix(pending=0.4, hidden=0.1, reported=0.5),
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return sized, authors


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        response = client.get(url, follow=True)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, follow=True)
        timings.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, follow=True)
    html = response.content
    timings.sort()
    return {
        "queries": len(queries),
        "comments": html.count(b'class="comment '),
        "items": html.count(b'class="queue-item '),
        "kb": len(html) / 1024,
        "median": statistics.median(timings),
        "p90": timings[int(len(timings) * 0.9) - 1],
    }


def queue_pages():
    from forum.models import Comment

    waiting = Comment.objects.awaiting_review().oldest_waiting_first()
    count = waiting.count()
    last = (count + 24) // 25
    return count, {
        "queue, first page": "/moderation/",
        "queue, last page": f"/moderation/?page={last}",
        "queue, reported for misinformation": "/moderation/?reason=misinformation",
        "comment case": f"/moderation/c/{waiting.last().pk}/",
    }


def pages_for(article):
    from forum import threads
    from forum.models import Comment, Discussion

    discussion = Discussion.objects.for_host(article).get()
    rows = Comment.objects.filter(discussion=discussion).in_thread()
    ordered = list(rows.order_by("path").values_list("pk", flat=True))
    late = rows.get(pk=ordered[int(len(ordered) * 0.8)])
    late_start = threads.locate(late)
    # Deep in the longest thread: the deepest, latest reply of thread 1.
    deep = rows.in_subtree("0001").order_by("-depth", "-path").first()
    base = article.get_absolute_url()
    return {
        "first page": base,
        "late page": f"{base}?from={late_start}",
        "permalink": f"/c/{deep.pk}/",
        "Questions view": f"/discussions/{discussion.pk}/questions/",
    }


def contention_round(discussion, authors, label: str) -> dict:
    """CONTENDERS members reply REPLIES_EACH times each to one new parent,
    all at once. Processes, as in production (several web workers share
    PostgreSQL): threads in one interpreter would measure the GIL."""
    from django.db import connections

    from forum import services
    from forum.models import Comment

    target = services.post_comment(discussion=discussion, author=authors[1], body=label)
    context = multiprocessing.get_context("fork")
    go = context.Event()
    errors = context.Queue()
    connections.close_all()

    def contend(author):
        try:
            go.wait(timeout=60)
            for n in range(REPLIES_EACH):
                services.post_comment(
                    discussion=discussion,
                    author=author,
                    body=f"{label}: reply {n} from {author.pk}",
                    parent=target,
                )
        except Exception as error:  # noqa: BLE001 - counted and printed
            errors.put(repr(error))
        finally:
            connections.close_all()

    workers = [
        context.Process(target=contend, args=(authors[10 + i],))
        for i in range(CONTENDERS)
    ]
    for worker in workers:
        worker.start()
    time.sleep(1)  # every process reaches the starting line
    started = time.perf_counter()
    go.set()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    replies = Comment.objects.filter(parent=target)
    landed = replies.count()
    return {
        "per_second": landed / elapsed,
        "lost": CONTENDERS * REPLIES_EACH - landed,
        "duplicates": landed - replies.values("path").distinct().count(),
        "errors": failures,
    }


def bench_posting(article, authors) -> dict:
    from forum import services
    from forum.models import Discussion

    discussion = Discussion.objects.for_host(article).get()
    parent = services.post_comment(
        discussion=discussion, author=authors[1], body="Bench parent"
    )
    sequential = []
    for n in range(50):
        started = time.perf_counter()
        services.post_comment(
            discussion=discussion,
            author=authors[2 + n % 40],
            body=f"Sequential reply {n}",
            parent=parent,
        )
        sequential.append((time.perf_counter() - started) * 1000)
    # A shared 2-core machine is noisy: report the median of three rounds.
    rounds = [
        contention_round(discussion, authors, f"Contended {n}")
        for n in range(CONTENTION_ROUNDS)
    ]
    rates = sorted(r["per_second"] for r in rounds)
    return {
        "median_ms": statistics.median(sequential),
        "per_second": statistics.median(rates),
        "range": (rates[0], rates[-1]),
        "expected": CONTENDERS * REPLIES_EACH * CONTENTION_ROUNDS,
        "lost": sum(r["lost"] for r in rounds),
        "duplicates": sum(r["duplicates"] for r in rounds),
        "errors": [e for r in rounds for e in r["errors"]][:3],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cairn_bench"
        ),
    )
    args = parser.parse_args()
    fresh_database(args.database_url)
    setup_django(args.database_url)
    from django.test import Client

    print(
        f"Building {len(SIZES)} discussions and {OTHER_ARTICLES}x{OTHER_COMMENTS} others...",
        flush=True,
    )
    sized, authors = build_world()
    reader = Client()
    member = Client()
    member.force_login(authors[3])
    first_page_ms = {}
    for size, article in sized.items():
        print(f"\n### {size:,} comments\n")
        print(
            "| page | viewer | SQL queries | comments rendered | page KB | median ms | p90 ms |"
        )
        print("|---|---|---:|---:|---:|---:|---:|")
        for name, url in pages_for(article).items():
            for viewer, client in (("reader", reader), ("member", member)):
                m = measure(client, url)
                if name == "first page" and viewer == "reader":
                    first_page_ms[size] = m["median"]
                print(
                    f"| {name} | {viewer} | {m['queries']} | {m['comments']} | {m['kb']:.0f} "
                    f"| {m['median']:.1f} | {m['p90']:.1f} |",
                    flush=True,
                )
    columnist = Client()
    columnist.force_login(authors[0])
    m = measure(columnist, "/questions/")
    print("\n### The columnist's questions to answer (every discussion above)\n")
    print("| page | SQL queries | page KB | median ms | p90 ms |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| /questions/ | {m['queries']} | {m['kb']:.0f} | {m['median']:.1f} "
        f"| {m['p90']:.1f} |",
        flush=True,
    )
    # A member page: the most prolific bench reader's, first and a late page.
    print("\n### A member's page (their comments across every discussion above)\n")
    print("| page | viewer | SQL queries | page KB | median ms | p90 ms |")
    print("|---|---|---:|---:|---:|---:|")
    from urllib.parse import quote

    from forum.models import Comment

    prolific = authors[4]
    listed = Comment.objects.on_member_page(prolific).count()
    base = f"/members/{quote(prolific.display_name)}/"
    for name, url in (
        (f"first page ({listed:,} comments listed)", base),
        ("last page", f"{base}?page={(listed + 19) // 20}"),
    ):
        for viewer, client in (("reader", reader), ("member", member)):
            m = measure(client, url)
            print(
                f"| {name} | {viewer} | {m['queries']} | {m['kb']:.0f} "
                f"| {m['median']:.1f} | {m['p90']:.1f} |",
                flush=True,
            )
    from django.contrib.auth.models import Group

    from forum.models import Member
    from tests.factories import set_up_two_factor

    authors[2].groups.add(Group.objects.get(name=Member.MODERATORS))
    # Moderators open the queue only with two-factor sign-in set up.
    set_up_two_factor(authors[2])
    moderator = Client()
    moderator.force_login(authors[2])
    waiting, queue = queue_pages()
    print(f"\n### Moderation queue ({waiting:,} comments waiting)\n")
    print("| page | SQL queries | items | page KB | median ms | p90 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, url in queue.items():
        m = measure(moderator, url)
        print(
            f"| {name} | {m['queries']} | {m['items']} | {m['kb']:.0f} "
            f"| {m['median']:.1f} | {m['p90']:.1f} |",
            flush=True,
        )
    posting = bench_posting(sized[SIZES[-1]], authors)
    print(
        "\n### Posting with notifications on (10,000-comment discussion; each "
        "reply follows the discussion and queues its notifications)\n"
    )
    print(
        "| sequential median ms per reply | concurrent replies/s (16 members, one "
        "parent; median of 3 rounds) | range | landed | lost | duplicate paths |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    low, high = posting["range"]
    print(
        f"| {posting['median_ms']:.1f} | {posting['per_second']:.0f} | {low:.0f}–{high:.0f} | "
        f"{posting['expected'] - posting['lost']}/{posting['expected']} | {posting['lost']} "
        f"| {posting['duplicates']} |"
    )
    if posting["errors"]:
        print("errors:", *posting["errors"], sep="\n  ")
    from articles.models import Article
    from tests.perf import bench_following

    fanout = [
        bench_following.deliver_to_followers(
            Article.objects.get(slug=f"other-{n}"), authors[5], frequency
        )
        for n, frequency in enumerate(("daily", "immediately"))
    ]
    bench_following.print_rows(fanout)
    from tests.perf import bench_search

    bench_search.print_rows(bench_search.run(authors[0]))
    ratio = first_page_ms[SIZES[-1]] / first_page_ms[SIZES[0]]
    print(
        f"\nGoal: first page at {SIZES[-1]:,} within 1.5x of {SIZES[0]:,}: {ratio:.2f}x "
        f"({'met' if ratio <= 1.5 else 'NOT met'}); "
        f"posting >= 200 replies/s: {posting['per_second']:.0f} "
        f"({'met' if posting['per_second'] >= 200 else 'NOT met'})."
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    sys.exit(main())
