"""Mail leaves Cairn through a task, never inside a request.

A request renders its message and queues it (`queue_message`); the task
worker (`manage.py db_worker`, which `make run` starts beside the web server)
sends it through Django's mail framework (`MAILERS["default"]`). So a mail
server that is down, slow or refusing cannot turn a sign-up, a password reset
or a post into an error page: the page answers as usual and the message
waits in the queue.

Retries: a send that fails in a way a later attempt may not (the connection
refused or timed out, the server answered with an SMTP error) queues the
message again after the next of `RETRY_DELAYS` (1, 5, 15, 60, 240 minutes:
six attempts over about five and a half hours). After the last one the task
gives up: an error in the log and a FAILED task result in the admin. Any
other error (a message that cannot be built) fails at once: trying again
would not help.

With the database backend the task row is written in the request's own
transaction when there is one, so a message is queued exactly when what it
announces is committed. A task backend that cannot schedule (the immediate
backend of the test settings) sends at once and gives up after one failure.

Privacy: the task's arguments hold the whole message, as they must to send
it later, so they stay in the database until task results are pruned
(`manage.py prune_db_task_results`). The log never holds the body, the
subject or the address: an attempt is logged with a reference that follows
the message through its retries, the recipients' domains and the error's
class and SMTP code (an SMTP error's text can quote the address).
"""

import logging
import smtplib
import uuid
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.handler import DEFAULT_MAILER_ALIAS
from django.tasks import TaskResult, task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Minutes to wait before each new attempt; one attempt more than delays.
RETRY_DELAYS = (1, 5, 15, 60, 240)
# Failures another attempt may not meet: every SMTP error, and network
# errors (ConnectionRefusedError, TimeoutError, ssl.SSLError are OSErrors).
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


class MailNotSent(Exception):
    """The task gave up on a message; its text holds no address."""


def queue_message(message: EmailMessage) -> TaskResult:
    """Queue `message` to be sent by the task worker; returns the task result.

    The message must be complete (rendered, addressed); attachments are
    refused, since Cairn's mail has none and a task argument is JSON."""
    reference = uuid.uuid4().hex[:12]
    result = send_message.enqueue(message=message_to_json(message), reference=reference)
    logger.info("Mail %s queued for %s", reference, _domains(message.recipients()))
    return result


@task
def send_message(*, message: dict, reference: str, attempt: int = 1) -> dict:
    """Send one queued message; on a transient failure queue the next attempt."""
    email = message_from_json(message)
    try:
        sent = email.send(using=DEFAULT_MAILER_ALIAS)
    except TRANSIENT_ERRORS as error:
        return _retry_or_give_up(message, reference, attempt, error)
    logger.info("Mail %s sent (attempt %d)", reference, attempt)
    return {"sent": sent, "attempt": attempt}


def _retry_or_give_up(
    message: dict, reference: str, attempt: int, error: BaseException
) -> dict:
    attempts = len(RETRY_DELAYS) + 1
    why = _describe(error)
    recipients = _domains([*message["to"], *message["cc"], *message["bcc"]])
    if attempt >= attempts or not send_message.get_backend().supports_defer:
        logger.error(
            "Mail %s for %s not sent: attempt %d of %d failed (%s); giving up",
            reference,
            recipients,
            attempt,
            attempts,
            why,
        )
        # `from None`: the original error's text may quote the address, and
        # the task result stores this exception's traceback.
        raise MailNotSent(
            f"Mail {reference} not sent after {attempt} attempts ({why})"
        ) from None
    delay = timedelta(minutes=RETRY_DELAYS[attempt - 1])
    retry = send_message.using(run_after=timezone.now() + delay).enqueue(
        message=message, reference=reference, attempt=attempt + 1
    )
    logger.warning(
        "Mail %s for %s not sent: attempt %d of %d failed (%s); retrying in %d minutes",
        reference,
        recipients,
        attempt,
        attempts,
        why,
        RETRY_DELAYS[attempt - 1],
    )
    return {"sent": 0, "attempt": attempt, "retry": retry.id}


def message_to_json(message: EmailMessage) -> dict[str, Any]:
    """`message` as JSON-serialisable task arguments."""
    if message.attachments:
        raise ValueError("Queued mail cannot carry attachments.")
    alternatives = []
    for content, mimetype in getattr(message, "alternatives", []):
        if not isinstance(content, str):
            raise ValueError("Queued mail alternatives must be text.")
        alternatives.append([content, mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": alternatives,
    }


def message_from_json(data: dict[str, Any]) -> "Message":
    email = Message(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(pair) for pair in data["alternatives"]],
    )
    email.content_subtype = data["content_subtype"]
    return email


def _domains(addresses: list[str]) -> str:
    """Where mail goes, without who: "a recipient at example.org"."""
    domains = sorted({address.rpartition("@")[2].rstrip(">") for address in addresses})
    if not domains:
        return "no recipient"
    return "a recipient at " + ", ".join(domains)


def _describe(error: BaseException) -> str:
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


class UnfoldedHeader(str):
    """A header value the email package writes on one line, whatever its
    length (RFC 5322 allows 998 characters). Python folds a long header
    with no space in it by turning it into RFC 2047 encoded words
    (cpython#85725), and mail providers then do not recognise the
    List-Unsubscribe URL (RFC 2369 wants it between angle brackets), so
    they show no "Unsubscribe" button. Stored as-is by the policy because
    it has a `name`; written by its own `fold`."""

    def __new__(cls, name: str, value: str):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


class Message(EmailMultiAlternatives):
    """Cairn's email: one whose List-Unsubscribe header survives on one
    line (notification email carries it; a queued message is rebuilt as
    this class, so a retried one keeps it too)."""

    UNFOLDED = ("List-Unsubscribe",)

    def message(self, **kwargs):
        msg = super().message(**kwargs)
        for name in self.UNFOLDED:
            value = msg.get(name)
            if value is not None:
                del msg[name]
                msg[name] = UnfoldedHeader(name, str(value))
        return msg
