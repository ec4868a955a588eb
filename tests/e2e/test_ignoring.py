"""Ignoring a member in a real browser: Iris ignores Olan from his member
page; under the column his comment is collapsed ("You ignore Olan Ignored —
show"), opened and closed again from the keyboard, its moderator note and
the replies by others in view all along; she stops ignoring him from her
list of ignored members, reached from her profile. The discussion, the list
and the member page pass axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Discussion, Member
from forum.views.members import member_url
from tests.e2e.test_discussion import comment, sign_in
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")

HIS = "Ice baths every morning fixed my fatigue for good."
NOTE = "Cold can help some of us; it cures nothing. Ask your team."
REPLY = "Cold water makes my legs stiff, so not for me."


def accepted(member: Member) -> Member:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


def summary(page: Page):
    return page.locator("summary.ignored-summary")


def test_member_ignores_another_and_stops(page: Page, live_server, axe):
    column = ArticleFactory(
        author=accepted(ColumnistFactory(display_name="Columnist Cora")),
        title="Keeping cool",
        slug="keeping-cool",
    )
    discussion = Discussion.objects.for_host(column).get()
    iris = accepted(MemberFactory(display_name="Iris Ignorer"))
    olan = accepted(MemberFactory(display_name="Olan Ignored"))
    bea = accepted(MemberFactory(display_name="Bea Bystander"))
    his = services.post_comment(discussion=discussion, author=olan, body=HIS)
    services.post_comment(discussion=discussion, author=bea, body=REPLY, parent=his)
    services.note_comment(
        comment=his, moderator=accepted(ModeratorFactory()), note=NOTE
    )

    sign_in(page, iris, member_url(olan))
    page.get_by_role("button", name="Ignore member Olan Ignored").click()
    expect(page.locator("body")).to_contain_text("You ignore Olan Ignored now")
    expect(
        page.get_by_role("button", name="Stop ignoring Olan Ignored")
    ).to_be_visible()
    axe.assert_clean(page)

    page.goto(column.get_absolute_url())
    his_row = page.locator(f"#comment-{his.pk}")
    show = his_row.get_by_text(re.compile(r"You ignore Olan Ignored — show"))
    expect(show).to_be_visible()
    expect(his_row.get_by_text(HIS)).to_be_hidden()
    # What moderators said, and what others answered, stay in view.
    expect(his_row.get_by_text(NOTE)).to_be_visible()
    expect(comment(page, REPLY).get_by_text(REPLY)).to_be_visible()
    axe.assert_clean(page)

    # Opened and closed from the keyboard, the summary saying which.
    summary(his_row).focus()
    page.keyboard.press("Enter")
    expect(his_row.get_by_text(HIS)).to_be_visible()
    expect(
        his_row.get_by_text(re.compile(r"You ignore Olan Ignored — hide"))
    ).to_be_visible()
    page.keyboard.press("Space")
    expect(his_row.get_by_text(HIS)).to_be_hidden()

    page.goto("/account/profile/")
    page.get_by_role("link", name="Ignored members").click()
    expect(page.get_by_role("heading", name="Ignored members", level=1)).to_be_visible()
    expect(page.locator(".ignored-list")).to_contain_text("Olan Ignored")
    axe.assert_clean(page)
    page.get_by_role("button", name="Stop ignoring Olan Ignored").click()
    expect(page.locator("body")).to_contain_text("You no longer ignore Olan Ignored.")
    expect(page.locator("body")).to_contain_text("You do not ignore anyone.")

    page.goto(column.get_absolute_url())
    expect(comment(page, HIS).get_by_text(HIS)).to_be_visible()
    expect(page.locator("summary.ignored-summary")).to_have_count(0)
