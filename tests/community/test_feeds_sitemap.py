"""A category's Atom feed and the sitemap: visible topics only, no names
an anonymous starter kept back."""

import pytest
from django.test import Client

from community.services.topics import start_topic
from tests.factories import CategoryFactory, TagFactory, TopicFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")


def test_category_feed_lists_visible_topics_with_an_excerpt(client, category, newcomer):
    tag = TagFactory(name="heat", slug="heat")
    topic = TopicFactory(
        category=category,
        title="Summer heat and my legs",
        body="**Hot** days *wipe* me out. " + "More words. " * 60,
        tags=[tag],
    )
    held = TopicFactory(
        category=category, author=newcomer, held=True, title="Held back topic"
    )
    response = client.get(f"/community/{category.slug}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert topic.title in text
    assert topic.get_absolute_url() in text
    assert "Hot days wipe me out." in text
    assert "strong&gt;" not in text and "<strong>" not in text
    assert "…</summary>" in text
    assert '<category term="heat"' in text
    assert topic.opening.author.display_name in text
    assert held.title not in text


def test_anonymous_starter_is_not_named_in_the_feed(
    client, sensitive_category, starter
):
    start_topic(
        author=starter,
        category=sensitive_category,
        title="Telling my employer, or not",
        body="I have not said anything at work yet.",
        anonymous=True,
    )
    text = client.get(f"/community/{sensitive_category.slug}/feed/").content.decode()
    assert "Telling my employer, or not" in text
    assert starter.display_name not in text
    assert "Anonymous member" in text


def test_feed_of_a_missing_category_is_a_404(client, db):
    assert client.get("/community/nowhere/feed/").status_code == 404


def test_sitemap_has_the_community_listed_categories_and_visible_topics(
    client, category, newcomer
):
    hidden = CategoryFactory(name="Old room", slug="old-room", is_listed=False)
    topic = TopicFactory(category=category)
    held = TopicFactory(
        category=category, author=newcomer, held=True, title="Waiting for review here"
    )
    text = Client().get("/sitemap.xml").content.decode()
    assert "/community/</loc>" in text
    assert f"{category.get_absolute_url()}</loc>" in text
    assert f"{hidden.get_absolute_url()}</loc>" not in text
    assert f"{topic.get_absolute_url()}</loc>" in text
    assert f"/community/topics/{held.pk}/" not in text
