"""Long threads in a real browser: "Show N more replies" loads in place, the
focus follows, collapse covers what was loaded, counts are the thread's true
counts, the trail is not repeated, and who replies to whom is announced.

Elements are found by role and accessible name, as a reader finds them.
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion
from tests.e2e.test_discussion import comment
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

TRAIL = "The conversation so far"


# The journeys post faster than a person would; limits have their own tests.
pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def column():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Morven"),
        title="Pacing, and the spoons I keep in reserve",
        slug="pacing-and-the-spoons",
    )


def member(name: str):
    joined = MemberFactory(display_name=name)
    services.accept_disclaimer(member=joined, disclaimer=current_disclaimer())
    return joined


@dataclass
class LongThread:
    first: Comment  # 33 replies: 30 direct, 3 of them under replies[2]
    replies: list[Comment]
    answers: list[Comment]  # the replies to replies[2]
    second: Comment  # a second thread, with one reply


@pytest.fixture
def long_thread(column, settings) -> LongThread:
    """With 10 comments a page, the first thread runs over three loads.

    In display order: first, replies 0-2, answers 0-2, replies 3-29, second
    and its reply. Page one ends after reply 5 ("Show 24 more"), the first
    load ends after reply 15 ("Show 14 more"), the second after reply 25."""
    settings.CAIRN_COMMENTS_PER_PAGE = 10
    discussion = Discussion.objects.for_host(column).get()
    anouk, ilse, tomasz = (
        member(name) for name in ("Reader Anouk", "Reader Ilse", "Reader Tomasz")
    )
    first = services.post_comment(
        discussion=discussion,
        author=anouk,
        body="Pacing gave me my Saturdays back. How do you plan yours?",
    )
    replies, answers = [], []
    for n in range(30):
        replies.append(
            services.post_comment(
                discussion=discussion,
                author=ilse if n % 2 else tomasz,
                body=f"Reply {n}: I rest before I am tired, not after.",
                parent=first,
            )
        )
        if n == 2:
            answers = [
                services.post_comment(
                    discussion=discussion,
                    author=anouk,
                    body=f"Answer {k} to reply 2: a timer helps me too.",
                    parent=replies[2],
                )
                for k in range(3)
            ]
    second = services.post_comment(
        discussion=discussion, author=ilse, body="Does heat wear anyone else out?"
    )
    services.post_comment(
        discussion=discussion,
        author=tomasz,
        body="Every July, without fail.",
        parent=second,
    )
    return LongThread(first=first, replies=replies, answers=answers, second=second)


def toggle(page: Page, text: str):
    return comment(page, text).get_by_role("button", name=re.compile("replies"))


def visible_comments(page: Page):
    return page.locator("article.comment:visible")


def show_more(page: Page, count: int):
    return page.get_by_role("link", name=f"Show {count} more replies in this thread")


def test_show_more_focuses_first_new_reply_without_repeating_trail(
    page: Page, axe, column, long_thread
):
    page.goto(column.get_absolute_url())
    expect(page.locator("article.comment")).to_have_count(10)

    show_more(page, 24).click()
    expect(page.locator("article.comment")).to_have_count(20)
    expect(page.locator(f"#comment-{long_thread.replies[6].pk}")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == (
        f"comment-{long_thread.replies[6].pk}"
    )
    expect(page.get_by_role("navigation", name=TRAIL)).to_have_count(0)
    axe.assert_clean(page)

    show_more(page, 14).click()
    expect(page.locator(f"#comment-{long_thread.replies[16].pk}")).to_be_focused()
    show_more(page, 4).click()
    expect(page.locator(f"#comment-{long_thread.replies[26].pk}")).to_be_focused()
    expect(page.locator("article.comment")).to_have_count(36)
    expect(comment(page, "Does heat wear anyone else out?")).to_be_visible()
    expect(page.get_by_role("navigation", name=TRAIL)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Show \d+ more"))).to_have_count(
        0
    )
    axe.assert_clean(page)


def test_page_that_starts_mid_thread_shows_its_trail_once(
    page: Page, column, long_thread
):
    page.goto(column.get_absolute_url())
    page.get_by_role("link", name="Next comments").click()
    expect(page.locator("article.comment").first).to_have_id(
        f"comment-{long_thread.replies[6].pk}"
    )
    expect(page.get_by_role("navigation", name=TRAIL)).to_have_count(1)

    show_more(page, 14).click()
    expect(page.locator(f"#comment-{long_thread.replies[16].pk}")).to_be_focused()
    show_more(page, 4).click()
    expect(page.locator(f"#comment-{long_thread.replies[26].pk}")).to_be_focused()
    expect(page.get_by_role("navigation", name=TRAIL)).to_have_count(1)


def test_collapse_after_show_more_hides_every_reply_and_keeps_nested_state(
    page: Page, column, long_thread
):
    first = "Pacing gave me my Saturdays back"
    page.goto(column.get_absolute_url())
    # The thread's true count, though only 9 of its replies are on screen.
    expect(toggle(page, first)).to_have_text("Hide replies (33)")
    show_more(page, 24).click()
    expect(page.locator("article.comment")).to_have_count(20)
    expect(toggle(page, first)).to_have_text("Hide replies (33)")

    # A sub-thread collapsed on its own...
    expect(toggle(page, "Reply 2:")).to_have_text("Hide replies (3)")
    toggle(page, "Reply 2:").click()
    expect(comment(page, "Answer 0 to reply 2")).to_be_hidden()
    expect(visible_comments(page)).to_have_count(17)

    # ...then the whole thread, loaded replies and the next "Show more" too.
    toggle(page, first).click()
    expect(toggle(page, first)).to_have_text("Show replies (33)")
    expect(toggle(page, first)).to_have_attribute("aria-expanded", "false")
    expect(visible_comments(page)).to_have_count(1)
    expect(comment(page, "Reply 15:")).to_be_hidden()
    expect(show_more(page, 14)).to_be_hidden()

    # Expanding the thread leaves the sub-thread as the reader left it.
    toggle(page, first).click()
    expect(visible_comments(page)).to_have_count(17)
    expect(comment(page, "Reply 15:")).to_be_visible()
    expect(show_more(page, 14)).to_be_visible()
    expect(comment(page, "Answer 0 to reply 2")).to_be_hidden()
    expect(toggle(page, "Reply 2:")).to_have_text("Show replies (3)")

    toggle(page, "Reply 2:").click()
    expect(visible_comments(page)).to_have_count(20)

    # Rows loaded after a collapse and expand are part of the thread too.
    show_more(page, 14).click()
    expect(page.locator("article.comment")).to_have_count(30)
    toggle(page, first).click()
    expect(visible_comments(page)).to_have_count(1)
    toggle(page, first).click()
    expect(visible_comments(page)).to_have_count(30)


def test_thread_is_announced_as_a_tree_at_every_depth(page: Page, column, settings):
    settings.CAIRN_COMMENT_MAX_INDENT = 2
    discussion = Discussion.objects.for_host(column).get()
    names = ["Reader Anouk", "Reader Ilse", "Reader Tomasz", "Reader Pilar"]
    people = [member(name) for name in names]
    parent = None
    chain = []
    for depth in range(5):
        parent = services.post_comment(
            discussion=discussion,
            author=people[depth % len(people)],
            body=f"Level {depth + 1}: cooling towels, then a nap.",
            parent=parent,
        )
        chain.append(parent)
    second = services.post_comment(
        discussion=discussion,
        author=people[1],
        body="A new thread: what helps with brain fog?",
    )
    page.goto(column.get_absolute_url())

    # A reply at depth 2 (the third level) names whom it answers.
    expect(
        page.get_by_role(
            "heading",
            name=re.compile(r"^Reader Tomasz\b.*reply to Reader Ilse, level 3\b"),
        )
    ).to_have_count(1)
    # Past the indent cap the level is still said, though the indent stops.
    deepest = page.locator(f"#comment-{chain[4].pk}")
    expect(deepest).to_have_class(re.compile(r"\bindent-2\b"))
    expect(
        deepest.get_by_role(
            "heading",
            name=re.compile(r"^Reader Anouk\b.*reply to Reader Pilar, level 5\b"),
        )
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"^1\. Reader Anouk\b"))
    ).to_have_count(1)

    # Each thread has a way past it, for keyboards and screen readers.
    skips = page.get_by_role("link", name="Skip to next thread")
    expect(skips).to_have_count(2)
    expect(skips.first).to_have_attribute("href", f"#comment-{second.pk}")
    expect(skips.last).to_have_attribute("href", "#discussion-pager")
    skips.first.focus()
    expect(skips.first).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator(f"#comment-{second.pk}")).to_be_focused()
