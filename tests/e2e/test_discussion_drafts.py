"""No lost text and no dead ends, in a real browser: the inline reply box
keeps its draft, "Cancel" asks before closing a box with text in it, a
signed-out "Reply" goes to sign-in and back, a refused request opens the
page that explains it, and text kept after the edit window closed can be
copied in one press.

Elements are found by role and accessible name, as a reader finds them.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion
from tests.e2e.test_discussion import comment, sign_in
from tests.factories import PASSWORD, ArticleFactory, ColumnistFactory, MemberFactory

RESTORED = "Your unsent draft was restored."


# The journeys post faster than a person would; limits have their own tests.
pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def column():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Eilidh"),
        title="Heat, fatigue and the summer I stopped apologising",
        slug="heat-fatigue-and-the-summer",
    )


@pytest.fixture
def reader():
    member = MemberFactory(display_name="Reader Tomasz", email="tomasz@example.org")
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


@pytest.fixture
def anouk():
    member = MemberFactory(display_name="Reader Anouk")
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


@pytest.fixture
def question(column, anouk) -> Comment:
    return services.post_comment(
        discussion=Discussion.objects.for_host(column).get(),
        author=anouk,
        body="Does anyone else plan errands around the cool hours?",
    )


def open_reply_box(page: Page, text: str):
    """Press "Reply" under the comment holding `text`; return its reply form."""
    row = comment(page, text)
    row.get_by_role("link", name="Reply").click()
    form = row.locator(".reply-slot form")
    expect(form.get_by_label("Your reply")).to_be_focused()
    return form


def one_main(page: Page) -> None:
    """The page is one page: never a second header, footer or main inside it."""
    expect(page.locator("main#main")).to_have_count(1)
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)


def test_inline_reply_draft_survives_reload_and_cancel_until_posted(
    page: Page, column, reader, question
):
    asked = "Does anyone else plan errands"
    draft = "Yes, before nine or after seven, and"
    sign_in(page, reader, column.get_absolute_url())

    open_reply_box(page, asked).get_by_label("Your reply").fill(draft)
    page.reload()
    form = open_reply_box(page, asked)
    expect(form.get_by_label("Your reply")).to_have_value(draft)
    expect(form.get_by_text(RESTORED)).to_be_visible()

    # Cancel with text asks first; saying no keeps the box and the text.
    asked_with = []

    def decline(dialog):
        asked_with.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    form.get_by_role("button", name="Cancel").click()
    expect(form.get_by_label("Your reply")).to_have_value(draft)
    assert asked_with and "Discard this reply?" in asked_with[0]

    # Saying yes closes the box and gives the focus back to "Reply".
    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="Cancel").click()
    expect(comment(page, asked).locator(".reply-slot form")).to_have_count(0)
    expect(comment(page, asked).get_by_role("link", name="Reply")).to_be_focused()

    # The draft outlives the cancel, and is forgotten once posted.
    form = open_reply_box(page, asked)
    expect(form.get_by_label("Your reply")).to_have_value(draft)
    expect(form.get_by_text(RESTORED)).to_be_visible()
    form.get_by_label("Your reply").fill(draft + " a fan in the car.")
    form.get_by_role("button", name="Post comment").click()
    expect(comment(page, "a fan in the car.")).to_be_visible()
    assert Comment.objects.get(body__endswith="a fan in the car.").parent == question

    page.reload()
    form = open_reply_box(page, asked)
    expect(form.get_by_label("Your reply")).to_have_value("")
    expect(form.get_by_text(RESTORED)).to_have_count(0)
    # An empty box closes without a question (an unexpected dialog would be
    # dismissed and leave the box open).
    form.get_by_role("button", name="Cancel").click()
    expect(comment(page, asked).locator(".reply-slot form")).to_have_count(0)


def test_signed_out_reply_goes_to_sign_in_then_to_the_reply_page(
    page: Page, column, reader, question
):
    page.goto(column.get_absolute_url())
    one_main(page)

    comment(page, "Does anyone else plan errands").get_by_role(
        "link", name="Reply"
    ).click()
    expect(page).to_have_url(
        re.compile(rf"/accounts/login/\?next=/c/{question.pk}/reply/$")
    )
    one_main(page)
    expect(page.locator(".reply-slot")).to_have_count(0)

    page.get_by_label(re.compile(r"^\s*Email")).fill(reader.email)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/c/{question.pk}/reply/$"))
    one_main(page)
    expect(
        page.get_by_role("heading", level=1, name="Reply to Reader Anouk")
    ).to_be_visible()
    page.get_by_label("Your reply").fill("Mornings, with a cold flannel handy.")
    page.get_by_role("button", name="Post comment").click()
    expect(comment(page, "with a cold flannel handy.")).to_be_visible()


def test_refused_reply_opens_the_page_that_explains_it(
    page: Page, column, reader, anouk, question
):
    ilse = MemberFactory(display_name="Reader Ilse")
    services.accept_disclaimer(member=ilse, disclaimer=current_disclaimer())
    services.post_comment(
        discussion=question.discussion,
        author=ilse,
        body="Early mornings, always.",
        parent=question,
    )
    sign_in(page, reader, column.get_absolute_url())
    # Deleted while the page was open: "Reply" is now refused (403).
    services.delete_comment(comment=question, member=anouk)

    comment(page, "Does anyone else plan errands").get_by_role(
        "link", name="Reply"
    ).click()

    expect(page).to_have_url(re.compile(rf"/c/{question.pk}/reply/$"))
    one_main(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, that is not open to you"
    )
    expect(page.get_by_role("main")).to_contain_text("no longer available")
    expect(page.get_by_role("main")).not_to_contain_text("Reader Anouk")


def test_text_kept_after_the_edit_window_closed_copies_in_one_press(
    page: Page, context: BrowserContext, live_server, column, reader
):
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    mine = services.post_comment(
        discussion=Discussion.objects.for_host(column).get(),
        author=reader,
        body="Cold drinks in a flask, and a seat in the shade.",
    )
    Comment.objects.filter(pk=mine.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    sign_in(page, reader, f"/c/{mine.pk}/edit/")

    expect(page.get_by_role("button", name="Save changes")).to_have_count(0)
    expect(page.get_by_label("Your text")).to_have_value(
        "Cold drinks in a flask, and a seat in the shade."
    )
    page.get_by_role("button", name="Copy your text").click()
    expect(page.locator(".copy-status")).to_have_text(
        "Copied. You can paste it wherever you like."
    )
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Cold drinks in a flask, and a seat in the shade."
    )
