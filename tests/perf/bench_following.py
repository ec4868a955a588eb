"""`make bench`, following section: how long the task worker takes to tell
5,000 followers of one comment.

A discussion gets FOLLOWERS followers (verified addresses), a member posts
one comment through forum.services (the request only queues the delivery),
then the real worker (`manage.py db_worker --batch`, in this process) runs
every task the comment queued: the delivery in batches of
CAIRN_NOTIFY_BATCH followers and, for followers who asked for email at
once, the email batches (sent to the locmem mail backend the bench sets).
Measured twice: with every follower on the default daily digest (inbox
rows only; the digest is sent later) and with every follower asking for
email immediately (5,000 emails rendered and sent).
"""

import time

FOLLOWERS = 5_000


def _followers(discussion, frequency: str) -> None:
    from allauth.account.models import EmailAddress

    from forum.models import Member, Subscription

    start = Member.objects.count()
    members = Member.objects.bulk_create(
        Member(
            email=f"follower{start + n}@example.org",
            display_name=f"Follower {start + n:05d}",
            name_key=f"follower {start + n:05d}",
            email_notifications=frequency,
        )
        for n in range(FOLLOWERS)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=m, email=m.email, verified=True, primary=True)
        for m in members
    )
    Subscription.objects.bulk_create(
        Subscription(member=m, discussion=discussion, following=True) for m in members
    )


def _drain() -> None:
    """Run the worker until no task is left."""
    from django.core.management import call_command

    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


def deliver_to_followers(article, author, frequency: str) -> dict:
    from django.core import mail

    from articles.services import publish_article
    from forum import services
    from forum.models import Notification

    _drain()  # what earlier sections queued
    discussion = publish_article(article=article)
    _followers(discussion, frequency)
    mail.outbox = []
    started = time.perf_counter()
    comment = services.post_comment(
        discussion=discussion, author=author, body="News for every follower."
    )
    queued = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    _drain()
    seconds = time.perf_counter() - started
    return {
        "frequency": frequency,
        "post_ms": queued,
        "seconds": seconds,
        "notified": Notification.objects.filter(comment=comment).count(),
        "emails": len(getattr(mail, "outbox", [])),
    }


def print_rows(rows: list[dict]) -> None:
    print(f"\n### Following: one comment to {FOLLOWERS:,} followers (task worker)\n")
    print(
        "| followers' email | post (request) ms | worker s | notified | emails sent "
        "| per second |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['frequency']} | {r['post_ms']:.1f} | {r['seconds']:.2f} "
            f"| {r['notified']:,} | {r['emails']:,} "
            f"| {r['notified'] / r['seconds']:,.0f} |",
            flush=True,
        )
