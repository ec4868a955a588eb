"""Ranking and synonyms, on both backends (the simple one chosen
explicitly, so it is tested on PostgreSQL too)."""

from datetime import timedelta

import pytest
from django.db import connection

from articles.models import Article
from search.services import query as parsing
from search.services.results import search
from tests.search.conftest import article, say, topic

pytestmark = pytest.mark.django_db

BACKENDS = ["simple"] + (["postgres"] if connection.vendor == "postgresql" else [])


def found(text, backend, **kwargs):
    return [
        r.url for r in search(parsing.parse(text), backend=backend, **kwargs).results
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_title_match_ranks_above_a_body_match(backend, columnist):
    in_body = article(
        title="Notes on a long week",
        body="The spasticity was worse after the heat.",
        author=columnist,
    )
    in_title = article(title="Spasticity at night", author=columnist)
    # The body match is the newer one: rank, not date, puts the title first.
    Article.objects.filter(pk=in_title.pk).update(
        published_at=in_body.published_at - timedelta(days=30)
    )
    assert found("spasticity", backend) == [
        in_title.get_absolute_url(),
        in_body.get_absolute_url(),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_topic_title_ranks_above_a_comment(backend, poster, columnist):
    host = article(author=columnist)
    said = say(host, poster, "Has anyone tried a weighted blanket?")
    started = topic(
        starter=poster, title="Weighted blanket for sleep", opening="Mine helps."
    )
    assert found("weighted blanket", backend) == [
        started.get_absolute_url(),
        said.get_absolute_url(),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_equal_matches_go_newest_first(backend, poster, columnist):
    host = article(author=columnist)
    older = say(host, poster, "Pacing is what I learned first.")
    newer = say(host, poster, "Pacing again, a year on.")
    assert found("pacing", backend) == [
        newer.get_absolute_url(),
        older.get_absolute_url(),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_name_of_a_treatment_gives_the_same_results(
    backend, poster, columnist, lemtrada
):
    host = article(title="Infusion week", body="About Campath.", author=columnist)
    say(host, poster, "My Lemtrada round is in May.")
    say(host, poster, "Alemtuzumab left me tired for a week.")
    say(host, poster, "Nothing to do with it.")
    results = {
        name: found(name, backend) for name in ("Lemtrada", "alemtuzumab", "CAMPATH")
    }
    assert len(results["Lemtrada"]) == 3
    assert results["Lemtrada"] == results["alemtuzumab"] == results["CAMPATH"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_name_added_in_the_admin_works_at_once(backend, poster, columnist, lemtrada):
    host = article(author=columnist)
    said = say(host, poster, "Day three of my Lemtrada infusion.")
    assert found("LEM-1", backend) == []
    lemtrada.other_names += "\nLEM-1"
    lemtrada.save()
    # No vector was rebuilt: the new name stands for the old ones.
    assert found("LEM-1", backend) == [said.get_absolute_url()]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_treatment_and_a_word_must_both_match(backend, poster, columnist, lemtrada):
    host = article(author=columnist)
    both = say(host, poster, "Campath and a headache after.")
    say(host, poster, "Campath went fine.")
    say(host, poster, "A headache today.")
    assert found("lemtrada headache", backend) == [both.get_absolute_url()]
