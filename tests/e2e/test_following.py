"""Following in a real browser: a member follows a discussion, another
replies to her, she sees the unread count, opens the notification and lands
on the reply; then she stops the emails from the link in one, without
signing in. The email is the real one, sent by the real task code."""

import re

import pytest
from playwright.sync_api import expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Discussion, EmailFrequency, Member
from forum.services import following
from tests.e2e.test_discussion import comment
from tests.e2e.test_moderation import open_page  # noqa: F401 - a fixture
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

QUESTION = "Does anyone else find the afternoons hardest?"
ANSWER = "Yes: a short rest after lunch changed my week."


def accepted(member: Member) -> Member:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


@pytest.fixture
def column():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Ines"),
        title="Pacing a working day",
        slug="pacing-a-working-day",
    )


def test_follow_reply_unread_count_notification_and_unsubscribe(
    open_page,  # noqa: F811 - the imported fixture
    column,
    live_server,
    mailoutbox,
    settings,
    axe,
):
    settings.CAIRN_SITE_URL = live_server.url
    ada = accepted(
        MemberFactory(
            display_name="Ada Follower",
            email="ada@example.org",
            email_notifications=EmailFrequency.IMMEDIATELY,
        )
    )
    ben = accepted(MemberFactory(display_name="Ben Replier", email="ben@example.org"))
    discussion = Discussion.objects.for_host(column).get()
    question = services.post_comment(discussion=discussion, author=ada, body=QUESTION)
    # Ada chose not to follow on commenting: she follows with the button.
    following.set_following(member=ada, discussion=discussion, following=False)

    a = open_page(ada, column.get_absolute_url())
    follow = a.get_by_role("button", name="Follow discussion")
    follow.click()
    unfollow = a.get_by_role("button", name="Unfollow discussion")
    expect(unfollow).to_be_visible()
    expect(unfollow).to_be_focused()
    expect(a.locator("#follow-status")).to_contain_text("You follow this discussion")

    b = open_page(ben, column.get_absolute_url())
    comment(b, QUESTION).get_by_role("link", name=re.compile("^Reply")).click()
    form = b.locator(".reply-slot form")
    form.get_by_label("Your reply").fill(ANSWER)
    form.get_by_role("button", name="Post comment").click()
    expect(comment(b, ANSWER)).to_be_visible()

    a.goto("/")
    header = a.get_by_role("banner")
    link = header.get_by_role("link", name=re.compile(r"^Notifications 1 unread"))
    expect(link).to_be_visible()
    link.click()
    item = a.get_by_role("link", name=re.compile("Ben Replier replied to you"))
    expect(item).to_be_visible()
    axe.assert_clean(a)
    item.click()
    expect(a).to_have_url(re.compile(r"#comment-\d+$"))
    reply = comment(a, ANSWER)
    expect(reply).to_be_in_viewport()
    expect(reply.locator(".badge-new")).to_have_count(0)  # a first visit
    expect(
        a.get_by_role("banner").get_by_role("link", name="Notifications", exact=True)
    ).to_be_visible()

    [email] = [m for m in mailoutbox if "ada@example.org" in m.to]
    assert "Ben Replier" in email.body and ANSWER[:20] in email.body
    assert "ben@example.org" not in email.message().as_string()
    assert question.pk  # the reply answered Ada's question
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>")
    stranger = open_page(None, unsubscribe)  # another browser, not signed in
    axe.assert_clean(stranger)
    stranger.get_by_role("button", name="Unsubscribe").click()
    expect(stranger.get_by_role("main")).to_contain_text("no more notification emails")
    ada.refresh_from_db()
    assert ada.email_notifications == EmailFrequency.OFF
    stranger.goto(unsubscribe)
    expect(stranger.get_by_role("main")).to_contain_text("already been used")
