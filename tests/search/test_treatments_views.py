from http import HTTPStatus

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from forum import services
from forum.models import Treatment
from tests.articles.html_outline import heading_levels_skip, link_hrefs, outline
from tests.factories import ArticleFactory, MemberFactory
from tests.hosts import visible_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def lemtrada():
    return Treatment.objects.create(
        name="Alemtuzumab",
        slug="alemtuzumab",
        other_names="Lemtrada\nCampath",
        kind=Treatment.Kind.INFUSION,
        description="Given as a drip on a few days, in two courses a year apart.",
    )


def test_treatment_list_groups_listed_treatments_by_kind(client, lemtrada):
    Treatment.objects.create(name="Teriflunomide", slug="teriflunomide", kind="tablet")
    Treatment.objects.create(name="Gone", slug="gone", is_listed=False)

    response = client.get("/treatments/")

    assert response.status_code == HTTPStatus.OK
    page = outline(response.text)
    assert (1, "Treatments") in page.headings
    assert (2, "Infusions") in page.headings
    assert (2, "Tablets and capsules") in page.headings
    assertContains(
        response, '<a href="/treatments/alemtuzumab/">Alemtuzumab</a>', html=True
    )
    assertContains(response, "also called Lemtrada, Campath")
    assertNotContains(response, "/treatments/gone/")


def test_footer_links_to_the_treatment_list(client):
    response = client.get("/")

    assertContains(response, '<a href="/treatments/">Treatments</a>', html=True)


def test_treatment_detail_shows_disclaimer_first_then_names_and_description(
    client, lemtrada
):
    response = client.get("/treatments/alemtuzumab/")

    assert response.status_code == HTTPStatus.OK
    text = response.text
    page = outline(text)
    assert page.headings[:2] == [(1, "Alemtuzumab"), (2, "Medical disclaimer")]
    assert not heading_levels_skip(page.headings)
    assert text.index('id="medical-disclaimer"') < text.index("two courses a year")
    assertContains(response, "Also called: Lemtrada, Campath")
    assertContains(response, "Infusion")
    assert link_hrefs(text, rel="canonical") == [
        "http://testserver/treatments/alemtuzumab/"
    ]


def test_treatment_detail_links_to_search_and_to_start_a_topic(client, lemtrada):
    response = client.get("/treatments/alemtuzumab/")

    assertContains(
        response,
        '<a class="btn btn-outline-primary mb-2" href="/search/?treatment=alemtuzumab">'
        "Search everything about Alemtuzumab</a>",
        html=True,
    )
    assertContains(response, "Start a topic about Alemtuzumab")
    assertContains(response, 'href="/community/start/?treatment=alemtuzumab"')


def test_treatment_detail_lists_articles_topics_and_mentions(
    client, lemtrada, columnist, accept, no_rate_limits
):
    explainer = ArticleFactory(author=columnist, title="Infusion week explained")
    explainer.treatments.add(lemtrada)
    draft = ArticleFactory(
        author=columnist,
        title="Unfinished piece",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    draft.treatments.add(lemtrada)
    starter = accept(MemberFactory())
    topic = visible_topic(starter=starter, title="Life after the second course")
    topic.treatment = lemtrada
    topic.save(update_fields=["treatment"])
    reader = accept(MemberFactory(display_name="Wren Okafor"))
    comment = services.post_comment(
        discussion=services.open_discussion(host=explainer),
        author=reader,
        body="My **Campath** infusions were long days but calm ones.",
    )

    response = client.get("/treatments/alemtuzumab/")

    assertContains(response, f'<a href="{explainer.get_absolute_url()}">')
    assertNotContains(response, "Unfinished piece")
    assertContains(response, f'<a href="{topic.get_absolute_url()}">')
    assertContains(response, topic.category.get_absolute_url())
    assertContains(response, "My Campath infusions were long days but calm ones.")
    assertContains(response, "Wren Okafor")
    assertContains(response, "“Infusion week explained”")
    assertContains(response, f'href="/c/{comment.pk}/"')


def test_treatment_detail_says_so_when_nothing_is_there_yet(client, lemtrada):
    response = client.get("/treatments/alemtuzumab/")

    assertContains(response, "Nothing has been written about Alemtuzumab")
    assertContains(response, "No member has started a topic about Alemtuzumab")
    assertContains(response, "No recent comment mentions Alemtuzumab")


def test_treatment_detail_unknown_slug_is_not_found(client):
    assert client.get("/treatments/nothing-here/").status_code == HTTPStatus.NOT_FOUND


def test_retired_treatment_keeps_its_page_but_leaves_list_and_sitemap(client, lemtrada):
    lemtrada.is_listed = False
    lemtrada.save()

    assert client.get("/treatments/alemtuzumab/").status_code == HTTPStatus.OK
    assertNotContains(client.get("/treatments/"), "/treatments/alemtuzumab/")
    assertNotContains(client.get("/sitemap.xml"), "/treatments/alemtuzumab/")


def test_sitemap_lists_treatment_list_and_listed_treatments(client, lemtrada):
    response = client.get("/sitemap.xml")

    assertContains(response, "<loc>http://testserver/treatments/</loc>")
    assertContains(response, "<loc>http://testserver/treatments/alemtuzumab/</loc>")


@pytest.mark.parametrize("count", [1, 30])
def test_treatment_pages_queries_do_not_grow(
    client,
    lemtrada,
    columnist,
    accept,
    no_rate_limits,
    count,
    django_assert_max_num_queries,
):
    starter = accept(MemberFactory())
    reader = accept(MemberFactory())
    for n in range(count):
        article = ArticleFactory(author=columnist)
        article.treatments.add(lemtrada)
        services.post_comment(
            discussion=services.open_discussion(host=article),
            author=reader,
            body=f"Note {n} about Lemtrada and the monthly tests.",
        )
        Treatment.objects.create(name=f"Other {n}", slug=f"other-{n}")
    for n in range(min(count, 12)):
        topic = visible_topic(starter=starter, title=f"Infusion questions {n}")
        topic.treatment = lemtrada
        topic.save(update_fields=["treatment"])
    signed_in = Client()
    signed_in.force_login(reader)

    # treatment, articles, topics, the mentions (comments, and one query per
    # kind of host page: articles, topics), the disclaimer (cold cache)
    for viewer, most in ((client, 7), (signed_in, 10)):
        with django_assert_max_num_queries(most):
            response = viewer.get("/treatments/alemtuzumab/")
        assert response.status_code == HTTPStatus.OK
        # treatments (one query), the disclaimer
        with django_assert_max_num_queries(most - 5):
            response = viewer.get("/treatments/")
        assert response.status_code == HTTPStatus.OK
