"""@mentions in a real browser: typing "@" and the start of a name offers the
names of the discussion's participants below the comment box; the arrow
keys and Enter, or a click, put the whole name in; Escape closes the list;
the page stays accessible while the list is open.

Elements are found by role and accessible name, as a reader finds them.
"""

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Discussion
from tests.e2e.test_discussion import sign_in
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

LIST = "Members to mention"


@pytest.fixture
def column():
    article = ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Maeve"),
        title="Learning to pace the good days",
        slug="learning-to-pace-the-good-days",
    )
    discussion = Discussion.objects.for_host(article).get()
    for name, body in [
        ("Annika Holt", "Short walks before noon work for me."),
        ("Anselm Ruiz", "I keep a fan by the desk all summer."),
        ("Bettina Kraus", "Naps are not a failure."),
    ]:
        member = MemberFactory(display_name=name)
        services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
        services.post_comment(discussion=discussion, author=member, body=body)
    return article


@pytest.fixture
def reader():
    member = MemberFactory(display_name="Reader Oona", email="oona@example.org")
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


def open_box(page: Page, column, reader):
    sign_in(page, reader, column.get_absolute_url())
    box = page.locator("#discussion").get_by_label("Your comment")
    box.click()
    return box


def test_typed_mention_offers_names_and_arrow_enter_inserts_one(
    page: Page, axe, column, reader
):
    box = open_box(page, column, reader)
    box.press_sequentially("Thanks @An")
    names = page.get_by_role("listbox", name=LIST)
    expect(names).to_be_visible()
    options = names.get_by_role("option")
    expect(options).to_have_text(["Annika Holt", "Anselm Ruiz"])
    expect(box).to_have_attribute("aria-controls", names.get_attribute("id"))
    axe.assert_clean(page)

    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute(
        "aria-activedescendant", options.nth(1).get_attribute("id")
    )
    box.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    axe.assert_clean(page)
    box.press("Enter")

    expect(box).to_have_value("Thanks @Annika Holt ")
    expect(names).to_be_hidden()
    assert box.get_attribute("aria-activedescendant") is None
    expect(box).to_be_focused()
    # Typing on after the inserted name does not offer it again.
    box.press_sequentially("and")
    page.wait_for_timeout(400)
    expect(names).to_be_hidden()
    expect(box).to_have_value("Thanks @Annika Holt and")


def test_clicking_a_suggestion_inserts_it_and_escape_closes_the_list(
    page: Page, column, reader
):
    box = open_box(page, column, reader)
    box.press_sequentially("@bet")
    names = page.get_by_role("listbox", name=LIST)
    names.get_by_role("option", name="Bettina Kraus").click()
    expect(box).to_have_value("@Bettina Kraus ")
    expect(box).to_be_focused()

    box.press_sequentially("and @ans")
    expect(names.get_by_role("option")).to_have_text(["Anselm Ruiz"])
    box.press("Escape")
    expect(names).to_be_hidden()
    # Enter without a chosen name is a line break, as always.
    box.press_sequentially("elm")
    box.press("Enter")
    expect(box).to_have_value("@Bettina Kraus and @anselm\n")


def test_no_list_for_an_address_or_a_name_nobody_here_has(page: Page, column, reader):
    box = open_box(page, column, reader)
    box.press_sequentially("write to me@An")
    page.wait_for_timeout(400)
    names = page.get_by_role("listbox", name=LIST, include_hidden=True)
    expect(names).to_be_hidden()
    box.fill("")
    box.press_sequentially("@Zed")
    page.wait_for_timeout(400)
    expect(names).to_be_hidden()
