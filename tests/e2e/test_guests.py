"""A guest comment in a real browser: a reader without an account fills in
the guest form, opens the link from the real email (Django's mail outbox,
written by the real task code), confirms, and sees that it waits for
review; a moderator approves it in the queue, where they see the address;
readers then see it with the "Guest" label and never the address. The
guest form and the confirmation page pass axe."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import Comment, Discussion
from tests.e2e.test_discussion import comment
from tests.e2e.test_moderation import open_page  # noqa: F401 - a fixture
from tests.factories import ArticleFactory, ColumnistFactory, ModeratorFactory

NAME = "Marguerite B"
EMAIL = "marguerite@guest.example"
TEXT = "A week since my diagnosis. How did you tell your children?"


@pytest.fixture
def column():
    return ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Ines"),
        title="Telling the people close to you",
        slug="telling-the-people-close-to-you",
    )


def test_guest_comments_confirms_by_the_emailed_link_and_is_approved(
    open_page,  # noqa: F811 - the imported fixture
    column,
    live_server,
    mailoutbox,
    settings,
    axe,
):
    settings.CAIRN_GUEST_COMMENTS = True
    settings.CAIRN_SITE_URL = live_server.url
    url = column.get_absolute_url()

    guest = open_page(then=url)
    form = guest.locator("form.guest-form")
    expect(form).to_be_visible()
    axe.assert_clean(guest)
    # Refused without the disclaimer ticked: everything typed comes back.
    form.get_by_label("Your name").fill(NAME)
    form.get_by_label("Your email address").fill(EMAIL)
    form.get_by_label("Your comment").fill(TEXT)
    form.get_by_role("button", name=re.compile("^Send")).click()
    expect(guest.get_by_role("alert").first).to_contain_text("not sent yet")
    form = guest.locator("form.guest-form")
    expect(form.get_by_label("Your comment")).to_have_value(TEXT)
    expect(form.get_by_label("Your name")).to_have_value(NAME)
    expect(form).to_contain_text("tick the box")
    axe.assert_clean(guest)
    form.get_by_label("I have read the medical disclaimer").check()
    form.get_by_role("button", name=re.compile("^Send")).click()
    expect(guest.get_by_role("heading", name="Check your email")).to_be_visible()
    assert not Comment.objects.exists()

    [message] = [m for m in mailoutbox if m.to == [EMAIL]]
    link = re.search(r"https?://\S+/guests/confirm/\S+/", message.body)[0]
    guest.goto(link)
    expect(guest.get_by_role("heading", name="Confirm your comment")).to_be_visible()
    axe.assert_clean(guest)
    guest.get_by_label("Email me when someone replies to my comment").check()
    guest.get_by_role("button", name="Confirm my comment").click()
    expect(guest.get_by_role("heading", name=re.compile("confirmed"))).to_be_visible()
    expect(guest.get_by_role("main")).to_contain_text("A moderator reads it")
    axe.assert_clean(guest)

    reader = open_page(then=url)
    expect(reader.get_by_text(TEXT)).to_have_count(0)

    moderator = ModeratorFactory(display_name="Moderator Hilde")
    queue = open_page(moderator, "/moderation/")
    item = queue.get_by_role("article", name=re.compile(f"Comment by {NAME}"))
    expect(item).to_contain_text(TEXT)
    expect(item).to_contain_text(EMAIL)
    item.get_by_role("button", name=re.compile(r"^Approve\b")).click()
    expect(item.get_by_role("status")).to_have_text("Approved: readers can see it.")

    reader.reload()
    shown = comment(reader, TEXT)
    expect(shown).to_be_visible()
    expect(shown.locator(".comment-author")).to_have_text(NAME)
    expect(shown.locator(".badge-role")).to_have_text("Guest")
    assert EMAIL not in reader.content()
    assert Discussion.objects.for_host(column).get().comment_count == 1
