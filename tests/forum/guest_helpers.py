"""What the guest comment tests share: switching guests on, sending a
guest comment, and reading the link out of the real mail."""

import re

import pytest

from forum.services import guests

GUEST_NAME = "Marguerite B"
GUEST_EMAIL = "Marguerite.B@Guest.example"
GUEST_BODY = "I was diagnosed last week. How did you tell your children?"
IP = "198.51.100.7"


@pytest.fixture
def guests_on(settings):
    settings.CAIRN_GUEST_COMMENTS = True
    settings.CAIRN_SITE_URL = "https://cairn.test"


def send(discussion, *, parent=None, **changes):
    values = {
        "discussion": discussion,
        "parent": parent,
        "name": GUEST_NAME,
        "email": GUEST_EMAIL,
        "body": GUEST_BODY,
        "ip": IP,
        "accepted_disclaimer": True,
    }
    values.update(changes)
    return guests.send_guest_comment(**values)


_LINK = re.compile(r"https?://\S+/guests/confirm/(?P<token>[^/\s]+)/")


def token_in(message) -> str:
    """The confirmation token in a mailed message's text part."""
    return _LINK.search(message.body)["token"]


def path_in(message) -> str:
    return f"/guests/confirm/{token_in(message)}/"
