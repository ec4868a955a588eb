"""Mail never breaks a page: account mail is rendered in the request, queued,
and sent by the task worker, which retries a failed send with back-off and
finally gives up with an error in the log.

These tests use the real queue (django-tasks-db's DatabaseBackend) and run
its worker the way `manage.py db_worker --batch` does; the mail server is a
real mail backend class that fails, configured through MAILERS."""

import json
import logging
import re
import smtplib
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from forum.tasks import (
    RETRY_DELAYS,
    message_from_json,
    message_to_json,
    queue_message,
)
from tests.factories import MemberFactory

SIGNUP_PASSWORD = "slow-river-lanterns-58"
CONFIRM_LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^\s/]+/)")
RESET_LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/[^\s]+/)")
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class ServerDownBackend(BaseEmailBackend):
    """A mail server nobody answers at (connection refused)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class TemporaryFailureBackend(BaseEmailBackend):
    """A mail server that answers with a temporary SMTP error quoting the
    recipient, as real servers do."""

    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPDataError(451, f"<{recipient}>: try again later".encode())


def mailer(backend: type[BaseEmailBackend]) -> dict:
    return {"default": {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"}}


# Worker runs commit, as in production: a transactional database, restored
# afterwards with the rows the data migrations made (groups, disclaimer).
db_queue = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def queue(settings):
    """The production task backend instead of the tests' immediate one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def mail_down(settings, queue):
    settings.MAILERS = mailer(ServerDownBackend)


def run_worker() -> None:
    """Run every task that is due, then stop: `manage.py db_worker --batch`."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status=TaskResultStatus.READY))


def make_waiting_tasks_due() -> None:
    """The clock runs on past every scheduled retry."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def sign_up(client: Client, email: str = "ada.newcomer@example.org"):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": "Ada Newcomer",
            "email": email,
            "password1": SIGNUP_PASSWORD,
            "password2": SIGNUP_PASSWORD,
        },
    )


def link_in(message, pattern: re.Pattern) -> str:
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


def assert_one_retry_scheduled(minutes: int) -> None:
    [retry] = waiting()
    wait = retry.run_after - timezone.now()
    assert timedelta(minutes=minutes) - timedelta(seconds=30) < wait
    assert wait <= timedelta(minutes=minutes)


# Sign-up and password reset with the mail server down


@db_queue
def test_signup_mail_server_down_answers_normally_and_queues_the_link(
    client, mail_down, mailoutbox
):
    response = sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    page = client.get(response.url)
    assert page.status_code == HTTPStatus.OK
    assert "We sent a link to" in page.text
    assert len(waiting()) == 1
    assert mailoutbox == []


@db_queue
def test_signup_mail_server_down_retry_delivers_once_it_is_back(
    client, settings, mail_down, mailoutbox
):
    sign_up(client)

    run_worker()

    assert mailoutbox == []
    assert_one_retry_scheduled(minutes=RETRY_DELAYS[0])
    settings.MAILERS = LOCMEM
    run_worker()
    assert mailoutbox == [], "the retry waits for its time"
    make_waiting_tasks_due()
    run_worker()
    [message] = mailoutbox
    assert message.to == ["ada.newcomer@example.org"]
    Client().post(link_in(message, CONFIRM_LINK))
    assert EmailAddress.objects.get(email="ada.newcomer@example.org").verified
    assert waiting() == []


@db_queue
def test_password_reset_mail_server_down_answers_normally(client, mail_down):
    member = MemberFactory()

    response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_reset_password_done")
    assert client.get(response.url).status_code == HTTPStatus.OK
    assert len(waiting()) == 1


@db_queue
def test_password_reset_mail_server_down_retry_delivers_a_working_link(
    client, settings, mail_down, mailoutbox
):
    member = MemberFactory()
    client.post(reverse("account_reset_password"), {"email": member.email})

    run_worker()
    assert_one_retry_scheduled(minutes=RETRY_DELAYS[0])
    settings.MAILERS = LOCMEM
    make_waiting_tasks_due()
    run_worker()

    [message] = mailoutbox
    assert message.to == [member.email]
    form = client.get(link_in(message, RESET_LINK), follow=True)
    new_password = "a-fresh-passphrase-after-the-outage"
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.check_password(new_password)


@db_queue
def test_signup_mail_is_not_sent_in_the_request(client, settings, queue, mailoutbox):
    settings.MAILERS = LOCMEM

    sign_up(client)

    assert mailoutbox == []
    run_worker()
    assert len(mailoutbox) == 1


# Retries: back-off, a bounded number, and a log without the message


@db_queue
def test_send_failing_every_time_backs_off_then_gives_up_with_logged_error(
    settings, queue, caplog, mailoutbox
):
    settings.MAILERS = mailer(TemporaryFailureBackend)
    caplog.set_level(logging.INFO)
    address = "private.person@example.net"
    body = "Your link: http://testserver/secret-token-xyz/"
    queue_message(EmailMessage("Private subject", body, None, [address]))

    delays = []
    for _attempt in RETRY_DELAYS:
        run_worker()
        [retry] = waiting()
        delays.append(round((retry.run_after - timezone.now()).total_seconds() / 60))
        make_waiting_tasks_due()
    run_worker()

    assert delays == list(RETRY_DELAYS)
    assert waiting() == []
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert results.count() == len(RETRY_DELAYS) + 1
    assert results.last().status == TaskResultStatus.FAILED
    assert mailoutbox == []
    retried = [r for r in caplog.records if "retrying in" in r.getMessage()]
    gave_up = [r for r in caplog.records if "giving up" in r.getMessage()]
    assert [r.levelno for r in retried] == [logging.WARNING] * len(RETRY_DELAYS)
    assert [r.levelno for r in gave_up] == [logging.ERROR]
    assert "SMTPDataError 451" in gave_up[0].getMessage()
    assert "example.net" in gave_up[0].getMessage()
    for secret in ["private.person", "Private subject", "secret-token-xyz"]:
        assert secret not in caplog.text
        assert secret not in results.last().traceback


@db_queue
def test_send_error_that_cannot_be_retried_fails_at_once(settings, queue):
    settings.MAILERS = LOCMEM
    message = EmailMessage("Hello", "Body", None, ["someone@example.org"])
    message.extra_headers["Bcc"] = "not-allowed@example.org"
    queue_message(message)

    run_worker()

    assert waiting() == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


# The message survives the queue


def test_message_through_json_keeps_every_part():
    message = EmailMultiAlternatives(
        subject="Replies to a discussion you follow",
        body="Plain text part",
        from_email="Cairn <no-reply@cairn.example>",
        to=["reader@example.org"],
        cc=["copy@example.org"],
        bcc=["blind@example.org"],
        reply_to=["desk@cairn.example"],
        headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative("<p>HTML part</p>", "text/html")

    data = json.loads(json.dumps(message_to_json(message)))
    copy = message_from_json(data)

    for attribute in ["subject", "body", "from_email", "to", "cc", "bcc"]:
        assert getattr(copy, attribute) == getattr(message, attribute)
    assert copy.reply_to == message.reply_to
    assert copy.extra_headers == message.extra_headers
    assert [tuple(a) for a in copy.alternatives] == [("<p>HTML part</p>", "text/html")]
    assert copy.message().as_bytes().count(b"HTML part") == 1


def test_a_queued_message_keeps_a_long_list_unsubscribe_on_one_line():
    """A retried notification is rebuilt from JSON: its unsubscribe header
    must still be one line a mail provider can read (forum.tasks.Message)."""
    url = "https://cairn.example/unsubscribe/" + "x" * 120 + "/"
    message = EmailMultiAlternatives(
        "Hello",
        "Body",
        None,
        ["reader@example.org"],
        headers={"List-Unsubscribe": f"<{url}>"},
    )

    copy = message_from_json(json.loads(json.dumps(message_to_json(message))))

    assert f"\r\nList-Unsubscribe: <{url}>\r\n" in copy.message().as_string(
        policy=copy.message().policy.clone(linesep="\r\n")
    )


def test_message_with_html_only_body_keeps_its_content_type():
    message = EmailMessage("Hello", "<p>Only HTML</p>", None, ["reader@example.org"])
    message.content_subtype = "html"

    copy = message_from_json(message_to_json(message))

    assert copy.message().get_content_type() == "text/html"


def test_message_with_attachment_refused():
    message = EmailMessage("Hello", "Body", None, ["reader@example.org"])
    message.attach("notes.txt", "text", "text/plain")

    with pytest.raises(ValueError, match="attachments"):
        message_to_json(message)
