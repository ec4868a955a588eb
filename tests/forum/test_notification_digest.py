"""The daily digest (forum.services.notification_digest), run through the
real task code, and its management command."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum import services
from forum.models import EmailFrequency, Member, Notification, Reason
from forum.services.notification_digest import send_digests
from forum.services.notification_settings import unsubscribe_token
from tests.concurrency import fire_at_once
from tests.factories import ArticleFactory, MemberFactory
from tests.forum.notification_mail import (
    SITE,
    Why,
    due,
    html_part,
    in_real_transactions,
    on_postgresql,
    prefer,
    run,
    to,
    wire,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits", "mail_site")


# --- the daily digest --------------------------------------------------------------


def test_digest_groups_per_discussion_with_words_to_the_member_first(
    discussion, reader, writer, accept, say, mailoutbox
):
    other = services.open_discussion(host=ArticleFactory(title="Heat and fatigue"))
    followed = [say(f"Followed comment number {n}.") for n in range(4)]
    reply = say("A reply to you about cooling.")
    elsewhere = say("Over in the other discussion.", place=other)
    for comment in followed:
        due(reader, comment)
    due(reader, reply, Why.REPLY)
    due(reader, elsewhere)

    run(send_digests)

    [message] = to(mailoutbox, reader)
    assert message.subject == (
        "[Cairn] Your daily digest: 6 new comments in 2 discussions"
    )
    for part in (message.body, html_part(message)):
        first, second = part.index(discussion.host.title), part.index("Heat and")
        assert first < second  # the discussion with a reply comes first
        assert part.index("Wyn Writer replied to you") < part.index("number 3")
        assert "number 2" in part and "number 1" not in part  # three quoted
        assert f"{SITE}/c/{reply.pk}/" in part
        assert f"{SITE}/unsubscribe/{unsubscribe_token(reader)}/" in part
    assert "5 new comments" in message.body
    assert "And 2 more comments in this discussion." in message.body
    assert wire(message).count("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-")
    assert reader.email not in message.body + html_part(message)
    reader.refresh_from_db()
    assert reader.digest_sent_at is not None


def test_digest_twice_sends_nothing_twice(reader, say, mailoutbox):
    first, later = say("First news."), say("Later news.")
    due(reader, first)

    run(send_digests)
    run(send_digests)
    assert len(to(mailoutbox, reader)) == 1

    due(reader, later)
    run(send_digests)
    later = to(mailoutbox, reader)
    assert len(later) == 2
    assert "Later news." in later[1].body and "First news." not in later[1].body


def test_digest_skips_read_rows_and_leaves_removed_comments_waiting(
    reader, moderator, say, mailoutbox
):
    seen, removed_comment, news = (
        say("Seen in the inbox."),
        say("Removed later."),
        say("Still news."),
    )
    read = due(reader, seen, read_at=timezone.now())
    removed = due(reader, removed_comment)
    kept = due(reader, news)
    services.remove_comment(
        comment=removed_comment, moderator=moderator, reason=Reason.SPAM
    )
    mailoutbox.clear()

    run(send_digests)

    [message] = to(mailoutbox, reader)
    assert "Still news." in message.body
    assert "Seen in the inbox." not in message.body
    assert "Removed later." not in message.body
    rows = Notification.objects.in_bulk([read.pk, removed.pk, kept.pk])
    assert rows[read.pk].emailed_at is not None  # claimed as skipped
    assert rows[removed.pk].emailed_at is None  # back if restored
    assert rows[kept.pk].emailed_at is not None


def test_digest_of_only_read_rows_sends_nothing(reader, say, mailoutbox):
    due(reader, say(), read_at=timezone.now())

    run(send_digests)

    assert to(mailoutbox, reader) == []


@pytest.mark.parametrize("state", ["email off", "suspended", "deactivated"])
def test_digest_never_mails_a_member_who_should_not_get_mail(
    state, reader, moderator, say, mailoutbox
):
    notification = due(reader, say())
    if state == "email off":
        prefer(reader, EmailFrequency.OFF)
    elif state == "suspended":
        services.suspend_member(
            member=reader, moderator=moderator, days=7, reason="Rude."
        )
    else:
        Member.objects.filter(pk=reader.pk).update(is_active=False)
    mailoutbox.clear()

    run(send_digests)

    assert to(mailoutbox, reader) == []
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_digest_mails_what_waited_for_a_member_who_switched_to_immediately(
    reader, say, mailoutbox
):
    due(reader, say("Waiting since yesterday."))
    prefer(reader, EmailFrequency.IMMEDIATELY)

    run(send_digests)

    [message] = to(mailoutbox, reader)
    assert "Waiting since yesterday." in message.body


def test_digest_runs_in_batches_of_members(settings, say, mailoutbox):
    settings.CAIRN_EMAIL_BATCH = 2
    comment = say()
    members = MemberFactory.create_batch(5)
    for member in members:
        due(member, comment)

    run(send_digests)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in members)


def test_send_digests_command_queues_the_digest(reader, say, mailoutbox):
    due(reader, say())

    call_command("send_digests", stdout=None)

    assert len(to(mailoutbox, reader)) == 1


@on_postgresql
@in_real_transactions
def test_two_digests_at_once_mail_each_notification_once(
    discussion, writer, mailoutbox
):
    comments = [
        services.post_comment(
            discussion=discussion, author=writer, body=f"Busy day, part {n}."
        )
        for n in range(3)
    ]
    Notification.objects.all().delete()
    readers = MemberFactory.create_batch(4)
    for member in readers:
        for comment in comments:
            due(member, comment)
    mailoutbox.clear()

    results = fire_at_once([lambda: send_digests.call()] * 3)

    assert not [r for r in results if isinstance(r, BaseException)], results
    for member in readers:
        bodies = "".join(m.body for m in to(mailoutbox, member))
        for comment in comments:
            assert bodies.count(f"/c/{comment.pk}/") == 1
