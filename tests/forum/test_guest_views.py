"""Guest comments through the pages and the real mail outbox: the form on a
discussion, the "check your email" page, the confirmation link, the queue,
reply emails and their one-click end, and attaching on sign-up."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.test import Client, RequestFactory
from django.urls import reverse

from forum import services
from forum.models import Comment, Guest
from forum.services import guest_records, guests
from tests.factories import MemberFactory
from tests.forum.conftest import client_for
from tests.forum.guest_helpers import (
    GUEST_BODY,
    GUEST_EMAIL,
    GUEST_NAME,
    IP,
    guests_on,  # noqa: F401 - a fixture
    path_in,
    send,
    token_in,
)

pytestmark = pytest.mark.usefixtures("guests_on", "no_rate_limits")

FORM = {
    "name": GUEST_NAME,
    "email": GUEST_EMAIL,
    "body": GUEST_BODY,
    "accepted": "on",
}


def post_guest_comment(client, discussion, **changes):
    return client.post(
        reverse("forum:guest_comment_create", args=[discussion.pk]),
        {**FORM, **changes},
        REMOTE_ADDR=IP,
    )


def confirmed_comment(client, discussion, mailoutbox, *, follows=False) -> Comment:
    post_guest_comment(client, discussion)
    data = {"follows_replies": "on"} if follows else {}
    client.post(path_in(mailoutbox[-1]), data)
    return Comment.objects.get(guest__isnull=False)


def test_anonymous_reader_sees_the_guest_form_with_sign_in_links(article, discussion):
    page = Client().get(article.get_absolute_url())

    assert page.status_code == HTTPStatus.OK
    assert b'name="accepted"' in page.content
    assert "I have read the medical disclaimer" in page.text
    assert "we will email you a link to confirm" in page.text
    assert "never shown" in page.text
    assert "Sign in to join the discussion" in page.text


@pytest.mark.parametrize("where", ["site", "discussion", "locked"])
def test_no_guest_form_where_guests_may_not_comment(
    article, discussion, moderator, settings, where
):
    if where == "site":
        settings.CAIRN_GUEST_COMMENTS = False
    else:
        kind = "guests_off" if where == "discussion" else "lock"
        services.set_discussion(discussion=discussion, moderator=moderator, kind=kind)

    page = Client().get(article.get_absolute_url())

    assert b'name="accepted"' not in page.content
    response = post_guest_comment(Client(), discussion)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Guest.objects.count() == 0


def test_member_sees_no_guest_form_and_may_not_send_one(article, discussion, member):
    client = client_for(member)

    assert b'name="accepted"' not in client.get(article.get_absolute_url()).content
    assert post_guest_comment(client, discussion).status_code == HTTPStatus.FORBIDDEN


def test_full_flow_send_confirm_hold_approve_show_with_guest_label(
    article, discussion, mailoutbox, moderator
):
    client = Client()
    sent = post_guest_comment(client, discussion)
    assert sent.status_code == HTTPStatus.FOUND
    assert sent.url == reverse("forum:guest_comment_sent")
    assert "Check your email" in client.get(sent.url).text
    [message] = mailoutbox
    assert message.to == [GUEST_EMAIL.lower()]
    assert Comment.objects.count() == 0

    # Opening the link (a mail scanner would too) changes nothing.
    page = client.get(path_in(message))
    assert page.status_code == HTTPStatus.OK
    assert "Confirm my comment" in page.text
    assert Comment.objects.count() == 0

    done = client.post(path_in(message), {"follows_replies": "on"})
    assert done.status_code == HTTPStatus.OK
    assert "waits" in done.text or "reads it before" in done.text
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    reader = Client().get(article.get_absolute_url())
    assert GUEST_BODY not in reader.text

    queue = client_for(moderator).get(reverse("forum:moderation_queue"))
    assert GUEST_BODY in queue.text
    assert GUEST_EMAIL.lower() in queue.text
    assert comment.guest.ip_hash in queue.text
    case = client_for(moderator).get(
        reverse("forum:moderation_comment", args=[comment.pk])
    )
    assert GUEST_EMAIL.lower() in case.text

    client_for(moderator).post(
        reverse("forum:moderation_comment_action", args=[comment.pk, "approve"]),
        {"seen": "pending"},
    )
    shown = Client().get(article.get_absolute_url()).text
    assert GUEST_BODY in shown
    assert re.search(
        rf"{GUEST_NAME}</bdi></span>\s*<span class=\"badge badge-role\">Guest", shown
    )


def test_rejected_form_comes_back_with_everything_typed(discussion):
    response = post_guest_comment(
        Client(), discussion, name="Moderator Max", accepted=""
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "could be mistaken for" in response.text
    assert "tick the box" in response.text
    assert 'value="Moderator Max"' in response.text
    assert GUEST_EMAIL in response.text
    assert GUEST_BODY.replace("'", "&#x27;") in response.text


def test_rate_limited_form_answers_429_with_retry_after(discussion, settings):
    settings.CAIRN_GUEST_LIMITS_PER_IP = [(1, 3600)]
    post_guest_comment(Client(), discussion)

    response = post_guest_comment(Client(), discussion, email="b@guest.example")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0
    assert "your text is kept" in response.text


def test_tampered_link_answers_400_politely(discussion, mailoutbox):
    post_guest_comment(Client(), discussion)
    path = path_in(mailoutbox[0])[:-4] + "x/"

    for response in (Client().get(path), Client().post(path)):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "This link is not valid" in response.text
    assert Comment.objects.count() == 0


def test_expired_link_answers_410_and_shows_the_text(discussion, mailoutbox, settings):
    post_guest_comment(Client(), discussion)
    settings.CAIRN_GUEST_LINK_LIFETIME = -1

    response = Client().post(path_in(mailoutbox[0]))

    assert response.status_code == HTTPStatus.GONE
    assert "This link has expired" in response.text
    assert GUEST_BODY.replace("'", "&#x27;") in response.text
    assert Comment.objects.count() == 0


def test_second_confirmation_says_already_confirmed(discussion, mailoutbox):
    post_guest_comment(Client(), discussion)
    Client().post(path_in(mailoutbox[0]))

    again = Client().post(path_in(mailoutbox[0]))

    assert again.status_code == HTTPStatus.OK
    assert "already confirmed" in again.text
    assert Comment.objects.count() == 1
    # A guest who lost the first page gets the link to delete it again.
    assert "/guests/delete/" in again.text


def test_guest_reply_form_opens_from_reply_and_places_the_reply(
    discussion, published, mailoutbox
):
    form = Client().get(reverse("forum:comment_reply", args=[published.pk]))
    assert form.status_code == HTTPStatus.OK
    assert "Reply as a guest" in form.text

    Client().post(
        reverse("forum:guest_comment_reply", args=[published.pk]),
        FORM,
        REMOTE_ADDR=IP,
    )
    Client().post(path_in(mailoutbox[-1]))

    reply = Comment.objects.get(guest__isnull=False)
    assert reply.parent_id == published.pk


def test_reply_leads_to_sign_in_where_guests_may_not_comment(
    discussion, published, settings
):
    settings.CAIRN_GUEST_COMMENTS = False

    response = Client().get(reverse("forum:comment_reply", args=[published.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response.url or "login" in response.url


def test_email_never_in_pages_feeds_or_others_mail(
    article, discussion, mailoutbox, moderator, member, writer, columnist
):
    comment = confirmed_comment(Client(), discussion, mailoutbox, follows=True)
    services.approve_comment(comment=comment, moderator=moderator)
    services.post_comment(
        discussion=discussion, author=writer, body="Welcome!", parent=comment
    )
    address = GUEST_EMAIL.lower()
    pages = [
        Client().get(article.get_absolute_url()),
        client_for(member).get(article.get_absolute_url()),
        Client().get(reverse("forum:discussion_feed", args=[discussion.pk])),
        Client().get(
            reverse("forum:comment_permalink", args=[comment.pk]), follow=True
        ),
        client_for(columnist).get(reverse("forum:notifications")),
    ]
    for page in pages:
        assert page.status_code == HTTPStatus.OK
        assert address not in page.content.decode().lower()
    for message in mailoutbox:
        if message.to != [address]:
            assert address not in str(message.message()).lower()


def test_reply_emails_a_following_guest_with_one_click_unsubscribe(
    discussion, mailoutbox, moderator, writer
):
    comment = confirmed_comment(Client(), discussion, mailoutbox, follows=True)
    services.approve_comment(comment=comment, moderator=moderator)
    mailoutbox.clear()

    services.post_comment(
        discussion=discussion, author=writer, body="You are not alone.", parent=comment
    )

    [message] = [m for m in mailoutbox if m.to == [GUEST_EMAIL.lower()]]
    assert "Wyn Writer" in message.subject
    assert "You are not alone." in message.body
    assert "Medical disclaimer" in message.body
    assert message.alternatives[0][1] == "text/html"
    header = message.extra_headers["List-Unsubscribe"]
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    path = re.search(r"https?://[^/]+(/\S+)>", header)[1]

    looked = Client().get(path)
    assert looked.status_code == HTTPStatus.OK
    assert Guest.objects.get().follows_replies is True
    # The mail provider's one-click POST: no cookie, no CSRF token.
    done = Client(enforce_csrf_checks=True).post(
        path, {"List-Unsubscribe": "One-Click"}
    )
    assert done.status_code == HTTPStatus.OK
    assert Guest.objects.get().follows_replies is False

    mailoutbox.clear()
    services.post_comment(
        discussion=discussion, author=writer, body="And again.", parent=comment
    )
    assert not [m for m in mailoutbox if m.to == [GUEST_EMAIL.lower()]]


def test_no_reply_email_when_the_guest_did_not_ask(
    discussion, mailoutbox, moderator, writer
):
    comment = confirmed_comment(Client(), discussion, mailoutbox, follows=False)
    services.approve_comment(comment=comment, moderator=moderator)
    mailoutbox.clear()

    services.post_comment(
        discussion=discussion, author=writer, body="Hello there.", parent=comment
    )

    assert not [m for m in mailoutbox if m.to == [GUEST_EMAIL.lower()]]


def test_guest_unsubscribe_with_a_forged_token_is_400(db):
    response = Client().post(reverse("forum:guest_unsubscribe", args=["1:forged"]))

    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_attach_page_lists_and_attaches_only_with_a_verified_address(
    discussion, mailoutbox
):
    confirmed_comment(Client(), discussion, mailoutbox)
    member = MemberFactory(email=GUEST_EMAIL.lower(), verified=False)
    client = client_for(member)
    url = reverse("forum:guest_comments_attach")

    assert GUEST_BODY not in client.get(url).text
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.get(guest__isnull=False).author is None

    EmailAddress.objects.filter(user=member).update(verified=True)
    page = client.get(url)
    assert "Add these comments to my account" in page.text
    assert "under your display name" in page.text
    mine = client.get(reverse("forum:my_comments"))
    assert "Add them to your account" in mine.text

    done = client.post(url)
    assert done.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().author == member


def test_attach_is_offered_when_the_address_is_confirmed(discussion, mailoutbox):
    confirmed_comment(Client(), discussion, mailoutbox)
    member = MemberFactory(email=GUEST_EMAIL.lower())
    request = RequestFactory().get("/")
    from django.contrib.messages.storage.fallback import FallbackStorage

    request.session = Client().session
    request._messages = FallbackStorage(request)

    email_confirmed.send(
        sender=EmailAddress,
        request=request,
        email_address=EmailAddress.objects.get(user=member),
    )

    [notice] = list(request._messages)
    assert reverse("forum:guest_comments_attach") in str(notice)


def test_attach_page_needs_signing_in():
    response = Client().get(reverse("forum:guest_comments_attach"))

    assert response.status_code == HTTPStatus.FOUND


def test_send_through_service_uses_the_same_path_for_members_name_rules(discussion):
    # A guest name may not take the name a member gave up recently either.
    member = MemberFactory(display_name="Old Name")
    services.update_profile(member=member, display_name="New Name", bio="")

    with pytest.raises(Exception) as refused:
        send(discussion, name="Old Name")

    assert "name" in refused.value.error_dict
    assert guest_records.attachable(member) == []


def test_a_columnist_moderating_their_article_never_sees_a_guests_address(
    article, discussion, mailoutbox, settings
):
    """Cairn's moderators see a guest's address and IP hash; a columnist
    moderating their own article's discussion reviews the comment without
    them (a reader may be writing to their own neurologist)."""
    settings.CAIRN_COLUMNISTS_MODERATE = True
    send(discussion)
    comment = guests.confirm(token=token_in(mailoutbox[0])).comment
    columnist = client_for(article.author)
    queue = columnist.get(reverse("forum:moderation_queue")).text
    case = columnist.get(reverse("forum:moderation_comment", args=[comment.pk])).text
    for page in (queue, case):
        assert GUEST_BODY in page
        assert GUEST_EMAIL.lower() not in page
        assert comment.guest.ip_hash not in page
        assert "moderators see their address" in page
