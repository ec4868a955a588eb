from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from search.services.results import PER_PAGE
from tests.factories import MemberFactory
from tests.search.conftest import article, say

pytestmark = pytest.mark.django_db

URL = "/search/"


def test_search_url_name():
    assert reverse("search:search") == URL


def test_results_page_lists_bylines_snippets_and_links(client, poster, columnist):
    host = article(title="Bath temperature", author=columnist)
    said = say(host, poster, "A lukewarm bath & a **cold** drink.")
    response = client.get(URL, {"q": "lukewarm"})
    assert response.status_code == HTTPStatus.OK
    page = response.text
    assert '<meta name="robots" content="noindex">' in page
    assert "1 result for “lukewarm”" in page
    assert f'href="{said.get_absolute_url()}"' in page
    assert poster.display_name in page
    assert "<mark>lukewarm</mark>" in page
    assert 'value="lukewarm"' in page


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("", "Search columns, explainers"),
        ("a", "is too short to search for"),
        ("!?&|", "is too short to search for"),
        ("zzyzx qwopf", "Nothing matched every word"),
    ],
)
def test_empty_short_and_nonsense_queries_get_the_help_page(client, q, says):
    response = client.get(URL, {"q": q})
    assert response.status_code == HTTPStatus.OK
    assert says in response.text
    assert "Tips" in response.text
    assert reverse("search:treatment_list") in response.text


def test_a_long_query_is_cut_politely(client):
    response = client.get(URL, {"q": "fatigue " * 25})
    assert response.status_code == HTTPStatus.OK
    assert "we searched for the first 100 characters" in response.text


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'\"\\' \\\\ \\",
    "!:*&|()<-> fatigue",
    "fatigue & | ! <-> :* ( )",
    "a:* & !b | (c <2> d)",
    "\x00fatigue\x00",
    "\u202ereversed\u2066 fatigue \u2069",
    "x" * 200,
    "-",
    '"unclosed phrase',
    "or or or",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_error_and_are_echoed_escaped(q, poster, columnist):
    say(article(author=columnist), poster, "Fatigue <b>and</b> sleep.")
    for client in (Client(), Client()):
        response = client.get(URL, {"q": q, "page": "2"})
        assert response.status_code == HTTPStatus.OK
        assert "<script>alert" not in response.text
        assert "<img src=x" not in response.text


def test_bad_filters_are_reported_and_ignored(client, poster, columnist):
    said = say(article(author=columnist), poster, "Physio on Tuesdays.")
    response = client.get(
        URL,
        {
            "q": "physio",
            "in": "everything-else",
            "tag": "no-such-tag",
            "treatment": "<b>x</b>",
            "columnist": "99999999999999999999",
            "from": "2026-02-31",
            "to": "yesterday",
        },
    )
    assert response.status_code == HTTPStatus.OK
    page = response.text
    assert "We left out a filter we could not use" in page
    assert "We do not know that tag." in page
    assert "Enter a date such as" in page
    assert said.get_absolute_url() in page


def test_filters_stay_in_the_page_links(client, poster, columnist):
    host = article(author=columnist)
    for n in range(PER_PAGE + 1):
        say(host, poster, f"Stretching routine, day {n}.")
    response = client.get(URL, {"q": "stretching", "in": "discussions"})
    assert "q=stretching&amp;in=discussions&amp;page=2" in response.text
    second = client.get(URL, {"q": "stretching", "in": "discussions", "page": 2})
    assert "Page 2 of 2" in second.text


def test_header_search_box_is_on_every_other_page(client):
    home = client.get("/").text
    assert 'role="search"' in home
    assert 'for="header-search-q"' in home and ">Search Cairn</label>" in home
    # The search page has its own box, not a second one.
    assert 'id="header-search-q"' not in client.get(URL).text


def test_searches_past_the_limit_get_a_429_with_retry_after(client, settings):
    settings.CAIRN_SEARCH_RATE_LIMIT = "3/m/ip"
    for _ in range(3):
        assert client.get(URL, {"q": "fatigue"}).status_code == HTTPStatus.OK
    limited = client.get(URL, {"q": "fatigue"})
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert limited["Retry-After"] == "60"
    assert "Too many searches" in limited.text
    # The help page is not a search and is never limited.
    assert client.get(URL).status_code == HTTPStatus.OK


def _many(poster, columnist, n):
    host = article(title="Many heat notes", author=columnist)
    for i in range(n):
        say(host, poster, f"Heat note {i}.")
        article(title=f"Heat column {i}", author=columnist)


@pytest.mark.parametrize("n", [1, PER_PAGE])
@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_is_bounded(
    n, signed_in, poster, columnist, django_assert_max_num_queries
):
    _many(poster, columnist, n)
    client = Client()
    if signed_in:
        client.force_login(MemberFactory())
    with django_assert_max_num_queries(12 if signed_in else 10):
        response = client.get(URL, {"q": "heat", "in": "all", "tag": "x"})
    assert response.status_code == HTTPStatus.OK
