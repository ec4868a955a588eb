"""A guest deleting their own comment with the signed link from the
"confirmed" page or a reply email (forum.services.guests.
delete_guest_comment, the page forum:guest_delete)."""

import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Comment, Guest, Reason
from forum.services import guest_mail, guest_records, guests
from forum.services.guest_records import Deletion
from tests.factories import MemberFactory
from tests.forum.guest_helpers import (
    GUEST_BODY,
    GUEST_EMAIL,
    guests_on,  # noqa: F401 - a fixture
    path_in,
    send,
    token_in,
)

pytestmark = pytest.mark.usefixtures("guests_on", "no_rate_limits")

_DELETE_LINK = re.compile(r"https?://[^/\s]+(?P<path>/guests/delete/[^/\s]+/)")


def confirmed(discussion, mailoutbox, *, follows=False) -> Comment:
    send(discussion)
    token = token_in(mailoutbox[-1])
    return guests.confirm(token=token, follows_replies=follows).comment


def delete_path(comment: Comment) -> str:
    token = guest_mail.deletion_token(comment.guest)
    return reverse("forum:guest_delete", args=[token])


def test_get_shows_the_text_and_changes_nothing(discussion, mailoutbox):
    comment = confirmed(discussion, mailoutbox)

    response = Client().get(delete_path(comment))

    assert response.status_code == HTTPStatus.OK
    assert GUEST_BODY in response.content.decode()
    assert "Delete my comment" in response.content.decode()
    assert Comment.objects.filter(pk=comment.pk, status=comment.status).exists()


def test_post_deletes_a_held_comment(discussion, mailoutbox):
    comment = confirmed(discussion, mailoutbox)
    assert comment.status == Comment.Status.PENDING

    response = Client().post(delete_path(comment))

    assert response.status_code == HTTPStatus.OK
    assert "Your comment is deleted" in response.content.decode()
    assert not Comment.objects.exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == 0


def test_post_needs_the_pages_csrf_token(discussion, mailoutbox):
    comment = confirmed(discussion, mailoutbox)

    response = Client(enforce_csrf_checks=True).post(delete_path(comment))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_published_comment_without_replies_goes_and_is_uncounted(
    discussion, mailoutbox, moderator
):
    comment = confirmed(discussion, mailoutbox)
    services.approve_comment(comment=comment, moderator=moderator)
    discussion.refresh_from_db()
    assert discussion.comment_count == 1

    Client().post(delete_path(comment))

    # The moderation log keeps its row: wiped, out of the thread.
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert comment.body == ""
    assert not comment.listed
    discussion.refresh_from_db()
    assert discussion.comment_count == 0
    assert comment not in Comment.objects.visible()
    assert Guest.objects.get().email == ""


def test_comment_with_replies_stays_a_placeholder_naming_nobody(
    discussion, mailoutbox, moderator, writer
):
    comment = confirmed(discussion, mailoutbox, follows=True)
    services.approve_comment(comment=comment, moderator=moderator)
    reply = services.post_comment(
        discussion=discussion, author=writer, body="You are not alone.", parent=comment
    )

    Client().post(delete_path(comment))

    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert comment.body == comment.body_html == ""
    assert comment.listed
    # forum_comment_member_or_guest: the placeholder keeps its guest.
    assert comment.author_id is None
    assert comment.guest_id is not None
    reply.refresh_from_db()
    assert reply.status == Comment.Status.PUBLISHED
    assert reply.parent_id == comment.pk
    guest = Guest.objects.get()
    assert (guest.email, guest.ip_hash, guest.follows_replies) == ("", "", False)
    discussion.refresh_from_db()
    assert discussion.comment_count == 1


def test_second_post_says_already_deleted(discussion, mailoutbox):
    comment = confirmed(discussion, mailoutbox)
    path = delete_path(comment)
    Client().post(path)

    again = Client().post(path)
    looked = Client().get(path)

    for response in (again, looked):
        assert response.status_code == HTTPStatus.OK
        assert "already deleted" in response.content.decode()


@pytest.mark.parametrize("change", [lambda t: t[:-2], lambda t: t + "x", lambda t: "1"])
def test_tampered_token_answers_400_politely_and_deletes_nothing(
    discussion, mailoutbox, change
):
    comment = confirmed(discussion, mailoutbox)
    path = reverse(
        "forum:guest_delete", args=[change(guest_mail.deletion_token(comment.guest))]
    )

    for response in (Client().get(path), Client().post(path)):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "This link is not valid" in response.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_other_signed_links_are_not_deletion_links(discussion, mailoutbox):
    comment = confirmed(discussion, mailoutbox)

    outcome = guest_records.delete_by_token(
        token=guest_mail.unsubscribe_token(comment.guest)
    )

    assert outcome.state == Deletion.INVALID
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_removed_comment_can_be_deleted(discussion, mailoutbox, moderator):
    comment = confirmed(discussion, mailoutbox)
    comment = services.approve_comment(comment=comment, moderator=moderator)
    services.remove_comment(comment=comment, moderator=moderator, reason=Reason.ABUSE)

    assert GUEST_BODY in Client().get(delete_path(comment)).content.decode()
    outcome = guest_records.delete_by_token(
        token=guest_mail.deletion_token(comment.guest)
    )

    assert outcome.state == Deletion.DONE
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert comment.body == ""


def test_an_attached_comment_is_the_members_to_delete(discussion, mailoutbox):
    comment = confirmed(discussion, mailoutbox)
    guest = comment.guest
    Comment.objects.filter(pk=comment.pk).update(guest=None, author=MemberFactory())

    outcome = guest_records.delete_by_token(token=guest_mail.deletion_token(guest))

    assert outcome.state == Deletion.GONE
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_purge_then_forgets_a_guest_whose_comment_went(discussion, mailoutbox):
    comment = confirmed(discussion, mailoutbox)
    guest_records.delete_guest_comment(guest=comment.guest)

    assert guest_records.purge_expired() == 1
    assert not Guest.objects.exists()


def test_done_page_gives_the_link_to_keep(discussion, mailoutbox):
    client = Client()
    send(discussion)

    done = client.post(path_in(mailoutbox[-1]))

    assert "Keep this link to delete your comment later" in done.content.decode()
    path = _DELETE_LINK.search(done.content.decode())["path"]
    assert GUEST_BODY in client.get(path).content.decode()


def test_confirmation_email_has_no_deletion_link(discussion, mailoutbox):
    send(discussion)

    assert "/guests/delete/" not in mailoutbox[-1].body


def test_reply_email_carries_the_link_beside_unsubscribing(
    discussion, mailoutbox, moderator, writer
):
    comment = confirmed(discussion, mailoutbox, follows=True)
    services.approve_comment(comment=comment, moderator=moderator)
    mailoutbox.clear()

    services.post_comment(
        discussion=discussion, author=writer, body="You are not alone.", parent=comment
    )

    [message] = [m for m in mailoutbox if m.to == [GUEST_EMAIL.lower()]]
    html = message.alternatives[0][0]
    assert "/guests/unsubscribe/" in message.body
    assert "/guests/delete/" in html
    Client().post(_DELETE_LINK.search(message.body)["path"])
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.DELETED
