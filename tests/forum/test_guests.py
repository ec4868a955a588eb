"""Guest comments, through the services and the real mail outbox
(forum.services.guests, forum.services.guest_mail)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum import services
from forum.models import Comment, Guest, ModerationAction, WatchedPhrase
from forum.services import guest_records, guests
from forum.services.guests import Confirmation
from forum.services.standing import RateLimited
from tests.factories import MemberFactory
from tests.forum.guest_helpers import (
    GUEST_BODY,
    GUEST_EMAIL,
    GUEST_NAME,
    guests_on,  # noqa: F401 - a fixture
    send,
    token_in,
)

pytestmark = pytest.mark.usefixtures("guests_on")


def test_send_stores_no_comment_and_mails_a_link_to_the_address(discussion, mailoutbox):
    guest = send(discussion)

    assert Comment.objects.count() == 0
    assert guest.body == GUEST_BODY
    assert guest.email == GUEST_EMAIL.lower()
    assert len(guest.ip_hash) == 16
    assert guest.ip_hash != "198.51.100.7"
    [message] = mailoutbox
    assert message.to == [GUEST_EMAIL.lower()]
    assert "/guests/confirm/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_confirm_creates_a_held_guest_comment_and_empties_the_row(
    discussion, mailoutbox
):
    send(discussion)

    outcome = guests.confirm(token=token_in(mailoutbox[0]), follows_replies=True)

    assert outcome.state == Confirmation.DONE
    comment = Comment.objects.get()
    assert comment.author is None
    assert comment.guest.name == GUEST_NAME
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_reason == Comment.HoldReason.GUEST
    assert comment.needs_review_since is not None
    guest = Guest.objects.get()
    assert guest.body == ""
    assert guest.confirmed_at is not None
    assert guest.follows_replies is True
    discussion.refresh_from_db()
    assert discussion.comment_count == 0


def test_confirm_twice_creates_one_comment_and_says_already_confirmed(
    discussion, mailoutbox
):
    send(discussion)
    token = token_in(mailoutbox[0])
    guests.confirm(token=token)

    again = guests.confirm(token=token)

    assert again.state == Confirmation.CONFIRMED
    assert Comment.objects.count() == 1


def test_expired_link_creates_nothing_and_keeps_the_text(
    discussion, mailoutbox, settings
):
    send(discussion)
    token = token_in(mailoutbox[0])
    settings.CAIRN_GUEST_LINK_LIFETIME = -1

    outcome = guests.confirm(token=token)

    assert outcome.state == Confirmation.EXPIRED
    assert outcome.guest.body == GUEST_BODY
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "change", [lambda t: t[:-2], lambda t: "1" + t, lambda t: "nonsense", lambda t: ""]
)
def test_tampered_link_is_invalid_and_creates_nothing(discussion, mailoutbox, change):
    send(discussion)

    outcome = guests.confirm(token=change(token_in(mailoutbox[0])))

    assert outcome.state == Confirmation.INVALID
    assert Comment.objects.count() == 0


def test_approved_guest_comment_is_published_without_telling_or_trusting_anyone(
    discussion, mailoutbox, moderator
):
    send(discussion)
    comment = guests.confirm(token=token_in(mailoutbox[0])).comment

    services.approve_comment(comment=comment, moderator=moderator)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert ModerationAction.objects.filter(kind="approve", comment=comment).exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == 1


def test_removing_and_spamming_a_guest_comment_work(discussion, mailoutbox, moderator):
    send(discussion)
    comment = guests.confirm(token=token_in(mailoutbox[0])).comment

    services.mark_spam(comment=comment, moderator=moderator)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


@pytest.mark.parametrize(
    "name", ["Moderator Jo", "Cairn Team", "Guest", "Anonymous member", "Columnist"]
)
def test_name_reading_like_a_role_is_refused(discussion, name):
    with pytest.raises(ValidationError) as refused:
        send(discussion, name=name)

    assert "name" in refused.value.error_dict
    assert Guest.objects.count() == 0


@pytest.mark.parametrize("name", ["Ruth Reader", "ruth  reader", "RUTH READER"])
def test_name_reading_like_a_members_name_is_refused(discussion, reader, name):
    with pytest.raises(ValidationError) as refused:
        send(discussion, name=name)

    assert refused.value.error_dict["name"][0].code == "taken"


def test_all_field_errors_come_together(discussion):
    with pytest.raises(ValidationError) as refused:
        send(
            discussion,
            name="",
            email="not an address",
            body="  ",
            accepted_disclaimer=False,
        )

    assert set(refused.value.error_dict) == {"name", "email", "body", "accepted"}


def test_refusing_watched_phrase_refuses_a_guest_too(discussion):
    WatchedPhrase.objects.create(
        phrase="miracle cure", action=WatchedPhrase.Action.REFUSE, message="Not here."
    )

    with pytest.raises(ValidationError, match="Not here."):
        send(discussion, body="Try this miracle cure today")


def test_guests_off_for_the_site_refuses(discussion, settings):
    settings.CAIRN_GUEST_COMMENTS = False

    with pytest.raises(ValidationError) as refused:
        send(discussion)

    assert refused.value.code == "guests_off"
    assert not guests.guests_welcome(discussion)


def test_guests_off_for_the_discussion_refuses(discussion, moderator):
    services.set_discussion(
        discussion=discussion, moderator=moderator, kind="guests_off"
    )
    discussion.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        send(discussion)

    assert refused.value.code == "guests_off"


def test_locked_discussion_refuses_and_a_lock_before_confirming_keeps_the_text(
    discussion, moderator, mailoutbox
):
    send(discussion)
    services.set_discussion(discussion=discussion, moderator=moderator, kind="lock")
    discussion.refresh_from_db()

    outcome = guests.confirm(token=token_in(mailoutbox[0]))
    with pytest.raises(ValidationError) as refused:
        send(discussion, email="other@guest.example")

    assert outcome.state == Confirmation.CLOSED
    assert outcome.guest.body == GUEST_BODY
    assert Comment.objects.count() == 0
    assert refused.value.code == "locked"


def test_rate_limit_per_email_counts_unconfirmed_rows(discussion, settings):
    settings.CAIRN_GUEST_LIMITS_PER_EMAIL = [(2, 3600)]
    settings.CAIRN_GUEST_LIMITS_PER_IP = []
    send(discussion, ip="192.0.2.1")
    send(discussion, ip="192.0.2.2", body="Second")

    with pytest.raises(RateLimited) as limited:
        send(discussion, ip="192.0.2.3", email=GUEST_EMAIL.upper(), body="Third")

    assert 0 < limited.value.retry_after <= 3600
    assert Guest.objects.count() == 2


def test_rate_limit_per_ip(discussion, settings):
    settings.CAIRN_GUEST_LIMITS_PER_IP = [(2, 86400)]
    send(discussion, email="one@guest.example")
    send(discussion, email="two@guest.example")

    with pytest.raises(RateLimited):
        send(discussion, email="three@guest.example")

    # An hour-old send still counts in a day's window; another network does not.
    send(discussion, email="four@guest.example", ip="203.0.113.9")


def test_rate_limit_window_reopens(discussion, settings):
    settings.CAIRN_GUEST_LIMITS_PER_EMAIL = [(1, 3600)]
    send(discussion, now=timezone.now() - timedelta(hours=2))

    send(discussion, body="Later")

    assert Guest.objects.count() == 2


def test_guest_reply_to_a_member_is_placed_under_its_parent(
    discussion, published, mailoutbox
):
    send(discussion, parent=published)
    comment = guests.confirm(token=token_in(mailoutbox[-1])).comment

    assert comment.parent_id == published.pk
    assert comment.depth == 1
    assert comment.path.startswith(published.path)


def test_guest_comment_mentions_nobody(discussion, published, mailoutbox, moderator):
    name = published.author.display_name
    send(discussion, body=f"@{name} thank you")
    comment = guests.confirm(token=token_in(mailoutbox[-1])).comment
    mailoutbox.clear()

    services.approve_comment(comment=comment, moderator=moderator)

    assert not published.author.notifications.filter(reason="mention").exists()


def test_purge_deletes_only_unconfirmed_rows_well_past_expiry(discussion, mailoutbox):
    long_ago = timezone.now() - timedelta(days=30)
    old = send(discussion, now=long_ago)
    confirmed = send(discussion, email="kept@guest.example", now=long_ago)
    guests.confirm(token=guests.confirmation_token(confirmed))
    fresh = send(discussion, email="fresh@guest.example", body="New")

    assert guest_records.purge_expired() == 1

    assert not Guest.objects.filter(pk=old.pk).exists()
    assert set(Guest.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}


def test_expired_row_is_kept_some_days_for_its_text(discussion, settings):
    send(discussion, now=timezone.now() - timedelta(days=3))

    assert guest_records.purge_expired() == 0


def test_attach_needs_a_verified_address_of_the_members_own(discussion, mailoutbox):
    send(discussion)
    guests.confirm(token=token_in(mailoutbox[0]))
    unverified = MemberFactory(email=GUEST_EMAIL.lower(), verified=False)
    stranger = MemberFactory()

    assert guest_records.attachable(unverified) == []
    with pytest.raises(PermissionDenied):
        guest_records.attach_guest_comments(member=unverified)
    assert guest_records.attach_guest_comments(member=stranger) == 0
    assert Comment.objects.get().author is None


def test_attach_makes_the_member_the_author(discussion, mailoutbox):
    send(discussion)
    guests.confirm(token=token_in(mailoutbox[0]), follows_replies=True)
    member = MemberFactory(email=GUEST_EMAIL.lower())

    assert len(guest_records.attachable(member)) == 1
    assert guest_records.attach_guest_comments(member=member) == 1

    comment = Comment.objects.get()
    assert comment.author == member
    assert comment.guest is None
    guest = Guest.objects.get()
    assert guest.attached_to == member
    assert guest.follows_replies is False
    assert guest_records.attachable(member) == []
    assert guest_records.attach_guest_comments(member=member) == 0


def test_unconfirmed_rows_are_never_attachable(discussion):
    send(discussion)
    member = MemberFactory(email=GUEST_EMAIL.lower())

    assert guest_records.attachable(member) == []


def test_an_ipv6_network_counts_as_one_and_ipv4_mapped_as_its_ipv4():
    """One home or phone is given a /64: each of its addresses shares the
    hash (and so the limits); an IPv4 address written as IPv6 is itself."""
    assert guests.ip_hash("2001:db8:1:2::1") == guests.ip_hash("2001:db8:1:2:ffff::9")
    assert guests.ip_hash("2001:db8:1:2::1") != guests.ip_hash("2001:db8:1:3::1")
    assert guests.ip_hash("::ffff:198.51.100.7") == guests.ip_hash("198.51.100.7")
    assert guests.ip_hash("198.51.100.7") != guests.ip_hash("198.51.100.8")


def test_a_name_is_compared_with_members_only_where_guests_may_write(
    discussion, reader, settings
):
    """Whether a name is a member's is not told while guests are off, and a
    network that keeps asking is stopped (every send counts, refused or
    not)."""
    settings.CAIRN_GUEST_COMMENTS = False
    with pytest.raises(ValidationError) as off:
        send(discussion, name=reader.display_name)
    assert off.value.code == "guests_off"
    settings.CAIRN_GUEST_COMMENTS = True
    settings.CAIRN_GUEST_ATTEMPTS_PER_HOUR = 3
    for _ in range(3):
        with pytest.raises(ValidationError) as taken:
            send(discussion, name=reader.display_name)
        assert "name" in taken.value.error_dict
    with pytest.raises(RateLimited):
        send(discussion, name=reader.display_name)
    assert not Guest.objects.exists()


def test_purge_forgets_a_guest_whose_comment_is_gone(discussion, mailoutbox):
    send(discussion)
    comment = guests.confirm(token=token_in(mailoutbox[0])).comment
    Comment.objects.filter(pk=comment.pk).delete()
    assert guest_records.purge_expired() == 1
    assert not Guest.objects.exists()
