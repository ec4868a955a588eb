"""Notification email (forum.services.notification_email, notification_digest
and notification_settings), run through the real task code: the test
settings' immediate task backend runs each queued task at once, and mail
lands in pytest-django's `mailoutbox`.

Notifications are written directly (`due`), so these tests do not depend
on who the fan-out tells; the fan-out's own rows are cleared first.
"""

import email
import email.policy
import smtplib
import threading
from http import HTTPStatus

import pytest
from django.core import signing
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.tasks import TaskResultStatus
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import EmailFrequency, Member, Notification, Reason
from forum.services import notification_settings
from forum.services.notification_digest import send_digests
from forum.services.notification_email import email_notifications
from forum.services.notification_settings import Unsubscribe, unsubscribe_token
from forum.text import excerpt
from tests.concurrency import fire_at_once
from tests.factories import ArticleFactory, MemberFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

SITE = "https://cairn.example"
Why = Notification.Reason
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
# serialized_rollback: the disclaimer and groups come from data migrations.
in_real_transactions = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CAIRN_SITE_URL = SITE


def run(task, **kwargs):
    """Queue `task` (run at once by the test backend); its return value."""
    result = task.enqueue(**kwargs)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return result.return_value


def prefer(member: Member, frequency: str) -> Member:
    Member.objects.filter(pk=member.pk).update(email_notifications=frequency)
    member.refresh_from_db()
    return member


def due(member, comment, reason=Why.FOLLOWED, **fields) -> Notification:
    """A notification waiting to be mailed to `member` about `comment`."""
    notification, _ = Notification.objects.update_or_create(
        recipient=member,
        comment=comment,
        defaults={
            "discussion_id": comment.discussion_id,
            "reason": reason,
            "email_due": True,
            "emailed_at": None,
            "read_at": None,
            **fields,
        },
    )
    return notification


def to(outbox, member) -> list:
    return [message for message in outbox if message.to == [member.email]]


def html_part(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def wire(message) -> str:
    """The message as it travels (headers and both parts, MIME-encoded)."""
    return message.message(policy=email.policy.SMTP).as_bytes().decode("ascii")


def decoded(message) -> str:
    """Headers and both parts as text: what a reader (or a scanner) sees."""
    parsed = email.message_from_string(wire(message), policy=email.policy.default)
    parts = [part.get_content() for part in parsed.walk() if not part.is_multipart()]
    return "\n".join([str(parsed), *parts])


@pytest.fixture
def reader(db) -> Member:
    return MemberFactory(display_name="Ruth Reader")


@pytest.fixture
def writer(accept) -> Member:
    return accept(MemberFactory(display_name="Wyn Writer"))


@pytest.fixture
def say(discussion, writer, mailoutbox):
    """Post a comment as `writer` (or `author`), then forget what the
    fan-out did: the tests write the notifications they need."""

    def _say(body="Cooling vests help me in July.", author=None, place=None):
        comment = services.post_comment(
            discussion=place or discussion, author=author or writer, body=body
        )
        Notification.objects.all().delete()
        mailoutbox.clear()
        return comment

    return _say


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


# --- unsubscribing --------------------------------------------------------------


def unsubscribe_url(member) -> str:
    return f"/unsubscribe/{unsubscribe_token(member)}/"


def preference(member) -> tuple[str, int]:
    member.refresh_from_db()
    return member.email_notifications, member.unsubscribe_generation


def test_unsubscribe_page_on_get_changes_nothing_and_names_nobody(reader):
    response = Client().get(unsubscribe_url(reader))

    assert response.status_code == HTTPStatus.OK
    assert b"Stop notification emails?" in response.content
    assert b'<button type="submit" class="btn btn-primary">Unsubscribe' in (
        response.content
    )
    assert reader.email.encode() not in response.content
    assert reader.display_name.encode() not in response.content
    assert preference(reader) == (EmailFrequency.DAILY, 0)


def test_one_click_post_without_session_or_csrf_turns_email_off(
    reader, say, csrf_client
):
    waiting = due(reader, say())

    response = csrf_client.post(
        unsubscribe_url(reader),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == HTTPStatus.OK
    assert b"You will get no more notification emails" in response.content
    assert b"/account/notifications/" in response.content
    assert reader.email.encode() not in response.content
    assert preference(reader) == (EmailFrequency.OFF, 1)
    # What was waiting is dropped with it.
    assert Notification.objects.get(pk=waiting.pk).email_due is False


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "WzEsMF0:forged-signature",
        signing.Signer(salt="another.purpose").sign_object([1, 0]),
        signing.dumps([1, 0], salt=notification_settings.UNSUBSCRIBE_SALT),
    ],
    ids=["garbage", "forged", "other-salt", "other-format"],
)
def test_a_tampered_link_is_refused_politely(reader, token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/unsubscribe/{token}/")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert b"This unsubscribe link is not valid" in response.content
    assert preference(reader) == (EmailFrequency.DAILY, 0)


def test_a_token_changed_by_one_character_is_refused(reader):
    token = unsubscribe_token(reader)
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = Client().post(f"/unsubscribe/{changed}/")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert preference(reader) == (EmailFrequency.DAILY, 0)


def test_a_reused_link_is_refused_politely(reader):
    url = unsubscribe_url(reader)
    Client().post(url)

    again = Client().post(url)
    looked = Client().get(url)

    for response in (again, looked):
        assert response.status_code == HTTPStatus.OK
        assert b"This link has already been used" in response.content
        assert b"Unsubscribe</button>" not in response.content
    assert preference(reader) == (EmailFrequency.OFF, 1)


def test_using_a_link_spends_every_older_one(reader):
    old = unsubscribe_url(reader)
    assert notification_settings.unsubscribe(token=unsubscribe_token(reader)) == (
        Unsubscribe.DONE
    )
    notification_settings.update_notification_settings(
        member=reader,
        email_notifications=EmailFrequency.DAILY,
        follow_on_comment=True,
        notify_on_reply=True,
        notify_on_mention=True,
    )

    response = Client().post(old)

    assert response.status_code == HTTPStatus.GONE
    assert b"This link is out of date" in response.content
    assert preference(reader) == (EmailFrequency.DAILY, 1)
    # A link made now (in the next email) works.
    assert Client().post(unsubscribe_url(reader)).status_code == HTTPStatus.OK
    assert preference(reader) == (EmailFrequency.OFF, 2)


def test_a_link_for_a_member_who_is_gone_says_only_that_email_is_off(db):
    token = signing.Signer(salt=notification_settings.UNSUBSCRIBE_SALT).sign_object(
        [999_999_999, 0]
    )

    response = Client().post(f"/unsubscribe/{token}/")

    assert response.status_code == HTTPStatus.OK
    assert b"This link has already been used" in response.content


# --- the settings page ----------------------------------------------------------

SETTINGS_URL = "/account/notifications/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_settings_page_sends_a_visitor_to_sign_in(client, method):
    response = getattr(client, method)(SETTINGS_URL)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_settings_page_shows_the_choices(member_client):
    response = member_client.get(SETTINGS_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    for value in ("immediately", "daily", "off"):
        assert f'name="email_notifications" value="{value}"' in content
    assert 'type="radio"' in content
    assert "<legend" in content  # the choices are named as a group
    assert 'name="notify_on_reply"' in content


def test_settings_page_saves_for_the_member(member, member_client):
    response = member_client.post(
        SETTINGS_URL,
        {"email_notifications": "immediately", "notify_on_mention": "on"},
        follow=True,
    )

    assert response.redirect_chain == [(SETTINGS_URL, HTTPStatus.FOUND)]
    assert b"Your notification settings are saved." in response.content
    member.refresh_from_db()
    assert member.email_notifications == EmailFrequency.IMMEDIATELY
    assert (member.follow_on_comment, member.notify_on_reply) == (False, False)
    assert member.notify_on_mention is True


@pytest.mark.parametrize(
    "value", ["sometimes", "", "<script>alert(1)</script>", "\x00", "OFF", "x" * 5000]
)
def test_settings_page_refuses_hostile_values_and_changes_nothing(
    member, member_client, value
):
    response = member_client.post(SETTINGS_URL, {"email_notifications": value})

    assert response.status_code == HTTPStatus.OK
    assert b"is-invalid" in response.content
    member.refresh_from_db()
    assert member.email_notifications == EmailFrequency.DAILY
    assert member.follow_on_comment is True


def test_settings_page_needs_a_csrf_token(member, csrf_client):
    csrf_client.force_login(member)

    response = csrf_client.post(SETTINGS_URL, {"email_notifications": "off"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    member.refresh_from_db()
    assert member.email_notifications == EmailFrequency.DAILY


def test_turning_email_off_in_settings_drops_what_was_waiting(
    member, member_client, say, mailoutbox
):
    waiting = due(member, say())

    member_client.post(SETTINGS_URL, {"email_notifications": "off"})
    run(send_digests)

    assert Notification.objects.get(pk=waiting.pk).email_due is False
    assert to(mailoutbox, member) == []


def test_profile_page_links_to_the_settings(member_client):
    response = member_client.get("/account/profile/")

    assert f'href="{SETTINGS_URL}"'.encode() in response.content


# --- mail backends for the tests above -----------------------------------------------


class CountingBackend(LocmemBackend):
    """The test outbox, counting the connections opened."""

    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()


class FlakyBackend(LocmemBackend):
    """The test outbox behind a server that drops the first `failures`
    sends."""

    failures = 0

    def send_messages(self, messages):
        if type(self).failures:
            type(self).failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
