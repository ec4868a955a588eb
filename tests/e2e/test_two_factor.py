"""A moderator is made to set up two-factor sign-in before the queue opens,
in a real browser: the key read off the page, the code computed by
tests/totp.py as a phone would, typed and sent by keyboard; the recovery
codes saved; then signing in again asks for the code. axe checks every page
of the way.
"""

import re

from playwright.sync_api import Page, expect

from forum.two_factor import WHY
from tests.e2e.second_step import CODE_LABEL
from tests.e2e.test_discussion import sign_in
from tests.factories import PASSWORD, MemberFactory, ModeratorFactory
from tests.totp import fresh_totp, secret_of


def test_moderator_sets_up_two_factor_before_the_queue_opens(page: Page, axe):
    moderator = ModeratorFactory(
        display_name="Moderator Hilde", email="hilde@example.org", two_factor=False
    )
    sign_in(page, moderator, "/")

    page.get_by_role("banner").get_by_role("link", name="Moderation").click()

    # allauth asks for the password before any change to how one signs in.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.locator(".messages")).to_contain_text(str(WHY))
    axe.assert_clean(page)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.keyboard.press("Enter")

    expect(
        page.get_by_role("heading", name="Set up two-factor sign-in", level=1)
    ).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code for your authenticator app")
    ).to_be_visible()
    axe.assert_clean(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    code, step = fresh_totp(secret)
    field = page.get_by_label("Code from your authenticator app")
    field.focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")

    expect(
        page.get_by_role("heading", name="Recovery codes: keep them somewhere safe")
    ).to_be_visible()
    codes = page.get_by_role("list", name="Your recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    axe.assert_clean(page)
    assert secret_of(moderator) == secret
    carry_on = page.get_by_role("link", name="I have saved them: continue")
    carry_on.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("banner").get_by_role("link", name="Sign in")
    ).to_be_visible()
    page.goto("/accounts/login/?next=/moderation/")
    page.get_by_label(re.compile(r"^\s*Email")).fill(moderator.email)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(
        page.get_by_role("heading", name="Sign in: second step", level=1)
    ).to_be_visible()
    axe.assert_clean(page)
    wrong = f"{(int(fresh_totp(secret)[0]) + 1) % 1_000_000:06d}"
    page.get_by_label(CODE_LABEL).fill(wrong)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    expect(page.get_by_label(CODE_LABEL)).to_have_value(wrong)
    axe.assert_clean(page)
    code, _step = fresh_totp(secret, used_step=step)
    page.get_by_label(CODE_LABEL).fill(code)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Moderator Hilde")


def test_a_member_turns_it_on_and_off_from_the_account_page(page: Page, axe):
    member = MemberFactory(display_name="Reader Oona", email="oona@example.org")
    sign_in(page, member, "/account/profile/")

    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(
        page.get_by_role("heading", name="Two-factor sign-in", level=1)
    ).to_be_visible()
    expect(
        page.get_by_text("Off: signing in asks for your password only.")
    ).to_be_visible()
    axe.assert_clean(page)
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(fresh_totp(secret)[0])
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".messages")).to_contain_text("Two-factor sign-in is on.")
    page.get_by_role("link", name="Back to two-factor sign-in").click()

    expect(page.get_by_text("On: signing in asks for a code")).to_be_visible()
    expect(page.get_by_text("10 codes left.")).to_be_visible()
    page.get_by_role("link", name="Turn off two-factor sign-in").click()
    expect(
        page.get_by_role("heading", name="Turn off two-factor sign-in", level=1)
    ).to_be_visible()
    axe.assert_clean(page)
    page.get_by_role("button", name="Turn off two-factor sign-in").click()
    expect(page.locator(".messages")).to_contain_text("Two-factor sign-in is off.")
    expect(
        page.get_by_text("Off: signing in asks for your password only.")
    ).to_be_visible()
    assert secret_of(member) is None
