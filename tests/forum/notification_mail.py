"""What the notification email tests share (test_notification_email.py,
_digest.py and _settings.py): helpers, and mail backends that count
connections or fail. Their fixtures (`reader`, `writer`, `say`,
`mail_site`) are in tests/forum/conftest.py.

Notifications are written directly (`due`), so these tests do not depend
on who the fan-out tells; the fan-out's own rows are cleared first (`say`).
"""

import email
import email.policy
import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.tasks import TaskResultStatus

from forum.models import Member, Notification

SITE = "https://cairn.example"
Why = Notification.Reason
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
# serialized_rollback: the disclaimer and groups come from data migrations.
in_real_transactions = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
