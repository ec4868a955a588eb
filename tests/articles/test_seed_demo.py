"""`manage.py seed_demo` and the demo content it loads."""

import re
from collections import Counter
from datetime import timedelta
from http import HTTPStatus
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles import demo_content, demo_guests, demo_long_discussion
from articles.management.commands import seed_demo
from articles.models import Article, Tag
from forum import services
from forum.models import Member
from forum.names import display_name_key, validate_display_name
from forum.threads import read_page
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    set_up_two_factor,
)

DEMO_EMAILS = [account.email for account in demo_content.ACCOUNTS]
SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SHARED_RUN = 8  # words in a row that demo text may not share with a seed


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    from forum.models import Comment, Discussion, Flag, ModerationAction

    return {
        model.__name__: model.objects.count()
        for model in (
            Member,
            Article,
            Tag,
            EmailAddress,
            Discussion,
            Comment,
            Flag,
            ModerationAction,
        )
    }


def queue_comments() -> dict[str, "Comment"]:  # noqa: F821 - imported lazily
    """The seeded queue's comments, by their key in MODERATION_QUEUE."""
    from forum.models import Comment

    article = Article.objects.get(slug=demo_content.QUEUE_SLUG)
    discussion = services.open_discussion(host=article)
    found = {}
    for item in demo_content.MODERATION_QUEUE:
        found[item["key"]] = Comment.objects.get(
            discussion=discussion,
            author__display_name=item["author"],
            body=item["body"],
        )
    return found


def depths(discussion=demo_content.DISCUSSION) -> dict[str, int]:
    parents = {c["key"]: c["parent"] for c in discussion}
    result = {}
    for key, parent in parents.items():
        result[key] = 0 if parent is None else result[parent] + 1
    return result


def thread_sizes(discussion) -> Counter:
    """Comments per thread, keyed by the thread's opening comment."""
    roots = {}
    for comment in discussion:
        parent = comment["parent"]
        roots[comment["key"]] = comment["key"] if parent is None else roots[parent]
    return Counter(roots.values())


def long_discussion():
    from forum.models import Comment

    article = Article.objects.get(slug=demo_long_discussion.LONG_DISCUSSION_SLUG)
    discussion = services.open_discussion(host=article)
    return article, discussion, Comment.objects.filter(discussion=discussion)


# --- the command ------------------------------------------------------------


@pytest.mark.django_db
def test_seed_creates_the_demo_site():
    seed()

    published = Article.objects.published().filter(
        slug__in=[a.slug for a in demo_content.ARTICLES]
    )
    assert published.count() >= 3
    assert published.filter(kind=Article.Kind.EXPLAINER).count() == 2
    assert published.filter(kind=Article.Kind.COLUMN).count() == 1
    assert all(article.tags.exists() for article in published)

    columnist = Member.objects.get(email=demo_content.COLUMNIST.email)
    assert columnist.groups.filter(name=Member.COLUMNISTS).exists()
    assert set(published.values_list("author", flat=True)) == {columnist.pk}
    moderator = Member.objects.get(email=demo_content.MODERATOR.email)
    assert moderator.groups.filter(name=Member.MODERATORS).exists()
    readers = Member.objects.in_group(Member.MEMBERS).exclude(
        pk__in=[columnist.pk, moderator.pk]
    )
    assert readers.filter(email__in=DEMO_EMAILS).count() >= 12
    editor = Member.objects.get(email="editor@cairn.example")
    assert editor.is_staff and editor.is_superuser

    for email in DEMO_EMAILS:
        address = EmailAddress.objects.get(email=email)
        assert address.verified and address.primary
        assert address.user.check_password(seed_demo.DEMO_PASSWORD)


@pytest.mark.django_db
def test_published_dates_are_spread_over_recent_weeks():
    seed()
    dates = sorted(
        Article.objects.filter(
            slug__in=[a.slug for a in demo_content.ARTICLES]
        ).values_list("published_at", flat=True)
    )
    assert len(set(dates)) == len(dates)
    assert timezone.now() - timedelta(weeks=8) < dates[0] < dates[-1] < timezone.now()


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    seed()
    before = counts()
    assert "0 accounts, 0 tags, 0 articles and 0 comments" in seed()
    assert counts() == before


@pytest.mark.django_db
def test_seed_leaves_rows_it_did_not_create_alone():
    someone = ColumnistFactory()
    theirs = ArticleFactory(
        author=someone, slug=demo_content.COLUMN_SLUG, title="Someone else's column"
    )
    existing = MemberFactory(
        email=demo_content.READERS[0].email, display_name="Old Hand"
    )

    seed()

    theirs.refresh_from_db()
    assert (theirs.title, theirs.author) == ("Someone else's column", someone)
    existing.refresh_from_db()
    assert existing.display_name == "Old Hand"
    assert not existing.check_password(seed_demo.DEMO_PASSWORD)


@pytest.mark.django_db
def test_seed_posts_the_discussion_under_the_column():
    if not hasattr(services, "post_comment"):
        pytest.skip("the comment engine is not in this tree yet")
    from forum.models import Comment

    seed()

    column = Article.objects.get(slug=demo_content.COLUMN_SLUG)
    comments = Comment.objects.filter(discussion=services.open_discussion(host=column))
    assert comments.count() == len(demo_content.DISCUSSION)
    assert max(comments.values_list("depth", flat=True)) == 5
    created = list(comments.order_by("created_at").values_list("created_at", flat=True))
    assert column.published_at < created[0] and created[-1] < timezone.now()


@pytest.mark.django_db
def test_seed_posts_a_long_discussion_with_a_thread_longer_than_a_page():
    seed()

    article, discussion, comments = long_discussion()
    assert comments.count() >= 250
    assert discussion.comment_count == comments.count()
    per_thread = Counter(comments.values_list("thread_number", flat=True))
    assert max(per_thread.values()) > settings.CAIRN_COMMENTS_PER_PAGE
    assert 3 <= max(comments.values_list("depth", flat=True)) <= 5
    created = comments.order_by("created_at").values_list("created_at", flat=True)
    assert article.published_at < created[0] and created.last() < timezone.now()


@pytest.mark.django_db
def test_long_discussion_pages_show_more_replies_and_the_trail():
    seed()
    _article, discussion, comments = long_discussion()

    first = read_page(discussion)
    following = read_page(discussion, start=first.next_start)

    assert len(first.comments) == settings.CAIRN_COMMENTS_PER_PAGE
    assert first.continues_thread and first.more_in_thread > 0
    assert following.trail and following.comments[0].depth > 0
    assert following.next_start  # and a third page after it


@pytest.mark.django_db
def test_seed_adds_the_long_discussion_to_a_database_seeded_before_it(monkeypatch):
    """A development database seeded before the long discussion existed
    already holds the column's (newer) comments by the same members; the
    long discussion is dated after them, so the rate limits pass."""
    from forum.models import Comment

    column_only = [d for d in seed_demo.DISCUSSIONS if d[0] == demo_content.COLUMN_SLUG]
    monkeypatch.setattr(seed_demo, "DISCUSSIONS", column_only)
    seed()
    # The column's own comments (the moderation queue, under an explainer,
    # is by people who are in neither discussion).
    column = Article.objects.get(slug=demo_content.COLUMN_SLUG)
    column_latest = (
        Comment.objects.filter(discussion=services.open_discussion(host=column))
        .latest("created_at")
        .created_at
    )
    monkeypatch.undo()

    assert f"and {len(demo_long_discussion.LONG_DISCUSSION)} comments created" in seed()
    _article, _discussion, comments = long_discussion()
    assert column_latest < comments.earliest("created_at").created_at
    assert comments.latest("created_at").created_at < timezone.now()


@pytest.mark.django_db
def test_seed_gives_the_demo_moderator_a_queue():
    from forum.models import Comment, Flag, Reason

    seed()

    newcomer = Member.objects.get(email=demo_content.NEWCOMER.email)
    assert newcomer.trust == Member.Trust.NEW
    queued = queue_comments()
    Status, Hold = Comment.Status, Comment.HoldReason
    # Held for the real reasons: a newcomer's first comment, then a link.
    assert (queued["tamsin-hello"].status, queued["tamsin-hello"].hold_reason) == (
        Status.PENDING,
        Hold.NEW_MEMBER,
    )
    assert (queued["tamsin-link"].status, queued["tamsin-link"].hold_reason) == (
        Status.PENDING,
        Hold.LINKS,
    )
    # Three reports hid the risky advice; the answer to it is still shown.
    hidden = queued["glen-stopped"]
    assert (hidden.status, hidden.open_flags, hidden.listed) == (
        Status.HIDDEN,
        settings.CAIRN_REPORTS_TO_HIDE,
        True,
    )
    assert queued["pauline-to-glen"].parent_id == hidden.pk
    assert queued["pauline-to-glen"].status == Status.PUBLISHED
    # Two reports, for different reasons and with notes: still up.
    reported = queued["glen-to-pauline"]
    assert (reported.status, reported.open_flags) == (Status.PUBLISHED, 2)
    flags = Flag.objects.filter(comment=reported)
    assert {f.reason for f in flags} == {Reason.ABUSE, Reason.OTHER}
    assert all(f.note for f in flags)
    created = [c.created_at for c in queued.values()]
    assert timezone.now() - timedelta(days=1) < min(created)
    assert max(Flag.objects.values_list("created_at", flat=True)) < timezone.now()


@pytest.mark.django_db
def test_demo_moderators_queue_lists_the_held_and_reported_comments():
    from forum.models import Comment

    seed()
    queued = queue_comments()
    client = Client()
    moderator = Member.objects.get(email=demo_content.MODERATOR.email)
    # Set up on a first visit to the queue (tests/forum/test_two_factor.py).
    client.force_login(set_up_two_factor(moderator))

    response = client.get("/moderation/")

    assert response.status_code == HTTPStatus.OK
    waiting = {c.pk for c in response.context["page_obj"].object_list}
    # And a guest's comment, waiting since they confirmed it (demo_guests).
    guest = Comment.objects.get(guest__name="Tom from Leeds")
    assert waiting == {
        guest.pk,
        *(
            queued[key].pk
            for key in (
                "tamsin-hello",
                "tamsin-link",
                "glen-stopped",
                "glen-to-pauline",
            )
        ),
    }
    for text in (
        "how long was it before you felt like yourself again",
        "https://mstrust.org.uk/",
        "just stop it for a couple of months and see",
        "Spare us the sermon",
        "A personal dig at Pauline",
        "Held: Links",
    ):
        assertContains(response, text)
    assertContains(response, "3 reports")
    assertContains(response, "2 reports")


@pytest.mark.django_db
def test_demo_queue_is_out_of_readers_sight():
    seed()
    article = Article.objects.get(slug=demo_content.QUEUE_SLUG)

    response = Client().get(article.get_absolute_url())

    assertContains(response, "Hidden while a moderator looks at it")
    assertContains(response, "But please, anyone reading this")
    assertNotContains(response, "just stop it for a couple of months")
    assertNotContains(response, "first post")
    assertNotContains(response, "mstrust.org.uk")


@pytest.mark.django_db
def test_seed_adds_the_queue_to_a_database_seeded_before_it(monkeypatch):
    monkeypatch.setattr(demo_content, "QUEUE_SLUG", "no-such-article")
    seed()
    assert not Member.objects.get(email=demo_content.NEWCOMER.email).comments.exists()
    monkeypatch.undo()

    output = seed()

    # The queue, and the guest comments under the same explainer.
    made = len(demo_content.MODERATION_QUEUE) + len(demo_guests.GUESTS)
    assert f"and {made} comments created" in output
    assert len(queue_comments()) == len(demo_content.MODERATION_QUEUE)


@pytest.mark.django_db
def test_seed_skips_a_discussion_it_cannot_date_before_now(monkeypatch):
    from forum.models import Comment

    column_only = [d for d in seed_demo.DISCUSSIONS if d[0] == demo_content.COLUMN_SLUG]
    monkeypatch.setattr(seed_demo, "DISCUSSIONS", column_only)
    seed()
    monkeypatch.undo()
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=5))

    output = seed()

    assert "and 0 comments created" in output
    assert "was not seeded" in output
    assert not long_discussion()[2].exists()


@pytest.mark.django_db
def test_comment_times_increase_and_stay_in_the_past():
    now = timezone.now()
    times = seed_demo.comment_times(now - timedelta(days=8), 40, now=now)
    assert len(times) == 40
    assert all(b - a >= timedelta(minutes=1) for a, b in pairwise(times))
    assert times[-1] <= now - timedelta(hours=1)


@pytest.mark.django_db
def test_list_accounts_prints_the_logins_and_writes_nothing():
    output = seed("--list-accounts")
    for account in demo_content.ACCOUNTS:
        assert account.email in output
        assert account.display_name in output
    assert {"editor", "columnist", "moderator", "member", "newcomer"} <= set(
        output.split()
    )
    assert f"Password for every demo account: {seed_demo.DEMO_PASSWORD}" in output
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_seed_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not Member.objects.exists()


# --- the data ---------------------------------------------------------------


def test_group_names_match_the_member_model():
    assert demo_content.MEMBERS == Member.MEMBERS
    assert demo_content.COLUMNISTS == Member.COLUMNISTS
    assert demo_content.MODERATORS == Member.MODERATORS


def test_demo_accounts_have_valid_distinct_names_and_emails():
    names = [account.display_name for account in demo_content.ACCOUNTS]
    for name in names:
        validate_display_name(name)
    assert len({display_name_key(name) for name in names}) == len(names)
    assert len({email.lower() for email in DEMO_EMAILS}) == len(DEMO_EMAILS)
    assert len(demo_content.READERS) >= 12
    bio_sentences = re.findall(r"[.!?](?:\s|$)", demo_content.COLUMNIST.bio)
    assert 2 <= len(bio_sentences) <= 3


def test_demo_articles_are_well_formed():
    kinds = [article.kind for article in demo_content.ARTICLES]
    assert set(kinds) <= set(Article.Kind.values)
    assert kinds.count("explainer") == 2 and kinds.count("column") == 1
    assert len({article.slug for article in demo_content.ARTICLES}) == len(kinds)
    word_range = {"explainer": (500, 900), "column": (500, 800), "news": (50, 400)}
    for article in demo_content.ARTICLES:
        low, high = word_range[article.kind]
        assert low <= len(article.body.split()) <= high, article.slug
        assert len(article.summary) <= 300
        assert set(article.tags) <= set(demo_content.TAGS)
        assert re.search(r"^## \S", article.body, re.M), article.slug
        assert re.search(r"^(?:-|\d+\.) \S", article.body, re.M), article.slug


def assert_parents_come_first(discussion) -> None:
    """Keys are unique and every reply comes after the comment it answers."""
    keys = [comment["key"] for comment in discussion]
    assert len(set(keys)) == len(keys)
    seen = set()
    for comment in discussion:
        assert comment["parent"] is None or comment["parent"] in seen, comment["key"]
        seen.add(comment["key"])


def test_discussion_is_well_formed():
    discussion = demo_content.DISCUSSION
    assert_parents_come_first(discussion)

    assert 30 <= len(discussion) <= 40
    assert 8 <= sum(comment["parent"] is None for comment in discussion) <= 12
    assert max(depths().values()) == 5

    names = {account.display_name for account in demo_content.ACCOUNTS}
    assert all(comment["author"] in names for comment in discussion)
    columnist = demo_content.COLUMNIST.display_name
    replies_by_columnist = [
        c for c in discussion if c["author"] == columnist and c["parent"] is not None
    ]
    assert len(replies_by_columnist) >= 3
    long_stories = [c for c in discussion if len(c["body"].split()) >= 150]
    assert len(long_stories) >= 2
    for comment in discussion:
        assert comment["body"].strip()
        assert not re.search(r"https?://|www\.", comment["body"]), comment["key"]


def test_long_discussion_is_well_formed():
    discussion = demo_long_discussion.LONG_DISCUSSION
    assert_parents_come_first(discussion)

    assert len(discussion) >= 250
    # Longer than a page with the default CAIRN_COMMENTS_PER_PAGE (100).
    assert max(thread_sizes(discussion).values()) > 100
    assert 3 <= max(depths(discussion).values()) <= 5
    names = {account.display_name for account in demo_content.ACCOUNTS}
    assert {comment["author"] for comment in discussion} <= names
    bodies = [comment["body"] for comment in discussion]
    assert len(set(bodies)) == len(bodies)
    for body in bodies:
        assert body.strip() and "{" not in body
        assert not re.search(r"https?://|www\.", body)


def test_moderation_queue_is_well_formed():
    from forum.models import Reason

    queue = demo_content.MODERATION_QUEUE
    assert_parents_come_first(queue)
    people = {account.display_name for account in demo_content.QUEUE_PEOPLE}
    others = {account.display_name for account in demo_content.ACCOUNTS} - people
    assert {item["author"] for item in queue} == people
    # The queue's people write nowhere else, so no demo discussion's dates
    # depend on the queue.
    elsewhere = demo_content.DISCUSSION + demo_long_discussion.LONG_DISCUSSION
    assert not people & {item["author"] for item in elsewhere}
    assert [a.display_name for a in demo_content.ACCOUNTS if a.is_new] == [
        demo_content.NEWCOMER.display_name
    ]
    newcomers = [i for i in queue if i["author"] == demo_content.NEWCOMER.display_name]
    assert len(newcomers) == 2 and not any(i["reports"] for i in newcomers)
    linked = [i["key"] for i in queue if re.search(r"https?://", i["body"])]
    assert linked == [newcomers[1]["key"]]
    report_counts = sorted(len(i["reports"]) for i in queue if i["reports"])
    assert report_counts == [2, settings.CAIRN_REPORTS_TO_HIDE]
    for item in queue:
        reporters = [reporter for reporter, _reason, _note in item["reports"]]
        assert len(set(reporters)) == len(reporters)
        assert set(reporters) <= others
        for _reporter, reason, note in item["reports"]:
            assert reason in Reason.values
            assert reason != Reason.OTHER or note.strip()
    hidden = next(i for i in queue if len(i["reports"]) == 3)
    assert any(i["parent"] == hidden["key"] for i in queue)


def test_long_discussion_is_the_same_on_every_run():
    assert (
        demo_long_discussion._long_discussion() == demo_long_discussion.LONG_DISCUSSION
    )


# --- originality ------------------------------------------------------------


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def runs(text: str, n: int = SHARED_RUN) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def demo_texts() -> dict[str, str]:
    texts = {f"bio:{a.email}": a.bio for a in demo_content.ACCOUNTS}
    for article in demo_content.ARTICLES:
        texts[f"article:{article.slug}"] = "\n".join(
            [article.title, article.summary, article.body]
        )
    texts.update({f"comment:{c['key']}": c["body"] for c in demo_content.DISCUSSION})
    texts.update(
        {f"comment:{c['key']}": c["body"] for c in demo_long_discussion.LONG_DISCUSSION}
    )
    for item in demo_content.MODERATION_QUEUE:
        texts[f"queue:{item['key']}"] = "\n".join(
            [item["body"], *(note for _who, _why, note in item["reports"])]
        )
    for topic, parts in demo_long_discussion.TOPICS.items():
        for part, phrases in parts.items():
            texts[f"phrases:{topic}:{part}"] = "\n".join(phrases)
    return texts


def test_demo_content_shares_no_run_of_words_with_the_seeds():
    """No sentence, nor any run of SHARED_RUN words, is taken from the
    reference documents the project was shown."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"{SEEDS_DIR} is not next to this checkout")
    seed_runs = set()
    for path in sorted(SEEDS_DIR.iterdir()):
        if path.is_file():
            seed_runs |= runs(path.read_text(encoding="utf-8", errors="replace"))
    assert seed_runs
    shared = {
        where: sorted(" ".join(run) for run in runs(text) & seed_runs)
        for where, text in demo_texts().items()
    }
    assert {where: found for where, found in shared.items() if found} == {}


@pytest.mark.django_db
def test_seed_adds_guest_comments_one_approved_one_waiting():
    from forum.models import Comment, Guest

    seed()
    seed()  # idempotent

    approved, waiting = (
        Comment.objects.get(guest__name=name)
        for name in ("Marguerite B", "Tom from Leeds")
    )
    assert approved.status == Comment.Status.PUBLISHED
    assert waiting.status == Comment.Status.PENDING
    assert waiting.hold_reason == Comment.HoldReason.GUEST
    assert Guest.objects.count() == 2
    page = Client().get(approved.discussion.host.get_absolute_url())
    assertContains(page, "Marguerite B")
    assertNotContains(page, "@guest.example")
