"""The foundation in a real browser: read an article, join, verify, sign in.

Elements are found the way a reader finds them, by role and accessible name
(DESIGN.md, "The user interface vocabulary"), never by CSS class.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from forum.models import Member
from tests.factories import PASSWORD, ArticleFactory, ColumnistFactory

NEW_PASSWORD = "cairn stones mark the path 7"


def label(text: str) -> re.Pattern[str]:
    """A form label, whatever suffix the renderer adds ("Email:", "Email*")."""
    return re.compile(rf"^\s*{re.escape(text)}[\s:*]*$")


def banner(page: Page):
    return page.get_by_role("banner")


def link_in_email(body: str, path_prefix: str) -> str:
    match = re.search(rf"https?://[^\s/]+{re.escape(path_prefix)}[^\s<>\"']*", body)
    assert match, f"no link to {path_prefix} in the email:\n{body}"
    return match.group(0)


@pytest.fixture
def published_article():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Ailsa"),
        title="What my first relapse taught me",
        slug="what-my-first-relapse-taught-me",
        summary="Six weeks of steroids, stairs and patience.",
    )


def test_reader_opens_article_from_home_and_sees_disclaimer(
    page: Page, published_article
):
    page.goto("/")

    page.get_by_role("link", name=published_article.title, exact=True).click()

    expect(page).to_have_url(
        re.compile(re.escape(published_article.get_absolute_url()) + "$")
    )
    expect(
        page.get_by_role("heading", level=1, name=published_article.title, exact=True)
    ).to_be_visible()
    expect(page.get_by_text("First paragraph of the article.")).to_be_visible()
    disclaimer = page.get_by_role(
        "complementary", name="Medical disclaimer", exact=True
    )
    expect(
        disclaimer.get_by_role("heading", name="Medical disclaimer", exact=True)
    ).to_be_visible()
    expect(disclaimer).to_contain_text("not medical advice")


def test_newcomer_signs_up_verifies_email_and_signs_in(page: Page, mailoutbox):
    email = "newcomer@example.org"
    display_name = "Heather on wheels"

    page.goto("/")
    banner(page).get_by_role("link", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/(\?next=.*)?$"))
    page.get_by_label(label("Display name")).fill(display_name)
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(NEW_PASSWORD)
    page.get_by_label(label("Password (again)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()

    expect(
        page.get_by_role("heading", name="Check your inbox", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("button", name="Resend the link")).to_be_visible()
    member = Member.objects.get(email=email)
    assert member.display_name == display_name
    assert not EmailAddress.objects.get(user=member, email=email).verified

    assert len(mailoutbox) == 1, [message.subject for message in mailoutbox]
    message = mailoutbox[0]
    assert message.to == [email]
    confirm_url = link_in_email(message.body, "/accounts/confirm-email/")
    assert confirm_url.startswith(page.url.split("/accounts/")[0])

    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm", exact=True).click()

    assert EmailAddress.objects.get(user=member, email=email).verified
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: confirming in the sign-up session signs in.
    expect(
        banner(page).get_by_role("link", name=display_name, exact=True)
    ).to_be_visible()

    banner(page).get_by_role("button", name="Sign out", exact=True).click()
    expect(
        banner(page).get_by_role("link", name=display_name, exact=True)
    ).to_have_count(0)

    banner(page).get_by_role("link", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(
        banner(page).get_by_role("link", name=display_name, exact=True)
    ).to_be_visible()
    expect(
        banner(page).get_by_role("button", name="Sign out", exact=True)
    ).to_be_visible()


def test_member_with_wrong_password_is_not_signed_in(page: Page, member):
    page.goto("/accounts/login/")
    page.get_by_label(label("Email")).fill(member.email)
    page.get_by_label(label("Password")).fill(PASSWORD + "-wrong")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_text(re.compile("not correct", re.I))).to_be_visible()
    expect(
        banner(page).get_by_role("link", name=member.display_name, exact=True)
    ).to_have_count(0)


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="home"),
        pytest.param("/articles/what-my-first-relapse-taught-me/", id="article"),
        pytest.param("/accounts/login/", id="sign-in"),
    ],
)
def test_page_has_no_serious_accessibility_violations(
    page: Page, axe, published_article, path
):
    response = page.goto(path)
    assert response is not None and response.ok, (
        f"{path} answered {response and response.status}"
    )

    axe.assert_clean(page)


def test_keyboard_reader_skips_to_main_and_opens_first_article(
    page: Page, published_article
):
    page.goto("/")
    skip_link = page.get_by_role("link", name="Skip to main content", exact=True)
    main = page.get_by_role("main")
    article_link = main.get_by_role("link", name=published_article.title, exact=True)

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, (
        f"focused skip link is hidden: {box}"
    )

    page.keyboard.press("Enter")
    expect(main).to_be_focused()

    for _ in range(10):
        page.keyboard.press("Tab")
        if article_link.evaluate("link => link === document.activeElement"):
            break
        assert main.evaluate("main => main.contains(document.activeElement)"), (
            "Tab left the main content before reaching the first article"
        )
    expect(article_link).to_be_focused()

    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(published_article.get_absolute_url()) + "$")
    )
    expect(
        page.get_by_role("heading", level=1, name=published_article.title, exact=True)
    ).to_be_visible()


def test_text_size_control_changes_root_font_size_and_survives_reload(page: Page):
    page.goto("/")
    root = page.locator("html")
    # Not exact: the name may also carry the visible glyph ("A+ Larger text").
    larger = page.get_by_role("button", name="Larger text")
    smaller = page.get_by_role("button", name="Smaller text")
    default = root.evaluate("el => getComputedStyle(el).fontSize")

    larger.click()
    expect(root).not_to_have_css("font-size", default)
    enlarged = root.evaluate("el => getComputedStyle(el).fontSize")
    assert float(enlarged.removesuffix("px")) > float(default.removesuffix("px"))

    page.reload()
    expect(root).to_have_css("font-size", enlarged)

    smaller.click()
    expect(root).to_have_css("font-size", default)

    page.reload()
    expect(root).to_have_css("font-size", default)
