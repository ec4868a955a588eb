"""Data rights in a real browser: a member downloads their data (the file
Chromium saves is JSON and holds their comment), and on the sessions page
sees the two browsers they are signed in with and signs the other one out.
Both pages pass axe, and their buttons work from the keyboard."""

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Member
from tests.e2e.test_moderation import open_page  # noqa: F401 - a fixture
from tests.factories import ArticleFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

WORDS = "Short walks before noon keep my legs working."
FIREFOX_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Safari/605.1.15"
)


def accepted(member: Member) -> Member:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


def test_member_downloads_their_data_as_json(
    open_page,  # noqa: F811 - the imported fixture
    axe,
):
    member = accepted(MemberFactory(display_name="Keeping Kit"))
    column = ArticleFactory(title="Walking plans")
    services.post_comment(
        discussion=services.open_discussion(host=column), author=member, body=WORDS
    )

    page = open_page(member, "/account/profile/")
    page.get_by_role("link", name="Download my data").click()
    expect(
        page.get_by_role("heading", name="Download my data", level=1)
    ).to_be_visible()
    expect(page.get_by_text("What the file holds")).to_be_visible()
    axe.assert_clean(page)

    button = page.get_by_role("button", name="Download my data")
    button.focus()
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    download = started.value

    assert download.suggested_filename == (
        f"cairn-data-{timezone.localdate():%Y-%m-%d}.json"
    )
    with open(download.path(), encoding="utf-8") as saved:
        document = json.load(saved)
    assert document["format"] == "cairn-export/1"
    assert document["profile"]["display_name"] == "Keeping Kit"
    [comment] = document["comments"]
    assert comment["body"] == WORDS
    assert comment["where"]["title"] == "Walking plans"


def test_sessions_page_lists_both_browsers_and_signs_the_other_out(
    open_page,  # noqa: F811 - the imported fixture
    axe,
):
    member = MemberFactory(display_name="Two Laptops Tam")
    here = open_page(member, "/", user_agent=FIREFOX_WINDOWS)
    there = open_page(member, "/", user_agent=SAFARI_MAC)

    here.goto("/account/profile/")
    here.get_by_role("link", name="Active sessions").click()
    expect(here.get_by_role("heading", name="Active sessions", level=1)).to_be_visible()
    devices = here.get_by_role("list", name="Signed-in devices").get_by_role("listitem")
    expect(devices).to_have_count(2)
    expect(devices.nth(0)).to_contain_text("Firefox on Windows")
    expect(devices.nth(0)).to_contain_text("This device")
    expect(devices.nth(1)).to_contain_text("Safari on macOS")
    expect(devices.nth(1)).not_to_contain_text("This device")
    expect(devices.nth(1)).to_contain_text(re.compile(r"127\.0\.x\.x"))
    axe.assert_clean(here)

    button = here.get_by_role("button", name="Sign out of all other sessions")
    button.focus()
    here.keyboard.press("Enter")

    expect(here.get_by_role("status")).to_contain_text(
        "You are signed out on every other device"
    )
    expect(devices).to_have_count(1)
    expect(devices.first).to_contain_text("This device")
    axe.assert_clean(here)

    there.reload()
    expect(
        there.get_by_role("banner").get_by_role("link", name="Sign in")
    ).to_be_visible()
    expect(there.get_by_role("banner")).not_to_contain_text(member.display_name)
    here.reload()
    expect(here.get_by_role("banner")).to_contain_text(member.display_name)
