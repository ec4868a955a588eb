"""Moderation in a real browser: a newcomer's comment held and approved,
reports that hide a comment and a moderator who removes it with a reason,
a moderator note readers see, the queue by keyboard alone and without
JavaScript, and every moderation page accessible.

Each person has their own browser context (their own cookies), as on their
own computer. Elements are found by role and accessible name, with the
words of DESIGN.md's interface vocabulary.
"""

import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion, Member, Reason
from tests.e2e.conftest import (
    CSP_LISTENER,
    EXPECT_TIMEOUT_MS,
    NAVIGATION_TIMEOUT_MS,
    BrowserLog,
)
from tests.e2e.test_discussion import comment, sign_in
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
    NewMemberFactory,
)

# The journeys post faster than a person would; limits have their own tests.
pytestmark = pytest.mark.usefixtures("no_rate_limits")

TITLE = "What nobody told me about switching treatments"
HELD_TEXT = "First time posting here: I start my new infusions next month."
RISKY_TEXT = "Just stop your tablets for a month and see how you feel."
REPLY_TEXT = "Please talk to your MS nurse before stopping anything."
CALM_TEXT = "My neurologist gave me a week to think it over."
REMOVAL_NOTE = "Stopping a treatment needs your own MS team; see the explainer."
MODERATOR_NOTE = "Hospital protocols differ: ask your own MS team what applies."
APPROVED = "Approved: readers can see it."
REMOVED = "Removed. The author is told the reason."
THANKS = "Thank you for telling us."


def accepted(member: Member) -> Member:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


@pytest.fixture
def column():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Saoirse"),
        title=TITLE,
        slug="what-nobody-told-me-about-switching",
    )


@pytest.fixture
def discussion(column) -> Discussion:
    return Discussion.objects.for_host(column).get()


@pytest.fixture
def moderator():
    return ModeratorFactory(display_name="Moderator Hilde", email="hilde@example.org")


@pytest.fixture
def newcomer():
    return accepted(
        NewMemberFactory(display_name="Newcomer Nell", email="nell@example.org")
    )


@pytest.fixture
def calm(discussion) -> Comment:
    """A published comment, so the discussion is not empty."""
    author = accepted(MemberFactory(display_name="Reader Calum"))
    return services.post_comment(discussion=discussion, author=author, body=CALM_TEXT)


@pytest.fixture
def open_page(
    browser: Browser, live_server, browser_log: BrowserLog
) -> Iterator[Callable[..., Page]]:
    """A page in a browser context of its own (another person's computer),
    set up like the conftest's `page`: its CSP is watched, and the test
    fails if anything was blocked. With `member`, signed in on `then`."""
    contexts: list[BrowserContext] = []

    def _open(member: Member | None = None, then: str = "/", **options) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", **options
        )
        contexts.append(context)
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        context.expose_function(
            "__cairnReportCspViolation", browser_log.record_csp_violation
        )
        context.add_init_script(script=CSP_LISTENER)
        context.on("console", browser_log.record_console)
        page = context.new_page()
        page.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))
        if member is not None:
            sign_in(page, member, then)
        else:
            page.goto(then)
        return page

    yield _open
    for context in contexts:
        context.close()
    if browser_log.csp_violations or browser_log.page_errors:
        pytest.fail(
            "The Content-Security-Policy blocked something, or a script failed:\n"
            + browser_log.csp_report(),
            pytrace=False,
        )


def queue_item(page: Page, author: Member) -> Locator:
    """The moderation queue's item (or case) for a comment by `author`."""
    return page.get_by_role("article", name=re.compile(f"Comment by {author}"))


def disclosure(scope: Locator, name: str) -> Locator:
    """A <details>' summary by its visible words (Playwright gives a summary
    no role to find it by)."""
    return scope.locator("summary").filter(has_text=re.compile(rf"^\s*{name}\b"))


def heading_count(page: Page) -> Locator:
    return page.locator("#discussion").get_by_role(
        "heading", name=re.compile(r"^\d+ comments?$")
    )


def mark_document(page: Page) -> None:
    """A flag on this document, gone if the page is loaded again."""
    page.evaluate("window.__sameDocument = true")


def same_document(page: Page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def settled(page: Page) -> Page:
    """The page once the pointer is out of the way and every CSS transition
    has ended: axe measures colours as they are, and a button fading from
    its hover colour is neither."""
    page.mouse.move(0, 0)
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    return page


def report(page: Page, text: str, reason: str, note: str = "") -> None:
    """Press "Report" under the comment holding `text` and send a report."""
    comment(page, text).get_by_role("link", name=re.compile(r"^Report\b")).click()
    expect(page.get_by_role("heading", name="Report a comment")).to_be_visible()
    page.get_by_role("radio", name=reason, exact=True).check()
    if note:
        page.get_by_label(re.compile(r"^Anything a moderator should know")).fill(note)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_contain_text(THANKS)


# --- (a) + (b): held, then approved in place ---------------------------------


def test_newcomers_comment_is_held_then_approved_in_place(
    open_page, column, calm, newcomer, moderator
):
    url = column.get_absolute_url()
    author = open_page(newcomer, url)
    author.locator("#discussion").get_by_label("Your comment").fill(HELD_TEXT)
    author.locator("#discussion").get_by_role("button", name="Post comment").click()
    expect(author.get_by_role("status")).to_contain_text("waits for a moderator")
    held = comment(author, HELD_TEXT)
    expect(held).to_be_visible()
    expect(held).to_contain_text("Awaiting review")
    expect(heading_count(author)).to_have_text("1 comment")

    reader = open_page(then=url)
    other = open_page(accepted(MemberFactory(display_name="Reader Oskar")), url)
    for page in (reader, other):
        expect(comment(page, CALM_TEXT)).to_be_visible()
        expect(page.get_by_text(HELD_TEXT)).to_have_count(0)
        expect(heading_count(page)).to_have_text("1 comment")

    queue = open_page(moderator, url)
    queue.get_by_role("banner").get_by_role("link", name="Moderation").click()
    expect(queue.get_by_role("heading", name="Moderation queue")).to_be_visible()
    item = queue_item(queue, newcomer)
    expect(item).to_contain_text(HELD_TEXT)
    expect(item).to_contain_text("Held")
    mark_document(queue)
    item.get_by_role("button", name=re.compile(r"^Approve\b")).click()
    expect(item.get_by_role("status")).to_have_text(APPROVED)
    expect(item).to_contain_text("Published")
    expect(item.get_by_role("button", name=re.compile(r"^Approve\b"))).to_have_count(0)
    assert same_document(queue), (
        "Approve reloaded the page instead of answering in place"
    )

    reader.reload()
    expect(comment(reader, HELD_TEXT)).to_be_visible()
    expect(heading_count(reader)).to_have_text("2 comments")

    author.goto(url)
    expect(author.get_by_role("status")).to_contain_text(
        f"A moderator approved your comment in \u201c{TITLE}\u201d"
    )
    expect(comment(author, HELD_TEXT)).not_to_contain_text("Awaiting review")
    author.reload()  # told once
    expect(author.get_by_text("A moderator approved your comment")).to_have_count(0)


# --- (c) + (d): three reports hide it, a moderator removes it -----------------


def test_three_reports_hide_a_comment_and_a_moderator_removes_it_with_a_reason(
    open_page, column, discussion, moderator
):
    assert settings.CAIRN_REPORTS_TO_HIDE == 3
    writer = accepted(MemberFactory(display_name="Reader Ruaridh"))
    risky = services.post_comment(discussion=discussion, author=writer, body=RISKY_TEXT)
    replier = accepted(MemberFactory(display_name="Reader Pia"))
    reply = services.post_comment(
        discussion=discussion, author=replier, body=REPLY_TEXT, parent=risky
    )
    url = column.get_absolute_url()
    reader = open_page(then=url)
    expect(comment(reader, RISKY_TEXT)).to_be_visible()

    reports = [
        ("Reader Ines", "Medical misinformation", ""),
        ("Reader Femi", "Other", "Someone new might follow this advice."),
        ("Reader Grete", "Medical misinformation", "Dangerous if taken literally."),
    ]
    for n, (name, reason, note) in enumerate(reports, start=1):
        page = open_page(MemberFactory(display_name=name), url)
        report(page, RISKY_TEXT, reason, note)
        reader.reload()
        if n < len(reports):
            expect(comment(reader, RISKY_TEXT)).to_be_visible()

    expect(reader.get_by_text(RISKY_TEXT)).to_have_count(0)
    hidden_row = reader.locator(f"#comment-{risky.pk}")
    expect(hidden_row).to_contain_text("Hidden while a moderator looks at it")
    expect(hidden_row).not_to_contain_text(writer.display_name)
    # The reply keeps its place: the row right under the placeholder.
    under = reader.locator(f"#comment-{risky.pk} + article.comment")
    expect(under).to_have_id(f"comment-{reply.pk}")
    expect(under).to_contain_text(REPLY_TEXT)

    queue = open_page(moderator, "/moderation/")
    item = queue_item(queue, writer)
    expect(item).to_contain_text(RISKY_TEXT)
    expect(item).to_contain_text("3 reports")
    expect(item).to_contain_text("Someone new might follow this advice.")
    mark_document(queue)
    disclosure(item, "Remove").click()
    item.get_by_label("Reason (the author is told)").select_option(
        label="Medical misinformation"
    )
    item.get_by_label("Note to the author (optional)").fill(REMOVAL_NOTE)
    item.get_by_role("button", name="Remove", exact=True).click()
    expect(item.get_by_role("status")).to_have_text(REMOVED)
    expect(item).to_contain_text("Removed")
    assert same_document(queue), (
        "Remove reloaded the page instead of answering in place"
    )

    reader.reload()
    expect(hidden_row).to_contain_text("Removed by a moderator")
    expect(reader.get_by_text(RISKY_TEXT)).to_have_count(0)
    expect(under).to_have_id(f"comment-{reply.pk}")
    expect(under).to_contain_text(REPLY_TEXT)

    author = open_page(writer, url)
    told = author.get_by_role("status")
    expect(told).to_contain_text(
        f"A moderator removed your comment in \u201c{TITLE}\u201d. "
        "Reason: Medical misinformation."
    )
    expect(told).to_contain_text(REMOVAL_NOTE)
    author.get_by_role("banner").get_by_role("link", name="My comments").click()
    expect(author.get_by_role("heading", name="My comments", level=1)).to_be_visible()
    mine = author.locator(f"#my-comment-{risky.pk}")
    expect(mine).to_contain_text("Removed by a moderator")
    expect(mine).to_contain_text("Reason: Medical misinformation.")
    expect(mine).to_contain_text(REMOVAL_NOTE)
    expect(mine).to_contain_text(RISKY_TEXT)  # their own words, to them


# --- (e): a moderator note readers see ----------------------------------------


def test_moderator_note_shows_under_the_comment_for_readers(
    open_page, column, calm, moderator
):
    url = column.get_absolute_url()
    mod = open_page(moderator, url)
    comment(mod, CALM_TEXT).get_by_role("link", name=re.compile(r"^Moderate\b")).click()
    expect(mod).to_have_url(re.compile(f"/moderation/c/{calm.pk}/$"))
    case = queue_item(mod, calm.author)
    disclosure(case, "Add moderator note").click()
    case.get_by_label("Moderator note shown under the comment").fill(MODERATOR_NOTE)
    case.get_by_role("button", name="Save note").click()
    expect(case.get_by_role("status")).to_have_text("The moderator note is saved.")

    reader = open_page(then=url)
    note = comment(reader, CALM_TEXT).get_by_role(
        "complementary", name="Moderator note"
    )
    expect(note).to_contain_text(MODERATOR_NOTE)
    # Under that comment only.
    expect(reader.get_by_role("complementary", name="Moderator note")).to_have_count(1)


# --- (f): accessibility --------------------------------------------------------


def test_moderation_pages_have_no_serious_accessibility_violations(
    open_page, axe, column, discussion, calm, newcomer, moderator
):
    held = services.post_comment(discussion=discussion, author=newcomer, body=HELD_TEXT)
    writer = accepted(MemberFactory(display_name="Reader Ruaridh"))
    risky = services.post_comment(discussion=discussion, author=writer, body=RISKY_TEXT)
    services.post_comment(
        discussion=discussion, author=calm.author, body=REPLY_TEXT, parent=risky
    )
    reporters = [MemberFactory() for _ in range(settings.CAIRN_REPORTS_TO_HIDE)]
    for reporter in reporters:
        services.report_comment(
            comment=risky,
            reporter=reporter,
            reason=Reason.OTHER,
            note="Tells people to stop their treatment.",
        )
    services.report_comment(
        comment=calm, reporter=reporters[0], reason=Reason.MISINFORMATION
    )
    services.note_comment(comment=calm, moderator=moderator, note=MODERATOR_NOTE)
    assert held.status == Comment.Status.PENDING

    mod = open_page(moderator, "/moderation/")
    expect(mod.get_by_role("article")).to_have_count(3)
    axe.assert_clean(settled(mod))
    # The open "Remove" and "Add moderator note" forms as well.
    item = queue_item(mod, writer)
    disclosure(item, "Remove").click()
    disclosure(item, "Add moderator note").click()
    expect(item.get_by_label("Reason (the author is told)")).to_be_visible()
    axe.assert_clean(settled(mod))
    # An item answered in place.
    queue_item(mod, newcomer).get_by_role("button", name=re.compile("^Approve")).click()
    expect(queue_item(mod, newcomer).get_by_role("status")).to_have_text(APPROVED)
    axe.assert_clean(settled(mod))

    mod.goto(f"/moderation/c/{risky.pk}/")
    expect(mod.get_by_text("What was done with this comment")).to_be_visible()
    axe.assert_clean(settled(mod))

    risky.refresh_from_db()
    services.remove_comment(
        comment=risky,
        moderator=moderator,
        reason=Reason.MISINFORMATION,
        note=REMOVAL_NOTE,
    )
    author = open_page(writer, "/account/comments/")
    expect(author.get_by_text("Reason: Medical misinformation.").first).to_be_visible()
    axe.assert_clean(settled(author))

    reporter = open_page(accepted(MemberFactory()), f"/c/{calm.pk}/report/")
    expect(reporter.get_by_role("heading", name="Report a comment")).to_be_visible()
    axe.assert_clean(settled(reporter))
    # And with the refusal shown: no reason chosen.
    reporter.get_by_role("button", name="Send report").click()
    expect(reporter.get_by_role("alert")).to_contain_text("not sent yet")
    axe.assert_clean(settled(reporter))

    mine = open_page(newcomer, "/account/comments/")
    expect(mine.get_by_text("Published").first).to_be_visible()
    axe.assert_clean(settled(mine))


# --- (g): keyboard only, and no JavaScript -------------------------------------


def test_queue_approve_works_with_the_keyboard_alone(
    open_page, column, discussion, newcomer, moderator
):
    held = services.post_comment(discussion=discussion, author=newcomer, body=HELD_TEXT)
    page = open_page(moderator, "/moderation/")
    approve = queue_item(page, newcomer).get_by_role(
        "button", name=re.compile(r"^Approve\b")
    )
    for _ in range(100):
        page.keyboard.press("Tab")
        if approve.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the queue's Approve button")
    mark_document(page)
    page.keyboard.press("Enter")
    item = queue_item(page, newcomer)
    expect(item.get_by_role("status")).to_have_text(APPROVED)
    assert same_document(page)
    # The pressed button went with the old item: the focus moves to the
    # outcome (read out, and the place to go on from), not to the page's
    # body, where a keyboard user would start again from the top.
    expect(item.get_by_role("status")).to_be_focused()
    assert held.pk == int(item.evaluate("el => el.id").rsplit("-", 1)[1])


def test_queue_approve_works_without_javascript(
    open_page, column, discussion, newcomer, moderator
):
    held = services.post_comment(discussion=discussion, author=newcomer, body=HELD_TEXT)
    page = open_page(moderator, "/moderation/", java_script_enabled=False)
    item = queue_item(page, newcomer)
    expect(item).to_contain_text(HELD_TEXT)
    with page.expect_navigation() as navigation:
        item.get_by_role("button", name=re.compile(r"^Approve\b")).click()
    assert navigation.value is not None and navigation.value.ok
    expect(page).to_have_url(re.compile(r"/moderation/$"))
    expect(page.get_by_role("status")).to_contain_text(APPROVED)
    expect(page.get_by_text("Nothing waits for a moderator")).to_be_visible()
    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED

    reader = open_page(then=column.get_absolute_url(), java_script_enabled=False)
    expect(comment(reader, HELD_TEXT)).to_be_visible()


def test_refused_removal_says_why_in_place(
    open_page, column, discussion, newcomer, moderator
):
    services.post_comment(discussion=discussion, author=newcomer, body=HELD_TEXT)
    page = open_page(moderator, "/moderation/")
    item = queue_item(page, newcomer)
    disclosure(item, "Remove").click()
    item.get_by_label("Note to the author (optional)").fill("x" * 1001)
    mark_document(page)
    item.get_by_role("button", name="Remove", exact=True).click()
    expect(item.get_by_role("status")).to_have_text(
        re.compile(r"Notes can be up to 1,?000 characters")
    )
    expect(item).to_contain_text("Held")
    expect(page.get_by_text("Sorry, that did not work")).to_have_count(0)
    assert same_document(page)
