import html
import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.feeds import FEED_SIZE
from articles.models import Article
from forum.models import Discussion, Member
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    ModeratorFactory,
    TagFactory,
)

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


def columnist_feed(client, columnist):
    return client.get(reverse("articles:columnist_feed", kwargs={"pk": columnist.pk}))


def test_columnist_feed_is_valid_atom_named_after_the_columnist(client, columnist):
    ArticleFactory(author=columnist)

    response = columnist_feed(client, columnist)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse(response)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == f"Cairn: articles by {columnist.display_name}"
    assert feed.feed.link == f"http://testserver/columnists/{columnist.pk}/"
    assert feed.feed.author == columnist.display_name


def test_columnist_feed_without_articles_is_valid_and_empty(client, columnist):
    feed = parse(columnist_feed(client, columnist))

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.entries == []


def test_columnist_feed_lists_only_their_published_articles_newest_first(
    client, columnist
):
    now = timezone.now()
    old = ArticleFactory(author=columnist, published_at=now - timedelta(days=3))
    new = ArticleFactory(author=columnist, published_at=now - timedelta(days=1))
    middle = ArticleFactory(author=columnist, published_at=now - timedelta(days=2))
    ArticleFactory(author=columnist, status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(author=columnist, published_at=now + timedelta(days=1))
    ArticleFactory(author=ColumnistFactory(), published_at=now)

    feed = parse(columnist_feed(client, columnist))

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert [e.link for e in feed.entries] == [
        f"http://testserver{a.get_absolute_url()}" for a in (new, middle, old)
    ]
    assert {e.author for e in feed.entries} == {columnist.display_name}


def test_columnist_feed_entries_match_the_latest_feed(client, columnist):
    article = ArticleFactory(author=columnist, tags=[TagFactory(name="Sleep")])

    [own] = parse(columnist_feed(client, columnist)).entries
    [latest] = parse(client.get("/feed/")).entries

    assert own.link == latest.link == f"http://testserver{article.get_absolute_url()}"
    for key in ("title", "summary", "author_detail", "tags", "published"):
        assert own[key] == latest[key], key


@pytest.mark.parametrize("who", ["member", "moderator", "missing"])
def test_columnist_feed_of_a_non_columnist_is_not_found(who, client, member):
    pk = {
        "member": lambda: member.pk,
        "moderator": lambda: ModeratorFactory().pk,
        "missing": lambda: Member.objects.order_by("-pk").first().pk + 1,
    }[who]()

    response = client.get(reverse("articles:columnist_feed", kwargs={"pk": pk}))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_columnist_feed_holds_at_most_feed_size_entries_in_bounded_queries(
    client, columnist, django_assert_max_num_queries
):
    for _ in range(FEED_SIZE + 2):
        ArticleFactory(author=columnist, tags=[TagFactory()])

    # the columnist, articles + authors, tags
    with django_assert_max_num_queries(3):
        response = columnist_feed(client, columnist)

    assert len(parse(response).entries) == FEED_SIZE


def alternate_feeds(response) -> dict[str, str]:
    """href -> title of the page's <link rel="alternate"> Atom feeds."""
    links = re.findall(
        r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)"'
        r' href="([^"]*)">',
        response.text,
    )
    return {href: html.unescape(title) for title, href in links}


def test_columnist_page_advertises_its_feed(client, columnist):
    ArticleFactory(author=columnist)
    feed = reverse("articles:columnist_feed", kwargs={"pk": columnist.pk})

    response = client.get(f"/columnists/{columnist.pk}/")

    assert alternate_feeds(response)[feed] == (
        f"Cairn: articles by {columnist.display_name}"
    )
    assert f'href="{feed}">Feed of articles by {columnist.display_name} (Atom)</a>' in (
        response.text
    )


def test_article_page_advertises_its_discussion_feed(client, article):
    discussion = Discussion.objects.for_host(article).get()
    feed = reverse("forum:discussion_feed", kwargs={"pk": discussion.pk})

    response = client.get(article.get_absolute_url())

    assert alternate_feeds(response)[feed] == f"Comments on “{article.title}”"
    assert client.get(feed).status_code == HTTPStatus.OK


def test_scheduled_article_page_advertises_no_discussion_feed(
    client, scheduled_article
):
    client.force_login(scheduled_article.author)

    response = client.get(scheduled_article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response.context["discussion"] is not None
    assert not any("/discussions/" in href for href in alternate_feeds(response))
