from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from articles.related import related_reading
from forum.models import Treatment
from tests.articles.html_outline import heading_levels_skip, outline
from tests.factories import ArticleFactory, ColumnistFactory, TagFactory

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def lemtrada():
    return Treatment.objects.create(
        name="Alemtuzumab", slug="alemtuzumab", other_names="Lemtrada\nCampath"
    )


@pytest.fixture
def tags():
    return TagFactory.create_batch(3)


def test_related_ranks_by_shared_tags_and_treatments_then_newest(
    columnist, tags, lemtrada, django_assert_num_queries
):
    other = ColumnistFactory()
    article = ArticleFactory(author=columnist, tags=tags)
    article.treatments.add(lemtrada)
    three = ArticleFactory(author=other, tags=tags[:2], published_at=days_ago(9))
    three.treatments.add(lemtrada)
    one_new = ArticleFactory(author=other, tags=tags[:1], published_at=days_ago(1))
    one_old = ArticleFactory(author=other, tags=tags[2:], published_at=days_ago(5))
    ArticleFactory(author=other, tags=tags[:1], published_at=days_ago(8))  # 4th
    ArticleFactory(author=other)  # shares nothing

    with django_assert_num_queries(1):
        reading = related_reading(article)

    assert reading.related == [three, one_new, one_old]
    assert reading.more_from == []


def test_related_leaves_out_drafts_scheduled_and_the_article_itself(columnist, tags):
    article = ArticleFactory(author=columnist, tags=tags)
    ArticleFactory(
        author=columnist, tags=tags, status=Article.Status.DRAFT, published_at=None
    )
    ArticleFactory(author=columnist, tags=tags, published_at=days_ago(-2))

    reading = related_reading(article)

    assert reading.related == []
    assert reading.more_from == []


def test_more_from_lists_the_columnists_latest_others_not_already_related(
    columnist, tags
):
    article = ArticleFactory(author=columnist, tags=tags[:1])
    related = ArticleFactory(author=columnist, tags=tags[:1], published_at=days_ago(1))
    latest = [
        ArticleFactory(author=columnist, published_at=days_ago(day))
        for day in (2, 3, 4, 5)
    ]
    ArticleFactory(author=ColumnistFactory(), published_at=days_ago(0.5))

    reading = related_reading(article)

    assert reading.related == [related]
    assert reading.more_from == latest[:3]


def test_article_page_names_its_treatments_with_links(client, article, lemtrada):
    article.treatments.add(lemtrada)

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<a class="btn btn-sm btn-outline-secondary mb-2" '
        'href="/treatments/alemtuzumab/">Alemtuzumab</a>',
        html=True,
    )


def test_article_page_shows_related_reading_and_more_from_its_columnist(
    client, columnist, tags
):
    article = ArticleFactory(author=columnist, tags=tags)
    related = ArticleFactory(author=ColumnistFactory(), tags=tags[:1])
    more = ArticleFactory(author=columnist)

    response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    page = outline(response.text)
    assert (2, "Related reading") in page.headings
    assert (2, f"More from {columnist.display_name}") in page.headings
    assert not heading_levels_skip(page.headings)
    assertContains(response, f'<a href="{related.get_absolute_url()}">')
    assertContains(response, f'<a href="{more.get_absolute_url()}">')


def test_article_page_without_related_reading_shows_no_headings(client, article):
    response = client.get(article.get_absolute_url())

    assertNotContains(response, "Related reading")
    assertNotContains(response, "More from")


@pytest.mark.parametrize("count", [1, 30])
def test_article_page_related_reading_costs_two_queries_whatever_the_count(
    client, columnist, tags, lemtrada, count, django_assert_max_num_queries
):
    article = ArticleFactory(author=columnist, tags=tags)
    article.treatments.add(lemtrada)
    for _ in range(count):
        ArticleFactory(author=columnist, tags=tags).treatments.add(lemtrada)
        ArticleFactory(author=ColumnistFactory(), tags=tags)

    # tests/articles/test_views.py's five, plus treatments and related reading
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
