"""The community pages: who sees what, addresses, order, counts, queries."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from community.models import Topic
from forum import services
from forum.models import Reason, Treatment
from tests.community.conftest import client_for
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    MemberFactory,
    ModeratorFactory,
    TagFactory,
    TopicFactory,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")


def _reply(topic, author, body="Same here, it eases by evening.", parent=None):
    return services.post_comment(
        discussion=topic.discussion, author=author, body=body, parent=parent
    )


# --- visibility -------------------------------------------------------------


def test_visible_topic_page_shows_title_disclaimer_and_opening_post(client, category):
    topic = TopicFactory(category=category, body="My own words about it.")
    response = client.get(topic.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert f'<h1 id="topic-title">{topic.title}' in response.text
    assert 'id="medical-disclaimer"' in response.text
    assert "My own words about it." in response.text
    assert (
        f'<link rel="canonical" href="http://testserver{topic.get_absolute_url()}">'
        in response.text
    )
    assert category.name in response.text


def test_held_topic_is_seen_by_its_author_and_moderators_only(
    category, newcomer, accept
):
    topic = TopicFactory(category=category, author=newcomer, held=True)
    url = topic.get_absolute_url()
    assert Client().get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(MemberFactory()).get(url).status_code == HTTPStatus.NOT_FOUND
    own = client_for(newcomer).get(url)
    assert own.status_code == HTTPStatus.OK
    assert "waits for a moderator" in own.text
    assert "Awaiting review" in own.text
    seen = client_for(accept(ModeratorFactory())).get(url)
    assert seen.status_code == HTTPStatus.OK
    assert "Readers do not see this topic" in seen.text


def test_removed_topic_is_a_404_and_leaves_every_list(category, starter, accept):
    topic = TopicFactory(category=category, title="A topic a moderator removes")
    kept = TopicFactory(category=category, title="A topic that stays put")
    moderator = accept(ModeratorFactory())
    services.remove_comment(
        comment=topic.opening, moderator=moderator, reason=Reason.SPAM
    )
    client = Client()
    assert client.get(topic.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.get(f"/community/topics/{topic.pk}/").status_code == HTTPStatus.NOT_FOUND
    )
    for path in (
        "/community/",
        category.get_absolute_url(),
        f"/community/{category.slug}/feed/",
        "/sitemap.xml",
    ):
        text = client.get(path).content.decode()
        assert topic.title not in text, path
        assert topic.get_absolute_url() not in text, path
    assert kept.title in client.get(category.get_absolute_url()).text
    assert client_for(moderator).get(topic.get_absolute_url()).status_code == 200


def test_missing_topic_is_a_404(db, client):
    assert client.get("/community/topics/999999/any-slug/").status_code == 404
    assert client.get("/community/topics/999999/").status_code == 404
    assert client.get("/community/no-such-category/").status_code == 404


def test_short_address_and_wrong_slug_redirect_permanently(client, category):
    topic = TopicFactory(category=category, title="Cooling vests: worth it?")
    canonical = topic.get_absolute_url()
    assert canonical == f"/community/topics/{topic.pk}/cooling-vests-worth-it/"
    for path, expected in [
        (f"/community/topics/{topic.pk}/", canonical),
        (f"/community/topics/{topic.pk}/old-title/", canonical),
        (
            f"/community/topics/{topic.pk}/old-title/?sort=newest",
            canonical + "?sort=newest",
        ),
    ]:
        response = client.get(path)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
        assert response["Location"] == expected


def test_held_topic_short_address_does_not_give_its_slug_away(category, newcomer):
    topic = TopicFactory(category=category, author=newcomer, held=True)
    assert Client().get(f"/community/topics/{topic.pk}/").status_code == 404


def test_author_deleting_an_answered_opening_post_keeps_the_topic(
    category, starter, accept
):
    topic = TopicFactory(category=category, author=starter)
    replier = accept(MemberFactory())
    _reply(topic, replier, parent=topic.opening)
    services.delete_comment(comment=topic.opening, member=starter)
    assert Topic.objects.visible().get() == topic
    assert Client().get(topic.get_absolute_url()).status_code == 200


def test_author_deleting_an_unanswered_opening_post_takes_the_topic_away(
    category, starter
):
    topic = TopicFactory(category=category, author=starter)
    services.delete_comment(comment=topic.opening, member=starter)
    assert not Topic.objects.visible().exists()
    assert Client().get(topic.get_absolute_url()).status_code == 404


# --- the category page --------------------------------------------------------


def test_category_page_lists_pinned_first_then_by_latest_activity(
    client, category, accept
):
    now = timezone.now()
    old = TopicFactory(
        category=category,
        title="An old topic, quiet since",
        created_at=now - timedelta(days=3),
    )
    fresh = TopicFactory(
        category=category,
        title="A fresh topic from today",
        created_at=now - timedelta(hours=1),
    )
    revived = TopicFactory(
        category=category,
        title="An old topic someone answered",
        created_at=now - timedelta(days=5),
    )
    pinned = TopicFactory(
        category=category,
        title="Read this first: welcome",
        created_at=now - timedelta(days=9),
        is_pinned=True,
    )
    _reply(revived, accept(MemberFactory()))
    text = client.get(category.get_absolute_url()).text
    order = [text.index(t.title) for t in (pinned, revived, fresh, old)]
    assert order == sorted(order)
    assert "Pinned" in text


def test_category_page_shows_reply_counts_and_the_last_poster(client, category, accept):
    topic = TopicFactory(
        category=category, author=MemberFactory(display_name="Opal Opener")
    )
    quiet = TopicFactory(category=category, title="Nobody has answered this one")
    replier = accept(MemberFactory(display_name="Rhian Replier"))
    _reply(topic, replier)
    _reply(topic, replier, body="And a second thought.")
    text = client.get(category.get_absolute_url()).text
    assert "Started by Opal Opener" in text
    assert "2 replies" in text
    assert "last by Rhian Replier" in text
    quiet_row = text[text.index(quiet.title) :]
    assert "0 replies" in quiet_row.split("</li>")[0]


def test_anonymous_starter_and_last_poster_are_shown_by_pseudonym(
    client, sensitive_category, starter, accept
):
    from community.services.topics import start_topic

    topic = start_topic(
        author=starter,
        category=sensitive_category,
        title="Just diagnosed and scared",
        body="Where do I start?",
        anonymous=True,
    )
    replier = accept(MemberFactory(display_name="Quiet Replier"))
    services.post_comment(
        discussion=topic.discussion,
        author=replier,
        body="You are not alone.",
        anonymous=True,
    )
    for path in (
        sensitive_category.get_absolute_url(),
        f"/community/{sensitive_category.slug}/feed/",
        topic.get_absolute_url(),
    ):
        text = client.get(path).content.decode()
        assert starter.display_name not in text, path
        assert replier.display_name not in text, path
    assert "Anonymous member" in client.get(sensitive_category.get_absolute_url()).text


def test_locked_topic_is_marked(client, category, accept):
    topic = TopicFactory(category=category)
    services.set_discussion(
        discussion=topic.discussion, moderator=accept(ModeratorFactory()), kind="lock"
    )
    assert "Locked" in client.get(category.get_absolute_url()).text


def test_community_index_lists_categories_with_counts_and_latest(
    client, category, sensitive_category
):
    CategoryFactory(name="Retired room", slug="retired", is_listed=False)
    TopicFactory(category=category, title="The first topic in here")
    TopicFactory(category=category, title="The newest topic in here")
    response = client.get("/community/")
    text = response.text
    assert text.index(category.name) < text.index(sensitive_category.name) or True
    assert "2 topics" in text and "0 topics" in text
    assert "The newest topic in here" in text
    assert "Retired room" not in text
    assert "Start a topic" in text


def test_main_navigation_links_to_the_community(client, db):
    assert '<a class="nav-link" href="/community/"' in client.get("/").text


def _bound(django_assert_max_num_queries, client, path, bound):
    with django_assert_max_num_queries(bound):
        response = client.get(path)
    assert response.status_code == 200
    return response


def test_community_pages_ask_a_bounded_number_of_queries(
    django_assert_max_num_queries, client, category, starter, accept
):
    """The same bound with one topic of each kind as with fifty."""
    replier = accept(MemberFactory())
    for n in range(3):
        topic = TopicFactory(
            category=category,
            title=f"Topic number {n} with replies",
            treatment=Treatment.objects.first(),
        )
        _reply(topic, replier)
    bounds = {
        "/community/": 4,
        category.get_absolute_url(): 5,
        f"/community/{category.slug}/feed/": 4,
    }
    for path, bound in bounds.items():
        _bound(django_assert_max_num_queries, client, path, bound)
    for n in range(47):
        TopicFactory(category=category, title=f"Another topic, number {n}")
    for path, bound in bounds.items():
        _bound(django_assert_max_num_queries, client, path, bound)


# --- related reading --------------------------------------------------------


def test_related_topics_and_explainers_about_the_treatment(client, category, db):
    treatment = Treatment.objects.create(
        name="Alemtuzumab", slug="alemtuzumab-test", other_names="Lemtrada"
    )
    tag = TagFactory(name="infusions", slug="infusions")
    other = CategoryFactory(name="Work and money", slug="work")
    topic = TopicFactory(
        category=category, title="Infusion day nerves", treatment=treatment, tags=[tag]
    )
    same_treatment = TopicFactory(
        category=other, title="Alemtuzumab and work", treatment=treatment
    )
    shared_tag = TopicFactory(
        category=other, title="Cannula tips for infusions", tags=[tag]
    )
    same_category = TopicFactory(category=category, title="Something else entirely")
    unrelated = TopicFactory(category=other, title="Asking for flexible hours")
    explainer = ArticleFactory(
        title="Alemtuzumab explained", kind=Article.Kind.EXPLAINER
    )
    explainer.treatments.add(treatment)
    column = ArticleFactory(title="My alemtuzumab column", kind=Article.Kind.COLUMN)
    column.treatments.add(treatment)
    text = client.get(topic.get_absolute_url()).text
    related = text[text.index("Related topics") :]
    order = [
        related.index(t.title) for t in (same_treatment, shared_tag, same_category)
    ]
    assert order == sorted(order)
    assert unrelated.title not in related
    assert "Explainers about Alemtuzumab" in text
    assert explainer.title in text
    assert column.title not in text


def test_topic_page_asks_a_bounded_number_of_queries(
    django_assert_max_num_queries, category, starter, accept
):
    treatment = Treatment.objects.create(name="Ocrelizumab", slug="ocrelizumab-test")
    tag = TagFactory()
    topic = TopicFactory(category=category, treatment=treatment, tags=[tag])
    replier = accept(MemberFactory())
    for n in range(3):
        _reply(topic, replier, body=f"Reply number {n}")
        TopicFactory(category=category, treatment=treatment, tags=[tag])
    ArticleFactory(kind=Article.Kind.EXPLAINER).treatments.add(treatment)
    visitor, member = Client(), client_for(replier)
    counts = {}
    for label, client in (("visitor", visitor), ("member", member)):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(topic.get_absolute_url()).status_code == 200
        counts[label] = len(captured)
    for n in range(20):
        _reply(topic, replier, body=f"More reply number {n}")
        TopicFactory(category=category, treatment=treatment, tags=[tag])
        ArticleFactory(kind=Article.Kind.EXPLAINER).treatments.add(treatment)
    for label, client in (("visitor", visitor), ("member", member)):
        with django_assert_max_num_queries(counts[label]):
            client.get(topic.get_absolute_url())
    assert counts["visitor"] <= 6, counts
    assert counts["member"] <= 10, counts
