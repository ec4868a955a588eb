"""Posting without one's name, in a real browser: a moderator marks the
discussion sensitive, a member ticks "Post without my name" and posts, and
another member's browser shows "Anonymous member · …" with the author's
name nowhere in the page's HTML; the page passes axe.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment
from tests.e2e.test_discussion import comment, sign_in
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")

AUTHOR = "Harriet Quill"
WORDS = "Since the relapse I plan every trip around the toilets."


def accepted(member):
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


@pytest.fixture
def column():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Maeve"),
        title="Bladder trouble nobody mentions",
        slug="bladder-trouble-nobody-mentions",
    )


def test_member_posts_without_name_and_another_cannot_find_out(
    page: Page, context, axe, column
):
    moderator = accepted(ModeratorFactory(display_name="Moderator Hilde"))
    author = accepted(MemberFactory(display_name=AUTHOR, email="harriet@example.org"))
    other = accepted(MemberFactory(display_name="Other Reader"))

    sign_in(page, moderator, column.get_absolute_url())
    page.get_by_text("Moderator tools for this discussion").click()
    page.get_by_role("button", name=re.compile("Mark as sensitive")).click()
    expect(page.get_by_role("status").first).to_be_visible()
    context.clear_cookies()

    sign_in(page, author, column.get_absolute_url())
    form = page.locator("#new-comment")
    form.get_by_label("Your comment").fill(WORDS)
    form.get_by_label("Post without my name").check()
    form.get_by_role("button", name="Post comment").click()
    mine = comment(page, WORDS)
    expect(mine).to_contain_text("Anonymous member \u00b7 ")
    expect(mine).to_contain_text("Posted without your name: others see")
    context.clear_cookies()

    posted = Comment.objects.get(body=WORDS)
    assert posted.author == author and posted.pseudonym
    sign_in(page, other, column.get_absolute_url())
    theirs = comment(page, WORDS)
    expect(theirs).to_contain_text(f"Anonymous member \u00b7 {posted.pseudonym}")
    expect(theirs).not_to_contain_text("Posted without your name")
    html = page.content()
    for said in (AUTHOR, author.email, f"/members/{author.pk}/"):
        assert said not in html
    axe.assert_clean(page)
