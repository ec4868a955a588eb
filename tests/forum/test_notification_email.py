"""Notification email, one message per notification
(forum.services.notification_email), run through the real task code: the
test settings' immediate task backend runs each queued task at once, and
mail lands in pytest-django's `mailoutbox`."""

import email
import email.policy
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import EmailFrequency, Member, Notification, Reason
from forum.services.notification_digest import send_digests
from forum.services.notification_email import email_notifications
from forum.services.notification_settings import unsubscribe_token
from forum.text import excerpt
from tests.concurrency import fire_at_once
from tests.factories import MemberFactory
from tests.forum.notification_mail import (
    SITE,
    CountingBackend,
    FlakyBackend,
    Why,
    decoded,
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


# --- one email per notification ------------------------------------------------


def test_immediate_email_has_both_parts_naming_author_discussion_quote_and_links(
    discussion, reader, say, mailoutbox
):
    comment = say("Mind the **heat**: <b>cooling</b> vests & fans.\n\nThen rest.")
    prefer(reader, EmailFrequency.IMMEDIATELY)
    notification = due(reader, comment, Why.REPLY)

    assert run(email_notifications, notification_ids=[notification.pk])["sent"] == 1

    [message] = mailoutbox
    title = discussion.host.title
    assert message.subject == f"[Cairn] Wyn Writer replied to you in “{title}”"
    assert message.to == [reader.email]
    link = f"{SITE}/c/{comment.pk}/"
    token = unsubscribe_token(reader)
    for part in (message.body, html_part(message)):
        assert "Wyn Writer replied to you" in part
        assert title in part
        assert link in part
        assert f"{SITE}/account/notifications/" in part
        assert f"{SITE}/unsubscribe/{token}/" in part
    # The quote is the comment's text, never its HTML: escaped in the HTML.
    assert "Mind the heat: <b>cooling</b> vests & fans. Then rest." in message.body
    assert "Mind the heat: &lt;b&gt;cooling&lt;/b&gt; vests &amp; fans." in (
        html_part(message)
    )
    assert "<b>cooling" not in html_part(message)
    assert "<strong>heat" not in html_part(message)


def test_email_byline_carries_the_role_the_host_grants(
    discussion, columnist, accept, reader, say, mailoutbox
):
    accept(columnist)
    comment = say("Thank you for reading.", author=columnist)
    prefer(reader, EmailFrequency.IMMEDIATELY)

    run(email_notifications, notification_ids=[due(reader, comment, Why.MENTION).pk])

    [message] = mailoutbox
    assert message.subject.startswith(
        f"[Cairn] {columnist.display_name} (Columnist) mentioned you in “"
    )


def test_followed_discussion_email_says_new_comment(
    discussion, reader, say, mailoutbox
):
    comment = say()
    prefer(reader, EmailFrequency.IMMEDIATELY)

    run(email_notifications, notification_ids=[due(reader, comment).pk])

    [message] = mailoutbox
    assert message.subject == f"[Cairn] New comment in “{discussion.host.title}”"
    assert "Wyn Writer wrote" in message.body


def test_quote_is_plain_text_cut_short():
    html = "<p>" + "word " * 100 + "</p><ul><li>one</li><li>two</li></ul>"
    text = excerpt(html, 300)
    assert len(text) <= 300
    assert text.endswith("…")
    assert "<" not in text
    assert excerpt("<p>a &amp; b</p><p>c</p>", 300) == "a & b c"


def test_no_address_but_the_recipients_anywhere_in_the_message(
    discussion, columnist, accept, reader, writer, say, mailoutbox
):
    accept(columnist)
    comment = say(f"Ask {columnist.display_name} about it, not me.")
    prefer(reader, EmailFrequency.IMMEDIATELY)
    run(email_notifications, notification_ids=[due(reader, comment, Why.REPLY).pk])

    [message] = mailoutbox
    everything = wire(message) + decoded(message)
    others = Member.objects.exclude(pk=reader.pk).values_list("email", flat=True)
    assert others
    for address in others:
        assert address not in everything
    assert "mailto:" not in everything
    assert message.reply_to == []
    assert message.cc == [] and message.bcc == []


def test_headers_are_rfc_8058_one_click_and_on_one_line(reader, say, mailoutbox):
    comment = say()
    prefer(reader, EmailFrequency.IMMEDIATELY)
    run(email_notifications, notification_ids=[due(reader, comment).pk])

    [message] = mailoutbox
    url = f"{SITE}/unsubscribe/{unsubscribe_token(reader)}/"
    raw = wire(message)
    # Whole, not folded into RFC 2047 encoded words (which providers ignore).
    assert f"\r\nList-Unsubscribe: <{url}>\r\n" in raw
    assert "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
    assert "\r\nAuto-Submitted: auto-generated\r\n" in raw
    parsed = email.message_from_string(raw, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert parsed.get_all("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"]


def test_same_ids_twice_send_once(reader, say, mailoutbox):
    comment = say()
    prefer(reader, EmailFrequency.IMMEDIATELY)
    ids = [due(reader, comment).pk]

    first = run(email_notifications, notification_ids=ids)
    second = run(email_notifications, notification_ids=ids)

    assert (first["sent"], second["sent"]) == (1, 0)
    assert len(mailoutbox) == 1
    assert Notification.objects.get(pk=ids[0]).emailed_at is not None


def test_a_batch_goes_through_one_connection_with_constant_queries(
    settings, say, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    comment = say()

    def batch(size):
        members = [
            prefer(MemberFactory(), EmailFrequency.IMMEDIATELY) for _ in range(size)
        ]
        ids = [due(member, comment).pk for member in members]
        CountingBackend.opened = 0
        with CaptureQueriesContext(connection) as queries:
            assert run(email_notifications, notification_ids=ids)["sent"] == size
        assert CountingBackend.opened == 1
        return len(queries)

    batch(1)  # caches warmed (the disclaimer, content types)
    assert batch(2) == batch(20)
    assert len(mailoutbox) == 23


def test_a_failing_connection_queues_each_unsent_message_for_retries(
    settings, reader, other_member, say, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    FlakyBackend.failures = 1
    comment = say()
    ids = [
        due(prefer(member, EmailFrequency.IMMEDIATELY), comment).pk
        for member in (reader, other_member)
    ]

    result = run(email_notifications, notification_ids=ids)

    # Both were handed to forum.tasks.send_message, which sent them.
    assert (result["sent"], result["queued"]) == (0, 2)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [reader.email, other_member.email]
    )


@pytest.mark.parametrize(
    "state",
    ["email off", "suspended", "deactivated", "read already"],
)
def test_immediate_task_never_mails_and_spends_the_row(
    state, reader, moderator, say, mailoutbox
):
    comment = say()
    prefer(reader, EmailFrequency.IMMEDIATELY)
    notification = due(reader, comment)
    if state == "email off":
        prefer(reader, EmailFrequency.OFF)
    elif state == "suspended":
        services.suspend_member(
            member=reader, moderator=moderator, days=7, reason="Rude."
        )
    elif state == "deactivated":
        Member.objects.filter(pk=reader.pk).update(is_active=False)
    else:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    mailoutbox.clear()

    result = run(email_notifications, notification_ids=[notification.pk])

    assert to(mailoutbox, reader) == []
    assert result["skipped"] == 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_immediate_task_leaves_a_removed_comment_waiting(
    reader, moderator, say, mailoutbox
):
    comment = say()
    prefer(reader, EmailFrequency.IMMEDIATELY)
    notification = due(reader, comment)
    services.remove_comment(comment=comment, moderator=moderator, reason=Reason.SPAM)
    mailoutbox.clear()

    run(email_notifications, notification_ids=[notification.pk])

    assert to(mailoutbox, reader) == []
    assert Notification.objects.get(pk=notification.pk).emailed_at is None


def test_immediate_task_leaves_a_digest_readers_row_for_the_digest(
    reader, say, mailoutbox
):
    comment = say()
    notification = due(prefer(reader, EmailFrequency.DAILY), comment)

    assert run(email_notifications, notification_ids=[notification.pk])["left"] == 1
    assert mailoutbox == []

    run(send_digests)
    assert len(to(mailoutbox, reader)) == 1


@on_postgresql
@in_real_transactions
def test_concurrent_runs_of_the_same_ids_mail_each_row_once(
    discussion, writer, mailoutbox
):
    comment = services.post_comment(
        discussion=discussion, author=writer, body="Words for many readers."
    )
    Notification.objects.all().delete()
    members = [prefer(MemberFactory(), EmailFrequency.IMMEDIATELY) for _ in range(6)]
    ids = [due(member, comment).pk for member in members]
    mailoutbox.clear()

    results = fire_at_once([lambda: email_notifications.call(notification_ids=ids)] * 4)

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sum(r["sent"] for r in results) == 6
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in members)


@on_postgresql
@in_real_transactions
def test_a_row_another_sender_holds_is_skipped_not_waited_for(
    discussion, writer, mailoutbox
):
    """The digest racing the immediate task: whoever locks a row first
    claims it; the other skips it at once instead of mailing it again."""
    comment = services.post_comment(
        discussion=discussion, author=writer, body="Words for one reader."
    )
    Notification.objects.all().delete()
    reader = prefer(MemberFactory(), EmailFrequency.IMMEDIATELY)
    notification = due(reader, comment)
    mailoutbox.clear()
    locked, release = threading.Event(), threading.Event()

    def other_sender():
        try:
            with transaction.atomic():
                row = Notification.objects.select_for_update().get(pk=notification.pk)
                locked.set()
                release.wait(timeout=10)
                row.emailed_at = timezone.now()
                row.save(update_fields=["emailed_at"])
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        during = email_notifications.call(notification_ids=[notification.pk])
    finally:
        release.set()
        thread.join(timeout=10)
    after = email_notifications.call(notification_ids=[notification.pk])

    assert during["sent"] == after["sent"] == 0
    assert mailoutbox == []
