"""Finding one's way (issue 20) in a real browser: a member who only knows a
brand name searches for it from the header, opens an explainer, goes on to
the treatment's page, starts a topic about it from there, and another
member replies. Then the treatment pages and related reading pass axe.

Elements are found by role and accessible name, as a reader finds them.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from community.models import Category, Topic
from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Treatment
from tests.e2e.test_discussion import sign_in
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

TITLE = "Two weeks before my first Lemtrada course"
OPENING = "My course starts soon. What did you wish you had ready at home?"
REPLY = "Easy meals in the freezer, and a friend on call for the first week."


@pytest.fixture
def lemtrada():
    treatment = Treatment.objects.create(
        name="Alemtuzumab",
        slug="alemtuzumab",
        other_names="Lemtrada\nCampath",
        kind=Treatment.Kind.INFUSION,
        description="Given as a drip on a few days in a row, in two courses "
        "a year apart, with monthly tests for years after.",
    )
    columnist = ColumnistFactory(display_name="Columnist Hedda")
    explainer = ArticleFactory(
        author=columnist,
        kind="explainer",
        title="Infusion days, step by step",
        slug="infusion-days-step-by-step",
        summary="What happens on the days of an alemtuzumab course.",
        body="Each Lemtrada infusion runs for a few hours on the unit.",
    )
    explainer.treatments.add(treatment)
    # More by the columnist: "More from" under the explainer.
    ArticleFactory(author=columnist, title="Planning rest around clinic days")
    reader = MemberFactory(display_name="Reader Sunniva")
    services.accept_disclaimer(member=reader, disclaimer=current_disclaimer())
    services.post_comment(
        discussion=services.open_discussion(host=explainer),
        author=reader,
        body="I had Campath two years ago; the second course was easier.",
    )
    Category.objects.create(
        name="Treatments",
        slug="treatments",
        description="Questions and experiences about MS treatments.",
    )
    return treatment, explainer


def test_member_searches_a_brand_name_and_starts_a_topic_from_its_page(
    page: Page, lemtrada
):
    treatment, explainer = lemtrada
    starter = MemberFactory(display_name="Member Ilse", email="ilse@example.org")
    services.accept_disclaimer(member=starter, disclaimer=current_disclaimer())
    sign_in(page, starter, "/")

    page.get_by_role("search").get_by_label("Search Cairn").fill("Lemtrada")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Lemtrada"))
    page.get_by_role("link", name="Infusion days, step by step", exact=True).click()
    expect(page).to_have_url(re.compile(explainer.get_absolute_url()))

    about = page.get_by_role("navigation", name="Treatments this article is about")
    about.get_by_role("link", name="Alemtuzumab").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alemtuzumab")
    expect(page.get_by_text("Also called: Lemtrada, Campath")).to_be_visible()
    expect(page.get_by_role("heading", name="Explainers and columns")).to_be_visible()
    expect(page.get_by_text("I had Campath two years ago")).to_be_visible()

    page.get_by_role("link", name="Start a topic about Alemtuzumab").click()
    page.get_by_label("Category").select_option(label="Treatments")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Opening post").fill(OPENING)
    treatment_choice = page.get_by_label("Treatment (optional)")
    if treatment_choice.input_value() != str(treatment.pk):
        treatment_choice.select_option(label="Alemtuzumab")
    page.get_by_role("button", name="Start topic").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_text(OPENING)).to_be_visible()
    topic = Topic.objects.get(title=TITLE)
    assert topic.treatment == treatment

    # The topic is on the treatment's page now.
    page.goto(f"/treatments/{treatment.slug}/")
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(topic.get_absolute_url()))

    # Another member replies.
    page.context.clear_cookies()
    other = MemberFactory(display_name="Member Joaquim", email="joaquim@example.org")
    services.accept_disclaimer(member=other, disclaimer=current_disclaimer())
    sign_in(page, other, topic.get_absolute_url())
    discussion = page.locator("#discussion")
    discussion.get_by_label("Your comment").fill(REPLY)
    discussion.get_by_role("button", name="Post comment").click()
    expect(page.locator("article.comment", has_text=REPLY)).to_be_visible()


def test_treatment_pages_and_related_reading_are_accessible(page: Page, axe, lemtrada):
    treatment, explainer = lemtrada
    for path in (
        "/treatments/",
        f"/treatments/{treatment.slug}/",
        explainer.get_absolute_url(),  # "About", "More from"
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        axe.assert_clean(page)
    member = MemberFactory(display_name="Member Pilar", email="pilar@example.org")
    sign_in(page, member, f"/treatments/{treatment.slug}/")
    axe.assert_clean(page)
