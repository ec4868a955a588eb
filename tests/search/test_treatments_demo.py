"""The demo's treatment pages: seed_demo links its alemtuzumab pieces."""

from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from articles.demo_treatments import ARTICLE_TREATMENTS
from articles.models import Article
from forum.models import Treatment

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", stdout=StringIO())


def test_seed_links_demo_articles_to_their_treatments_once(client):
    seed()
    alemtuzumab = Treatment.objects.get(slug="alemtuzumab")
    linked = Article.objects.filter(treatments=alemtuzumab)
    assert set(linked.values_list("slug", flat=True)) == set(ARTICLE_TREATMENTS)

    # An editor's choice survives a second run.
    column = linked.get(slug="one-kitchen-table-and-a-start-date")
    column.treatments.set([Treatment.objects.get(slug="cladribine")])
    seed()

    assert list(column.treatments.values_list("slug", flat=True)) == ["cladribine"]
    assert Article.treatments.through.objects.count() == len(ARTICLE_TREATMENTS)


def test_demo_lemtrada_page_has_explainers_and_comments_that_mention_it(client):
    seed()

    response = client.get("/treatments/alemtuzumab/")

    assertContains(response, "Also called: Lemtrada, Campath")
    assertContains(response, "/articles/how-an-alemtuzumab-course-unfolds/")
    assertContains(response, "Read it in its thread")
