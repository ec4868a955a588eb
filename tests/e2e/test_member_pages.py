"""Member pages and the MS journey in a real browser: a reader follows a
byline from a discussion to the writer's page by keyboard; a member fills in
their MS journey, shows one part to everyone, and finds it on their public
page, where a reader sees that part and nothing else. The member page and
the journey form pass axe."""

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Treatment
from tests.e2e.test_discussion import comment, sign_in
from tests.factories import ArticleFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

WORDS = "Cooling vests got me through August."


@pytest.fixture
def writer():
    member = MemberFactory(
        display_name="Wren Writer", bio="Gardener.\nMS since 2015, mostly patient."
    )
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


@pytest.fixture
def column(writer):
    article = ArticleFactory(title="Summer heat", slug="summer-heat")
    discussion = services.open_discussion(host=article)
    services.post_comment(discussion=discussion, author=writer, body=WORDS)
    return article


def test_a_reader_opens_a_member_page_from_a_byline(page: Page, column, axe):
    page.goto(column.get_absolute_url())
    name = comment(page, WORDS).get_by_role("link", name="Wren Writer", exact=True)
    name.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Wren Writer", level=1)).to_be_visible()
    expect(page).to_have_url(f"{page.url.split('/members/')[0]}/members/Wren%20Writer/")
    expect(page.locator(".member-bio")).to_contain_text("MS since 2015")
    comments = page.get_by_role("region", name="Comments")
    expect(comments).to_contain_text(WORDS)
    expect(comments).to_contain_text("Summer heat")
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    axe.assert_clean(page)

    comments.get_by_role("link", name="Read the comment").click()
    expect(comment(page, WORDS)).to_be_visible()


def test_a_member_fills_in_their_journey_and_shows_one_part(
    page: Page, writer, column, axe
):
    Treatment.objects.create(
        name="Ocrelizumab", slug="ocrelizumab", other_names="Ocrevus", kind="infusion"
    )
    sign_in(page, writer, "/account/profile/")
    page.get_by_role("link", name="MS journey").click()
    expect(page.get_by_role("heading", name="Your MS journey", level=1)).to_be_visible()
    axe.assert_clean(page)

    diagnosis = page.get_by_role("group", name="Diagnosis")
    diagnosis.get_by_label("Year diagnosed").fill("2015")
    diagnosis.get_by_role("radio", name="Everyone").check()
    current = page.get_by_role("group", name="Current treatments")
    current.get_by_role("checkbox", name="Ocrelizumab (Ocrevus)").check()
    current.get_by_label("Other current treatments").fill("Physiotherapy")
    page.get_by_role("button", name="Save my MS journey").click()
    expect(page.get_by_role("status")).to_contain_text("Your MS journey is saved.")
    axe.assert_clean(page)

    page.get_by_role("link", name="Your public page").click()
    journey = page.get_by_role("region", name="MS journey")
    expect(journey).to_contain_text("2015")
    expect(journey).to_contain_text("Ocrelizumab (Ocrevus)")
    expect(journey.locator("#journey-diagnosed")).to_contain_text(
        "Who can see this: Everyone"
    )
    expect(journey.locator("#journey-current")).to_contain_text(
        "Who can see this: Only you"
    )
    axe.assert_clean(page)

    page.get_by_role("button", name="Sign out").click()
    page.goto("/members/Wren%20Writer/")
    journey = page.get_by_role("region", name="MS journey")
    expect(journey).to_contain_text("2015")
    expect(journey).not_to_contain_text("Ocrelizumab")
    expect(journey).not_to_contain_text("Physiotherapy")
    expect(journey).not_to_contain_text("Who can see this")
