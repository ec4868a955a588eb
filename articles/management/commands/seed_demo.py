"""Load Cairn's demo content: accounts, tags, articles, the reader
discussion under the demo column, the long one under the welcome post, and
held and reported comments under the first explainer for the demo
moderator's queue.

Idempotent: every row is looked up by its natural key (email, slug) and only
created when missing. Rows that already exist, whoever made them, are left
exactly as they are, so a second run changes nothing.

Models are imported inside the functions that use them, so
`--list-accounts` answers without touching the database.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import (
    demo_anonymity,
    demo_content,
    demo_guests,
    demo_long_discussion,
    demo_questions,
    demo_treatments,
)

# One password for every demo account, printed by `make run`. Not a secret:
# these accounts exist only in development databases (see the production
# guard in handle()).
DEMO_PASSWORD = "cairn-demo-2026"  # noqa: S105

# The demo accounts have no authenticator app: the editor and the moderator
# (and the columnist, with CAIRN_COLUMNISTS_MODERATE on) are led to set up
# two-factor sign-in on their first visit to the queue or the admin, as a
# new moderator is (forum.two_factor), and sign in with a code after that.
TWO_FACTOR_NOTE = (
    "The editor and the moderator (the columnist too, with "
    "CAIRN_COLUMNISTS_MODERATE on) are asked to set up two-factor sign-in "
    "with an authenticator app the first time they open the moderation queue "
    "or the admin; after that, signing in asks for a code from the app."
)


# (article slug, comments), oldest article first. The rate limits count a
# member's comments from an hour before a new one onwards, later ones
# included, so demo history is written in date order.
DISCUSSIONS = (
    (demo_long_discussion.LONG_DISCUSSION_SLUG, demo_long_discussion.LONG_DISCUSSION),
    (demo_content.COLUMN_SLUG, demo_content.DISCUSSION),
)


class Command(BaseCommand):
    help = "Create the demo accounts, tags, articles and discussions (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list-accounts",
            action="store_true",
            help="Print the demo log-ins (role, display name, email) and exit.",
        )

    def handle(self, *args, list_accounts=False, **options):
        if list_accounts:
            self.stdout.write(accounts_table())
            self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
            self.stdout.write(TWO_FACTOR_NOTE)
            return
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "seed_demo creates accounts with a published password, including a "
                "superuser; it refuses to run with DJANGO_ENV=production."
            )
        with transaction.atomic():
            members, new_accounts = seed_accounts()
            new_tags = seed_tags()
            new_articles = seed_articles(
                author=members[demo_content.COLUMNIST.display_name]
            )
            new_comments, not_placed = 0, []
            for slug, items in DISCUSSIONS:
                article = demo_article(slug, members)
                if article is None:
                    continue
                created = seed_discussion(article, members, items)
                if created is None:
                    not_placed.append(article.title)
                else:
                    new_comments += created
            article = demo_article(demo_content.QUEUE_SLUG, members)
            if article is not None:
                created = seed_moderation_queue(article, members)
                if created is None:
                    not_placed.append(article.title)
                else:
                    new_comments += created
            # Posting without one's name (issue 18): its own article and people.
            made = demo_anonymity.seed_sensitive_discussion(members)
            new_accounts += made.accounts
            new_articles += made.articles
            new_comments += made.comments
            new_comments += demo_guests.seed_guest_comments(members)
            new_comments += demo_questions.seed(members)  # questions for the columnist
            # The treatments list, and a few members' MS journeys (issue 19).
            demo_treatments.seed(members)
            # Other apps' demo content, which articles must not import.
            others = seed_app_demos(members, timezone.now())
            new_comments += others.pop("comments", 0)
        extra = " and ".join(f"{n} {noun}" for noun, n in others.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {new_accounts} accounts, {new_tags} tags, "
                f"{new_articles} articles and {new_comments} comments created"
                + (f", and {extra}." if extra else ".")
            )
        )
        for title in not_placed:
            self.stdout.write(
                self.style.WARNING(
                    f"The discussion under \u201c{title}\u201d was not seeded: its "
                    "members posted demo comments in the last few hours, and "
                    "there is no room before now to date it after them. Run "
                    "seed_demo again later, or start from a fresh database."
                )
            )


def seed_app_demos(members, now) -> dict[str, int]:
    """Call `seed(members, now)` of every installed app's `demo` module
    (community.demo, ...), in INSTALLED_APPS order: {display name: Member}
    and the time; each returns how many of what it created ({"topics": 3,
    "comments": 9}). Apps that articles may not import (the community)
    bring their demo content this way. Totals by noun."""
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    totals: dict[str, int] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "demo"):
            continue
        made = import_module(f"{config.name}.demo").seed(members, now)
        for noun, count in (made or {}).items():
            totals[noun] = totals.get(noun, 0) + count
    return totals


def accounts_table() -> str:
    rows = [("Role", "Display name", "Email")]
    rows += [(a.role, a.display_name, a.email) for a in demo_content.ACCOUNTS]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def seed_accounts(accounts=None):
    """Create the missing demo accounts (`accounts`, DemoAccount each;
    demo_content.ACCOUNTS by default), each with a verified primary email.

    Returns ({display name: Member}, number created). An account whose
    email already exists is returned untouched."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from forum.models import Member

    password_hash = None  # hashed once: the slow part of creating accounts
    members, created = {}, 0
    for account in demo_content.ACCOUNTS if accounts is None else accounts:
        member = Member.objects.filter(email__iexact=account.email).first()
        if member is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            member = Member.objects.create_user(
                account.email,
                None,
                display_name=account.display_name,
                bio=account.bio,
                is_staff=account.is_staff,
                is_superuser=account.is_superuser,
                # The demo's regulars have long been approved; a newcomer's
                # first comments wait for a moderator (seed_moderation_queue).
                trust=Member.Trust.NEW if account.is_new else Member.Trust.TRUSTED,
            )
            member.password = password_hash
            member.save(update_fields=["password"])
            member.groups.add(
                *(Group.objects.get_or_create(name=g)[0] for g in account.groups)
            )
            EmailAddress.objects.create(
                user=member, email=member.email, verified=True, primary=True
            )
            created += 1
        members[account.display_name] = member
    return members, created


def seed_tags() -> int:
    from articles.models import Tag

    created = 0
    for name, slug in demo_content.TAGS.items():
        if (
            not Tag.objects.filter(slug=slug).exists()
            and not Tag.objects.filter(name__iexact=name).exists()
        ):
            Tag.objects.create(name=name, slug=slug)
            created += 1
    return created


def seed_articles(*, author) -> int:
    """Create the demo articles that are missing, published and spread over
    recent weeks relative to the first run."""
    from articles.models import Article
    from forum.models import Member

    if not author.groups.filter(name=Member.COLUMNISTS).exists():
        raise CommandError(
            f"{author.email} exists but is not a columnist; remove it or add it to "
            f"{Member.COLUMNISTS} before seeding."
        )
    created = 0
    for item in demo_content.ARTICLES:
        if Article.objects.filter(slug=item.slug).exists():
            continue
        publish_demo_article(item, author=author)
        created += 1
    return created


def publish_demo_article(item, *, author):
    """Create and publish one DemoArticle by `author`, dated `days_ago` from
    the current hour, with its (seeded) tags."""
    from articles.models import Article, Tag
    from articles.services import publish_article

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    article = Article(
        title=item.title,
        slug=item.slug,
        kind=item.kind,
        author=author,
        summary=item.summary,
        body=item.body,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=item.days_ago),
    )
    article.full_clean()
    article.save()
    publish_article(article=article)
    tags = [
        Tag.objects.filter(slug=demo_content.TAGS[name]).first()
        or Tag.objects.get(name__iexact=name)
        for name in item.tags
    ]
    article.tags.add(*tags)
    return article


def demo_article(slug, members):
    """The demo article with `slug`, if it is the one this command wrote
    (same slug and demo columnist); otherwise None, and no discussion is
    seeded under it."""
    from articles.models import Article

    columnist = members[demo_content.COLUMNIST.display_name]
    return Article.objects.filter(slug=slug, author=columnist).first()


def seed_discussion(article, members_by_name, items) -> int | None:
    """Post `items` (demo_content.DISCUSSION or LONG_DISCUSSION) under
    `article` through the forum's own service; return how many comments were
    created.

    Does nothing (returns 0) if the discussion already holds comments, which
    keeps the command idempotent. Comments are dated across the days after the article's
    publication, in the order of `items`, so the thread reads like a real one and
    the service's rate limits (which compare timestamps) are respected.

    In a database seeded before this discussion existed, its members already
    have newer demo comments, which the rate limits would count: the new
    comments are then dated after those. If that leaves no room before now,
    nothing is posted and None is returned.
    """
    from django.db.models import Max

    from articles.services import publish_article
    from forum.models import Comment

    discussion = publish_article(article=article)
    if discussion.comments.exists():
        return 0
    authors = {members_by_name[item["author"]] for item in items}
    newest = Comment.objects.filter(author__in=authors).aggregate(at=Max("created_at"))
    start = max(article.published_at, newest["at"] or article.published_at)
    times = comment_times(start, len(items))
    if times[-1] > timezone.now():
        return None
    accept_guidelines(authors)
    return len(post_items(discussion, items, members_by_name, times))


def seed_moderation_queue(article, members_by_name) -> int | None:
    """Give the demo moderator a queue under `article`: post
    demo_content.MODERATION_QUEUE and send its reports, all through the
    forum's services, so every comment is held, reported or hidden for the
    real reason (a newcomer, a link, three reports). Return how many
    comments were created.

    Does nothing (returns 0) once the queue's people have written there,
    which keeps the command idempotent; a moderator's decisions on them are
    never undone. Dated over the last day, as a queue is, after whatever the
    discussion already holds: None, and nothing posted, if that leaves no
    room before now. The queue's people write nowhere else, so no demo
    discussion's dates depend on these.
    """
    from django.db.models import Max

    from articles.services import publish_article
    from forum.services import report_comment

    items = demo_content.MODERATION_QUEUE
    discussion = publish_article(article=article)
    authors = {members_by_name[item["author"]] for item in items}
    if discussion.comments.filter(author__in=authors).exists():
        return 0
    now = timezone.now()
    latest = discussion.comments.aggregate(at=Max("created_at"))["at"]
    start = max(
        article.published_at, latest or article.published_at, now - timedelta(days=1)
    )
    reports = [(item, *report) for item in items for report in item["reports"]]
    times = comment_times(start, len(items) + len(reports), now=now)
    if times[-1] > now:
        return None
    accept_guidelines(authors)
    posted = post_items(discussion, items, members_by_name, times[: len(items)])
    # After every comment, so each reply was written before its parent was
    # hidden, as it has to be.
    for (item, reporter, reason, note), at in zip(
        reports, times[len(items) :], strict=True
    ):
        report_comment(
            comment=posted[item["key"]],
            reporter=members_by_name[reporter],
            reason=reason,
            note=note,
            now=at,
        )
    return len(posted)


def post_items(discussion, items, members_by_name, times) -> dict:
    """Post `items` (demo comments, parents first) at `times` through the
    forum's own service; return {item key: comment}."""
    from forum.services import post_comment

    posted = {}
    for item, at in zip(items, times, strict=True):
        posted[item["key"]] = post_comment(
            discussion=discussion,
            author=members_by_name[item["author"]],
            body=item["body"],
            parent=posted[item["parent"]] if item["parent"] else None,
            now=at,
        )
    return posted


def accept_guidelines(members) -> None:
    """The demo authors say "I understand" to the disclaimer in force, as
    every member must before a first post."""
    from forum import services
    from forum.disclaimers import current_disclaimer

    disclaimer = current_disclaimer()
    if disclaimer is not None:
        for member in members:
            services.accept_disclaimer(member=member, disclaimer=disclaimer)


def comment_times(start, count, *, now=None):
    """`count` increasing moments after `start`: dense on the first day and
    thinning out over up to a week, never later than an hour ago, and at
    least a minute apart."""
    now = now or timezone.now()
    span = min(timedelta(days=7), now - timedelta(hours=1) - start)
    span = max(span, timedelta(minutes=count))
    times = []
    for i in range(1, count + 1):
        at = start + span * (i / count) ** 2
        if times and at < times[-1] + timedelta(minutes=1):
            at = times[-1] + timedelta(minutes=1)
        times.append(at)
    return times
