"""Questions for the columnist in a real browser: a member asks one under a
column; the columnist, on another computer, finds it on their "Questions to
answer" page and replies; the question then reads "Answered by the
columnist" and the asker has a notification. The discussion's Questions
view and the columnist's page pass axe."""

import re

import pytest
from playwright.sync_api import expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Discussion, Member
from tests.e2e.test_discussion import comment
from tests.e2e.test_moderation import open_page  # noqa: F401 - a fixture
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

QUESTION = "Does the tiredness after an infusion get shorter each round?"
ANSWER = "For me the second round was easier, but ask your own team too."


def accepted(member: Member) -> Member:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


def test_member_asks_and_the_columnist_answers(
    open_page,  # noqa: F811 - the imported fixture
    live_server,
    axe,
):
    ines = accepted(ColumnistFactory(display_name="Columnist Ines"))
    column = ArticleFactory(author=ines, title="Rounds", slug="rounds")
    asker = accepted(MemberFactory(display_name="Asking Amal"))
    discussion = Discussion.objects.for_host(column).get()

    a = open_page(asker, column.get_absolute_url())
    form = a.locator("#new-comment form")
    form.get_by_label("Your comment").fill(QUESTION)
    form.get_by_label("Question for the columnist").check()
    form.get_by_role("button", name="Post comment").click()
    expect(comment(a, QUESTION)).to_contain_text("Question for the columnist")

    c = open_page(ines, "/")
    waiting = c.get_by_role("banner").get_by_role(
        "link", name=re.compile(r"^Questions to answer 1 waiting")
    )
    waiting.click()
    expect(
        c.get_by_role("heading", name="Questions to answer", level=1)
    ).to_be_visible()
    expect(c.locator("#question-list")).to_contain_text(QUESTION)
    axe.assert_clean(c)
    c.get_by_role("link", name="Reply to Asking Amal").click()
    reply = c.locator("form", has=c.get_by_label("Your reply"))
    reply.get_by_label("Your reply").fill(ANSWER)
    reply.get_by_role("button", name="Post comment").click()
    expect(comment(c, ANSWER)).to_be_visible()
    expect(comment(c, QUESTION)).to_contain_text("Answered by the columnist")

    c.goto("/questions/")
    expect(c.locator("#question-list")).to_contain_text("No question is waiting")
    axe.assert_clean(c)

    # Before the page with the answer, which reads its notification.
    a.goto("/")
    a.get_by_role("banner").get_by_role(
        "link", name=re.compile(r"^Notifications 1 unread")
    ).click()
    expect(a.locator(".notification").first).to_contain_text(
        "Columnist Ines answered your question"
    )
    a.goto(column.get_absolute_url())
    asked = comment(a, QUESTION)
    expect(asked).to_contain_text("Answered by the columnist")
    asked.get_by_role("link", name="Read the answer").click()
    expect(comment(a, ANSWER)).to_be_visible()

    a.goto(f"/discussions/{discussion.pk}/questions/")
    listed = a.locator("#question-list")
    expect(listed).to_contain_text(QUESTION)
    expect(listed).to_contain_text("Answered by the columnist")
    expect(listed).to_contain_text(ANSWER)
    axe.assert_clean(a)
