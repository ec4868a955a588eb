"""Every refusal and every page this work added is accessible: axe finds no
serious or critical violation, as a visitor and as a signed-in member."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion, Subscription
from tests.e2e.test_discussion import sign_in
from tests.e2e.test_foundation import label
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def scene():
    article = ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Aoife"),
        slug="rest-days-without-guilt",
    )
    discussion = Discussion.objects.for_host(article).get()
    writer = MemberFactory(display_name="Reader Priya", email="priya@example.org")
    services.accept_disclaimer(member=writer, disclaimer=current_disclaimer())
    old = services.post_comment(
        discussion=discussion, author=writer, body="Rest is part of the plan."
    )
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    other = services.post_comment(
        discussion=discussion, author=writer, body="A second thought."
    )
    return article, writer, old, other


def test_designed_pages_for_a_member_are_accessible(page: Page, axe, scene):
    article, writer, old, other = scene
    stranger = MemberFactory(display_name="Reader Bruno", email="bruno@example.org")
    services.accept_disclaimer(member=stranger, disclaimer=current_disclaimer())
    sign_in(page, writer, article.get_absolute_url())
    # Something in the inbox, and comments new since the last visit.
    Subscription.objects.filter(member=writer).update(
        seen_at=timezone.now() - timedelta(hours=1)
    )
    services.post_comment(
        discussion=Discussion.objects.for_host(article).get(),
        author=stranger,
        body="Thank you: I needed to read this today.",
        parent=other,
    )
    for path, status in [
        (f"/c/{old.pk}/edit/", 403),  # the window closed: the text to copy
        (f"/c/{other.pk}/reply/", 200),
        (f"/c/{other.pk}/delete/", 200),
        ("/account/profile/", 200),
        ("/account/notifications/", 200),
        ("/notifications/", 200),
        (article.get_absolute_url(), 200),  # with "New" and "Next new comment"
    ]:
        response = page.goto(path)
        assert response is not None and response.status == status, path
        axe.assert_clean(page)
    page.context.clear_cookies()
    sign_in(page, stranger, article.get_absolute_url())
    response = page.goto(f"/c/{other.pk}/edit/")  # someone else's: the 403 page
    assert response is not None and response.status == 403
    axe.assert_clean(page)


def test_suspended_members_pages_are_accessible(page: Page, axe, scene):
    article, writer, _old, _other = scene
    sign_in(page, writer, article.get_absolute_url())
    writer.suspended_until = timezone.now() + timedelta(days=2)
    writer.save()
    for path in (article.get_absolute_url(), "/account/profile/"):
        page.goto(path)
        axe.assert_clean(page)


def test_visitor_pages_are_accessible(page: Page, axe, scene):
    page.goto("/accounts/signup/")
    page.get_by_label(label("Display name")).fill("Reader Noor")
    page.get_by_label(label("Email")).fill("noor@example.org")
    page.get_by_label(label("Password")).fill("a-quiet-morning-walk-12")
    page.get_by_label(label("Password (again)")).fill("a-quiet-morning-walk-12")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    axe.assert_clean(page)  # "Check your inbox" with "Resend the link"
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    axe.assert_clean(page)
