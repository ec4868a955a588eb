"""Search in the browser: the header's box by keyboard, a brand name finding
what is written under another name, the result opening its thread; every
state of the search page passes axe, as a visitor and a member, on a
small screen too."""

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Discussion, Treatment
from tests.e2e.test_discussion import sign_in
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def scene():
    Treatment.objects.create(
        name="Alemtuzumab", slug="alemtuzumab", other_names="Lemtrada\nCampath"
    )
    article = ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Aoife"),
        title="Infusion days",
        body="What an infusion day looks like, hour by hour.",
    )
    reader = MemberFactory(display_name="Reader Priya")
    services.accept_disclaimer(member=reader, disclaimer=current_disclaimer())
    said = services.post_comment(
        discussion=Discussion.objects.for_host(article).get(),
        author=reader,
        body="My second round of alemtuzumab went better than the first.",
    )
    return article, reader, said


def test_a_brand_name_finds_the_generic_and_opens_the_thread(page: Page, axe, scene):
    _article, _reader, said = scene
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search Cairn")
    box.focus()
    page.keyboard.type("Lemtrada")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Lemtrada")
    expect(page.get_by_role("heading", name="1 result for “Lemtrada”")).to_be_visible()
    expect(page.locator("mark")).to_have_text("alemtuzumab")
    axe.assert_clean(page)
    page.get_by_role("link", name="A comment on “Infusion days”").click()
    expect(page.locator(f"#comment-{said.pk}")).to_be_visible()


def test_search_pages_are_accessible(page: Page, axe, scene):
    _article, reader, _said = scene
    for path in (
        "/search/",
        "/search/?q=a",
        "/search/?q=zzyzx",
        "/search/?q=infusion&tag=nope&from=2026-02-31",
    ):
        page.goto(path)
        axe.assert_clean(page)
    sign_in(page, reader, "/")
    page.goto("/search/?q=infusion&in=discussions")
    axe.assert_clean(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    expect(page.get_by_role("searchbox", name="Search Cairn")).to_be_visible()
    axe.assert_clean(page)
    page.goto("/search/?q=infusion")
    axe.assert_clean(page)


def test_the_rate_limited_page_is_accessible(page: Page, axe, scene, settings):
    settings.CAIRN_SEARCH_RATE_LIMIT = "1/m/ip"
    page.goto("/search/?q=infusion")
    response = page.goto("/search/?q=infusion")
    assert response is not None and response.status == 429
    axe.assert_clean(page)
