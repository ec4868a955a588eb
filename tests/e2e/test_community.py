"""The community in a real browser: a member opens Community from the main
navigation, starts a topic (saying "I understand" first), sees it; another
member replies; and every community page is accessible.

Elements are found by role and accessible name, as a reader finds them.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from community.models import Topic
from forum import services
from forum.disclaimers import current_disclaimer
from tests.e2e.test_discussion import comment, sign_in
from tests.factories import CategoryFactory, MemberFactory, TagFactory, TopicFactory

# The journeys post faster than a person would; limits have their own tests.
pytestmark = pytest.mark.usefixtures("no_rate_limits")

TITLE = "Numb fingers in the morning: does it pass?"
OPENING = "Most mornings my fingers are numb for an hour. Does it ease for others?"


@pytest.fixture
def rooms():
    return (
        CategoryFactory(
            name="Symptoms and daily life",
            slug="symptoms-and-daily-life",
            description="Fatigue, heat, sleep and the small workarounds.",
        ),
        CategoryFactory(
            name="Newly diagnosed",
            slug="newly-diagnosed",
            description="The first weeks and months.",
            is_sensitive=True,
        ),
    )


def test_member_starts_a_topic_and_another_replies(page: Page, rooms):
    starter = MemberFactory(display_name="Reader Ilse", email="ilse@example.org")
    replier = MemberFactory(display_name="Reader Femi", email="femi@example.org")
    sign_in(page, starter, "/")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Community"
    ).click()
    expect(page.get_by_role("heading", name="Community", level=1)).to_be_visible()
    page.get_by_role("link", name="Symptoms and daily life").click()
    page.get_by_role("link", name=re.compile("^Start a topic")).click()

    # A first post: the disclaimer and guidelines come first.
    page.get_by_role("button", name="I understand").click()
    page.get_by_label(re.compile(r"^\s*Title")).fill(TITLE)
    page.get_by_label("Opening post").fill(OPENING)
    page.get_by_role("button", name="Start topic").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(comment(page, OPENING)).to_be_visible()
    topic = Topic.objects.get(title=TITLE)
    assert topic.category.slug == "symptoms-and-daily-life"
    assert page.url.endswith(topic.get_absolute_url())

    page.context.clear_cookies()
    services.accept_disclaimer(member=replier, disclaimer=current_disclaimer())
    sign_in(page, replier, "/community/symptoms-and-daily-life/")
    page.get_by_role("link", name=TITLE).click()
    comment(page, OPENING).get_by_role("link", name="Reply").first.click()
    form = page.locator(".reply-slot form")
    form.get_by_label("Your reply").fill("Mine eases once I have had a warm drink.")
    form.get_by_role("button", name="Post comment").click()
    expect(comment(page, "Mine eases once I have had a warm drink.")).to_be_visible()
    assert topic.discussion.comments.count() == 2


def test_community_pages_are_accessible(page: Page, axe, rooms):
    room, sensitive = rooms
    member = MemberFactory(display_name="Reader Ola", email="ola@example.org")
    TagFactory(name="hands", slug="hands")
    topic = TopicFactory(category=room, title="Cold hands and typing", author=member)
    TopicFactory(category=room, title="Pinned: how this room works", is_pinned=True)
    paths = [
        "/community/",
        room.get_absolute_url(),
        topic.get_absolute_url(),
        "/community/start/",
        f"/community/{sensitive.slug}/start/",
    ]
    for path in paths[:3]:
        page.goto(path)
        axe.assert_clean(page)
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    sign_in(page, member, "/community/")
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        axe.assert_clean(page)
    # A refused form, its errors beside the fields and the text kept.
    page.get_by_label(re.compile(r"^\s*Title")).fill("Short")
    page.get_by_label("Opening post").fill("Words I do not want to lose.")
    page.get_by_role("button", name="Start topic").click()
    expect(page.get_by_text("at least 8 characters")).to_be_visible()
    expect(page.get_by_label("Opening post")).to_have_value(
        "Words I do not want to lose."
    )
    axe.assert_clean(page)
