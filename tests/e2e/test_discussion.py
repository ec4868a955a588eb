"""The discussion in a real browser: join, post, reply deep, edit, delete,
keep a draft, reply by keyboard alone, and stay accessible.

Elements are found by role and accessible name, as a reader finds them.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion
from tests.e2e.second_step import pass_second_step
from tests.factories import PASSWORD, ArticleFactory, ColumnistFactory, MemberFactory

# The journeys post faster than a person would; limits have their own tests.
pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def column():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Morag"),
        title="The week I learned to ask for help",
        slug="the-week-i-learned-to-ask-for-help",
    )


@pytest.fixture
def reader():
    return MemberFactory(display_name="Reader Tomasz", email="tomasz@example.org")


def sign_in(page: Page, member, then: str) -> None:
    page.goto(f"/accounts/login/?next={then}")
    page.get_by_label(re.compile(r"^\s*Email")).fill(member.email)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    # Moderators, columnists and staff: the code from their authenticator app.
    pass_second_step(page, member)
    expect(page.get_by_role("banner")).to_contain_text(member.display_name)


def comment(page: Page, text: str):
    return page.locator("article.comment", has_text=text)


def test_member_joins_posts_replies_five_deep_edits_and_deletes(
    page: Page, column, reader
):
    sign_in(page, reader, column.get_absolute_url())
    discussion = page.locator("#discussion")

    discussion.get_by_role("button", name="I understand").click()
    expect(page.get_by_role("status")).to_contain_text("join the discussion")

    discussion.get_by_label("Your comment").fill(
        "Asking for help felt like failing, at first."
    )
    discussion.get_by_role("button", name="Post comment").click()
    expect(comment(page, "Asking for help felt like failing")).to_be_visible()
    expect(page.locator(".comment-number").first).to_have_text("1.")

    previous = "Asking for help felt like failing"
    for level in range(1, 6):
        text = f"Reply at level {level}: it gets easier with practice."
        comment(page, previous).first.get_by_role("link", name="Reply").first.click()
        form = page.locator(".reply-slot form")
        form.get_by_label("Your reply").fill(text)
        form.get_by_role("button", name="Post comment").click()
        expect(comment(page, text)).to_be_visible()
        previous = text
    deepest = Comment.objects.get(body__startswith="Reply at level 5")
    assert deepest.depth == 5

    comment(page, "Reply at level 5").get_by_role("link", name="Edit").click()
    page.get_by_label("Edit your comment").fill(
        "Reply at level 5: it gets easier, truly."
    )
    page.get_by_role("button", name="Save changes").click()
    edited = comment(page, "it gets easier, truly.")
    expect(edited).to_contain_text("(edited)")

    comment(page, "Reply at level 2").get_by_role("link", name="Delete").click()
    page.get_by_role("main").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("[deleted]", exact=True)).to_be_visible()
    expect(page.get_by_text("Reply at level 2")).to_have_count(0)
    expect(comment(page, "Reply at level 3")).to_be_visible()


def test_half_written_comment_survives_a_reload(page: Page, column, reader):
    services.accept_disclaimer(member=reader, disclaimer=current_disclaimer())
    sign_in(page, reader, column.get_absolute_url())
    box = page.locator("#discussion").get_by_label("Your comment")
    box.fill("A long story I have not finished yet")
    page.reload()
    expect(page.locator("#discussion").get_by_label("Your comment")).to_have_value(
        "A long story I have not finished yet"
    )
    expect(page.get_by_text("Your unsent draft was restored.")).to_be_visible()
    page.locator("#discussion").get_by_role("button", name="Post comment").click()
    expect(comment(page, "A long story I have not finished yet")).to_be_visible()
    page.reload()
    expect(page.locator("#discussion").get_by_label("Your comment")).to_have_value("")


def test_rejected_comment_keeps_its_text_on_the_page(
    page: Page, column, reader, settings
):
    settings.CAIRN_COMMENT_MAX_LENGTH = 10_000
    services.accept_disclaimer(member=reader, disclaimer=current_disclaimer())
    sign_in(page, reader, column.get_absolute_url())
    story = "My story, told at length. " * 500
    page.locator("#discussion").get_by_label("Your comment").fill(story)
    page.locator("#discussion").get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Comments can be up to 10,000 characters")).to_be_visible()
    # Exactly what was typed, not a trimmed or truncated copy.
    assert page.get_by_label("Your comment").input_value() == story


def test_keyboard_only_reply(page: Page, column, reader):
    author = MemberFactory(display_name="Reader Anouk")
    for member in (author, reader):
        services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    discussion = Discussion.objects.for_host(column).get()
    services.post_comment(
        discussion=discussion, author=author, body="Has anyone tried pacing?"
    )
    sign_in(page, reader, column.get_absolute_url())

    reply_link = comment(page, "Has anyone tried pacing?").get_by_role(
        "link", name="Reply"
    )
    for _ in range(200):
        page.keyboard.press("Tab")
        if reply_link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Reply link")
    page.keyboard.press("Enter")
    reply_box = page.locator(".reply-slot").get_by_label("Your reply")
    expect(reply_box).to_be_focused()
    page.keyboard.type("Yes: short walks, long rests.")
    page.keyboard.press("Tab")
    expect(
        page.locator(".reply-slot").get_by_role("button", name="Post comment")
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(comment(page, "Yes: short walks, long rests.")).to_be_visible()
    assert Comment.objects.get(body="Yes: short walks, long rests.").depth == 1


def test_sub_thread_collapses_and_expands(page: Page, column, reader):
    services.accept_disclaimer(member=reader, disclaimer=current_disclaimer())
    discussion = Discussion.objects.for_host(column).get()
    top = services.post_comment(
        discussion=discussion, author=reader, body="Top thought"
    )
    services.post_comment(
        discussion=discussion, author=reader, body="Under it", parent=top
    )
    page.goto(column.get_absolute_url())
    toggle = comment(page, "Top thought").get_by_role(
        "button", name=re.compile("replies")
    )
    expect(toggle).to_have_text("Hide replies (1)")
    toggle.click()
    expect(page.get_by_text("Under it")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_text("Show replies (1)")
    toggle.click()
    expect(page.get_by_text("Under it")).to_be_visible()


def test_more_replies_load_in_place(page: Page, column, reader, settings):
    settings.CAIRN_COMMENTS_PER_PAGE = 5
    services.accept_disclaimer(member=reader, disclaimer=current_disclaimer())
    discussion = Discussion.objects.for_host(column).get()
    top = services.post_comment(
        discussion=discussion, author=reader, body="Start of a long thread"
    )
    for n in range(8):
        services.post_comment(
            discussion=discussion, author=reader, body=f"Answer number {n}", parent=top
        )
    page.goto(column.get_absolute_url())
    expect(page.locator("article.comment")).to_have_count(5)
    page.get_by_role("link", name="Show 4 more replies in this thread").click()
    expect(page.locator("article.comment")).to_have_count(9)
    expect(page.get_by_text("Answer number 7")).to_be_visible()


def test_discussion_page_has_no_serious_accessibility_violations(
    page: Page, axe, column, reader
):
    author = MemberFactory(display_name="Reader Ilse")
    for member in (author, reader):
        services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    discussion = Discussion.objects.for_host(column).get()
    parent = None
    for depth in range(7):
        parent = services.post_comment(
            discussion=discussion,
            author=author if depth % 2 else reader,
            body=f"Depth {depth}: *some* words and a [link](https://example.org).",
            parent=parent,
        )
    sign_in(page, reader, column.get_absolute_url())
    comment(page, "Depth 3").get_by_role("link", name="Reply").click()
    expect(page.locator(".reply-slot form")).to_be_visible()
    axe.assert_clean(page)
