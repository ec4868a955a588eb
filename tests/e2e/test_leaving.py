"""Deleting one's account in a real browser: from the account page, a
member reads what happens, chooses to keep their comments as "Former
member", types a wrong password first (a polite error, the choice kept),
then deletes by keyboard; the goodbye page follows, the discussion shows
"Former member" with the reply still under it, and signing in again fails.
The delete page (with and without the error) and the goodbye page pass
axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Member
from tests.e2e.test_discussion import comment, sign_in
from tests.factories import PASSWORD, ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

WORDS = "Cold water on my wrists helps when the heat gets to me."
REPLY = "I will try that this afternoon, thank you."
EMAIL = "odile.leaving@example.org"


def accepted(member: Member) -> Member:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


def test_member_deletes_their_account_keeping_comments_as_former_member(
    page: Page, axe
):
    column = ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Ines"),
        title="Summer with MS",
        slug="summer-with-ms",
    )
    leaver = accepted(MemberFactory(display_name="Reader Odile", email=EMAIL))
    other = accepted(MemberFactory(display_name="Reader Bram"))
    discussion = services.open_discussion(host=column)
    mine = services.post_comment(discussion=discussion, author=leaver, body=WORDS)
    services.post_comment(discussion=discussion, author=other, body=REPLY, parent=mine)

    sign_in(page, leaver, "/account/profile/")
    page.get_by_role("link", name="Delete my account").click()
    expect(
        page.get_by_role("heading", name="Delete your account", level=1)
    ).to_be_visible()
    keep = page.get_by_role("radio", name=re.compile(r"^Keep them"))
    remove = page.get_by_role("radio", name=re.compile(r"^Remove them"))
    expect(keep).not_to_be_checked()
    expect(remove).not_to_be_checked()
    axe.assert_clean(page)

    keep.check()
    page.get_by_label("Your current password").fill("not the right one")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That is not your current password")).to_be_visible()
    expect(keep).to_be_checked()
    axe.assert_clean(page)

    # By keyboard this time: the choice is kept, the password typed, Enter.
    password = page.get_by_label("Your current password")
    password.focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Your account is deleted", level=1)
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("Former member")
    expect(
        page.get_by_role("banner").get_by_role("link", name="Sign in")
    ).to_be_visible()
    axe.assert_clean(page)
    assert not Member.objects.filter(email=EMAIL).exists()

    page.goto(column.get_absolute_url())
    expect(comment(page, WORDS).first).to_contain_text("Former member")
    expect(comment(page, REPLY)).to_be_visible()
    expect(page.locator("#discussion")).not_to_contain_text("Reader Odile")

    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email")).fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("main")).to_contain_text("not correct")
    expect(page.get_by_role("banner")).not_to_contain_text("Reader Odile")
