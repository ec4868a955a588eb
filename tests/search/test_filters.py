from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from forum.models import Comment
from search.services import query as parsing
from search.services import scope
from search.services.results import PER_PAGE, search
from tests.factories import ColumnistFactory, TagFactory
from tests.search.conftest import article, say, topic

pytestmark = pytest.mark.django_db

BACKENDS = ["simple"] + (["postgres"] if connection.vendor == "postgresql" else [])


@pytest.fixture
def world(poster, columnist, lemtrada):
    tag = TagFactory(name="Heat", slug="heat")
    other = ColumnistFactory()
    about = article(title="Glimmer of summer", author=columnist, tags=[tag])
    about.treatments.add(lemtrada)
    elsewhere = article(title="Glimmer at work", author=other)
    started = topic(
        starter=poster,
        title="Glimmer in the evenings",
        opening="Any glimmer for you?",
        treatment=lemtrada,
        tags=[tag],
    )
    return {
        "tag": tag,
        "other": other,
        "about": about,
        "elsewhere": elsewhere,
        "topic": started,
        "on_about": say(about, poster, "A glimmer here too."),
        "on_elsewhere": say(elsewhere, poster, "Glimmer, and Campath next week."),
        "on_topic": say(started, poster, "Glimmer of hope."),
    }


def urls(backend, **filters):
    outcome = search(
        parsing.parse("glimmer"), filters=scope.Filters(**filters), backend=backend
    )
    return {r.url for r in outcome.results}


def at(world, *names):
    return {world[name].get_absolute_url() for name in names}


@pytest.mark.parametrize("backend", BACKENDS)
def test_filters_choose_kinds_and_pages(backend, world, columnist, lemtrada):
    everything = at(
        world, "about", "elsewhere", "topic", "on_about", "on_elsewhere", "on_topic"
    )
    assert urls(backend) == everything
    assert urls(backend, kind=scope.ARTICLES) == at(world, "about", "elsewhere")
    assert urls(backend, kind=scope.DISCUSSIONS) == at(
        world, "on_about", "on_elsewhere"
    )
    assert urls(backend, kind=scope.TOPICS) == at(world, "topic", "on_topic")
    assert urls(backend, tag=world["tag"]) == at(
        world, "about", "topic", "on_about", "on_topic"
    )
    # About it, under what is about it, and mentioning one of its names.
    assert urls(backend, treatment=lemtrada) == at(
        world, "about", "topic", "on_about", "on_topic", "on_elsewhere"
    )
    assert urls(backend, columnist=columnist) == at(world, "about", "on_about")
    assert urls(backend, columnist=world["other"], kind=scope.DISCUSSIONS) == at(
        world, "on_elsewhere"
    )


def browse(**filters):
    outcome = search(parsing.parse(""), filters=scope.Filters(**filters))
    return [r.url for r in outcome.results]


def test_filters_without_words_browse_newest_first(world, columnist, lemtrada):
    """The links "Search everything about <treatment>" and a topic's tags
    carry no words: what the filter selects is listed, newest first."""
    Comment.objects.filter(pk=world["on_topic"].pk).update(
        created_at=timezone.now() + timedelta(minutes=5)
    )
    about_it = browse(treatment=lemtrada)
    assert set(about_it) == at(
        world, "about", "topic", "on_about", "on_topic", "on_elsewhere"
    )
    assert about_it[0] == world["on_topic"].get_absolute_url()
    assert set(browse(tag=world["tag"], kind=scope.TOPICS)) == at(
        world, "topic", "on_topic"
    )
    assert set(browse(columnist=columnist)) == at(world, "about", "on_about")
    # Kinds and dates alone select too much to be a list: the help page.
    assert browse(kind=scope.TOPICS) == []
    assert browse() == []


def test_browsing_page_lists_a_treatment_without_words(client, world, lemtrada):
    response = client.get("/search/", {"treatment": lemtrada.slug})
    assert response.status_code == 200
    assert "5 pages with the filters chosen" in response.text
    assert world["about"].title in response.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_dates_include_both_ends(backend, world):
    today = timezone.localdate()
    Comment.objects.filter(pk=world["on_about"].pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    Article.objects.filter(pk=world["elsewhere"].pk).update(
        published_at=timezone.now() - timedelta(days=40)
    )
    recent = urls(backend, date_from=today - timedelta(days=1), date_to=today)
    assert recent == at(world, "about", "topic", "on_elsewhere", "on_topic")
    older = urls(backend, date_to=today - timedelta(days=5))
    assert older == at(world, "elsewhere", "on_about")


@pytest.mark.parametrize("backend", BACKENDS)
def test_results_are_paged_twenty_at_a_time(backend, poster, columnist):
    host = article(author=columnist)
    said = [say(host, poster, f"Paging word number {n}.") for n in range(PER_PAGE + 3)]
    first = search(parsing.parse("paging"), backend=backend, page=1)
    second = search(parsing.parse("paging"), backend=backend, page="2")
    assert first.count == PER_PAGE + 3
    assert len(first.results) == PER_PAGE and len(second.results) == 3
    assert second.results[-1].url == said[0].get_absolute_url()
    junk = search(parsing.parse("paging"), backend=backend, page="junk")
    assert [r.url for r in junk.results] == [r.url for r in first.results]
