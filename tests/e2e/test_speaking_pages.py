"""The pages of issue 18 that its flow tests do not already check with axe
are accessible too: a guest's delete page (before and after), the "reply
emails" unsubscribe page, an expired confirmation link, the page offering a
member their guest comments, the author's own note on an anonymous comment
(in the thread and on "My comments"), and a moderator's case page of an
anonymous comment with "See who wrote it", before and after the reveal."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Discussion
from forum.services import guest_mail, guests
from tests.e2e.test_moderation import open_page  # noqa: F401 - a fixture
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")

GUEST = "rowan@guest.example"


@pytest.fixture
def scene(settings, live_server):
    settings.CAIRN_GUEST_COMMENTS = True
    settings.CAIRN_SITE_URL = live_server.url
    article = ArticleFactory(
        author=ColumnistFactory(display_name="Columnist Ines"),
        slug="when-the-bladder-leads",
    )
    discussion = Discussion.objects.for_host(article).get()
    Discussion.objects.filter(pk=discussion.pk).update(is_sensitive=True)
    discussion.refresh_from_db()
    writer = MemberFactory(display_name="Reader Maeve")
    services.accept_disclaimer(member=writer, disclaimer=current_disclaimer())
    anonymous = services.post_comment(
        discussion=discussion,
        author=writer,
        body="I have not told anyone about this yet.",
        anonymous=True,
    )
    sent = guests.send_guest_comment(
        discussion=discussion,
        parent=None,
        name="Rowan K",
        email=GUEST,
        body="Reading this from the waiting room.",
        ip="198.51.100.20",
        accepted_disclaimer=True,
    )
    confirmed = guests.confirm(token=guests.confirmation_token(sent))
    return article, writer, anonymous, confirmed.guest


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_guest_pages_are_accessible(open_page, axe, scene, settings):  # noqa: F811
    article, _writer, _anonymous, guest = scene
    page = open_page(then=_path(guest_mail.deletion_url(guest)))
    expect(page.get_by_role("button", name="Delete my comment")).to_be_visible()
    axe.assert_clean(page)
    page.get_by_role("button", name="Delete my comment").click()
    expect(page.get_by_role("main")).to_contain_text("deleted")
    axe.assert_clean(page)

    page.goto(f"/guests/unsubscribe/{guest_mail.unsubscribe_token(guest)}/")
    axe.assert_clean(page)

    later = guests.send_guest_comment(
        discussion=Discussion.objects.for_host(article).get(),
        parent=None,
        name="Rowan K",
        email=GUEST,
        body="One more thought, sent too late.",
        ip="198.51.100.20",
        accepted_disclaimer=True,
    )
    token = guests.confirmation_token(later)
    settings.CAIRN_GUEST_LINK_LIFETIME = -1  # every link has expired
    response = page.goto(f"/guests/confirm/{token}/")
    assert response is not None and response.status == 410
    expect(page.get_by_role("main")).to_contain_text("One more thought")
    axe.assert_clean(page)


def test_member_and_moderator_pages_are_accessible(open_page, axe, scene):  # noqa: F811
    article, writer, anonymous, guest = scene
    member = MemberFactory(display_name="Reader Rowan", email=GUEST)
    EmailAddress.objects.filter(user=member).update(verified=True)
    page = open_page(member, "/account/guest-comments/")
    expect(
        page.get_by_role("button", name=re.compile("Add these comments"))
    ).to_be_visible()
    axe.assert_clean(page)

    author = open_page(writer, article.get_absolute_url())
    expect(author.get_by_text("Posted without your name")).to_be_visible()
    axe.assert_clean(author)
    author.goto("/account/comments/")
    expect(author.get_by_text("Posted without your name")).to_be_visible()
    axe.assert_clean(author)

    moderator = open_page(
        ModeratorFactory(display_name="Moderator Hilde"),
        f"/moderation/c/{anonymous.pk}/",
    )
    expect(moderator.get_by_role("heading", name="See who wrote it")).to_be_visible()
    axe.assert_clean(moderator)
    moderator.get_by_label("Why you need to know who wrote it").fill(
        "A threat of self-harm that needs an answer today."
    )
    moderator.get_by_role("button", name=re.compile("See who wrote it")).click()
    expect(moderator.get_by_role("heading", name="Who wrote it")).to_be_visible()
    expect(moderator.get_by_role("main")).to_contain_text("Reader Maeve")
    axe.assert_clean(moderator)
