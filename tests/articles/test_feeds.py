from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.utils import timezone

from articles.feeds import FEED_SIZE
from articles.models import Article
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db


def parse(response) -> feedparser.FeedParserDict:
    return feedparser.parse(response.content)


def test_feed_is_valid_atom(client, article):
    response = client.get("/feed/")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse(response)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Cairn: latest articles"
    assert feed.feed.link == "http://testserver/"


def test_feed_with_no_articles_is_valid(client):
    feed = parse(client.get("/feed/"))

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.entries == []


def test_feed_lists_published_newest_first_without_drafts(client, columnist):
    now = timezone.now()
    old = ArticleFactory(author=columnist, published_at=now - timedelta(days=3))
    new = ArticleFactory(author=columnist, published_at=now - timedelta(days=1))
    middle = ArticleFactory(author=columnist, published_at=now - timedelta(days=2))
    draft = ArticleFactory(
        author=columnist, status=Article.Status.DRAFT, published_at=None
    )
    scheduled = ArticleFactory(author=columnist, published_at=now + timedelta(days=1))

    feed = parse(client.get("/feed/"))

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == [new.title, middle.title, old.title]
    links = {e.link for e in feed.entries}
    for hidden in [draft, scheduled]:
        assert f"http://testserver{hidden.get_absolute_url()}" not in links


def test_feed_entry_carries_summary_author_link_dates_and_tags(client, columnist):
    article = ArticleFactory(
        author=columnist,
        summary="Three things that helped with heat & fatigue.",
        tags=[TagFactory(name="Heat"), TagFactory(name="Fatigue")],
    )

    entry = parse(client.get("/feed/")).entries[0]

    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert entry.id == entry.link
    assert entry.summary == "Three things that helped with heat &amp; fatigue."
    assert entry.author_detail.name == columnist.display_name
    assert entry.author_detail.href == f"http://testserver/columnists/{columnist.pk}/"
    assert sorted(t.term for t in entry.tags) == ["Fatigue", "Heat"]
    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert abs(published - article.published_at) < timedelta(seconds=1)


def test_feed_entry_summary_markup_is_text_not_html(client, columnist):
    ArticleFactory(author=columnist, summary="Why <b>I</b> stopped")

    response = client.get("/feed/")
    entry = parse(response).entries[0]

    assert entry.summary == "Why &lt;b&gt;I&lt;/b&gt; stopped"
    assert b"&lt;b&gt;" not in response.content
    assert b"&amp;lt;b&amp;gt;" in response.content


def test_feed_entry_never_carries_the_body(client, columnist):
    ArticleFactory(author=columnist, body="Only on the site, under the disclaimer.")

    response = client.get("/feed/")

    assert b"Only on the site" not in response.content


def test_feed_entry_updated_is_never_before_published(client, columnist):
    # Saved on Monday for Wednesday, read on Thursday.
    article = ArticleFactory(
        author=columnist, published_at=timezone.now() + timedelta(days=2)
    )
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(minutes=5),
        updated_at=timezone.now() - timedelta(days=1),
    )

    entry = parse(client.get("/feed/")).entries[0]

    assert entry.updated_parsed >= entry.published_parsed


def test_feed_holds_at_most_feed_size_entries(client, columnist):
    ArticleFactory.create_batch(FEED_SIZE + 2, author=columnist)

    feed = parse(client.get("/feed/"))

    assert len(feed.entries) == FEED_SIZE


def test_feed_query_count_does_not_grow_with_entries(
    client, django_assert_max_num_queries
):
    for _ in range(FEED_SIZE + 2):
        ArticleFactory(tags=[TagFactory()])

    # articles + authors, tags
    with django_assert_max_num_queries(2):
        client.get("/feed/")
