""" "Resend the link" on the "check your inbox" page: a fresh confirmation
link, the same answer for every address, and allauth's rate limits."""

import re
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP_PASSWORD = "amber-meadow-kites-73"
CONFIRM_LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^\s/]+/)")
PAGE = "/accounts/confirm-email/"
RESEND_BUTTON = "Resend the link</button>"


@pytest.fixture
def later(monkeypatch):
    """Move the clock on by `seconds` (allauth's rate limits read time.time)."""

    def _later(seconds: float) -> None:
        now = time.time() + seconds
        monkeypatch.setattr(time, "time", lambda: now)

    return _later


def sign_up(client: Client, email: str = "lena.ward@example.org"):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": "Lena Ward",
            "email": email,
            "password1": SIGNUP_PASSWORD,
            "password2": SIGNUP_PASSWORD,
        },
    )


def resend(client: Client, **data):
    return client.post(reverse("account_email_verification_sent"), data, follow=True)


def confirm_links(mailoutbox) -> list[str]:
    return [m[1] for m in (CONFIRM_LINK.search(msg.body) for msg in mailoutbox) if m]


def notice(response) -> str:
    """The page's last message (sign-up leaves its own before it)."""
    return [str(m) for m in response.context["messages"]][-1]


def test_verification_sent_url_is_cairns_page():
    assert reverse("account_email_verification_sent") == PAGE


def test_check_inbox_page_after_signup_names_address_and_offers_resend(client):
    response = sign_up(client)

    page = client.get(response.url)

    assert page.status_code == HTTPStatus.OK
    assert "<strong>lena.ward@example.org</strong>" in page.text
    assert RESEND_BUTTON in page.text
    assert 'name="email"' not in page.text


def test_check_inbox_page_without_pending_signup_asks_for_address(client):
    page = client.get(PAGE)

    assert page.status_code == HTTPStatus.OK
    assert RESEND_BUTTON in page.text
    assert '<input type="email" name="email"' in page.text


def test_resend_after_signup_sends_a_fresh_link_that_confirms(
    client, mailoutbox, later
):
    sign_up(client)
    later(181)

    response = resend(client)

    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain == [(PAGE, HTTPStatus.FOUND)]
    assert "If lena.ward@example.org belongs to a Cairn account" in notice(response)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["lena.ward@example.org"]
    [_first, fresh] = confirm_links(mailoutbox)
    Client().post(fresh)
    assert EmailAddress.objects.get(email="lena.ward@example.org").verified


def test_resend_right_after_signup_asks_to_wait_and_sends_nothing(client, mailoutbox):
    sign_up(client)

    response = resend(client)

    assert response.status_code == HTTPStatus.OK
    assert "at most once every few minutes" in notice(response)
    assert len(mailoutbox) == 1


def test_sign_in_unverified_offers_resend_that_sends_a_link(mailoutbox, later):
    member = MemberFactory(verified=False)
    browser = Client()

    signed_in = browser.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}
    )
    page = browser.get(signed_in.url)
    later(181)
    response = resend(browser)

    assert signed_in.url == PAGE
    assert RESEND_BUTTON in page.text
    assert f"<strong>{member.email}</strong>" in page.text
    assert [m.to for m in mailoutbox] == [[member.email], [member.email]]
    assert len(confirm_links(mailoutbox)) == 2
    assert "belongs to a Cairn account" in notice(response)


def test_resend_typed_address_of_unverified_member_sends_a_link(mailoutbox):
    member = MemberFactory(verified=False)

    response = resend(Client(), email=member.email)

    assert response.status_code == HTTPStatus.OK
    [message] = mailoutbox
    assert message.to == [member.email]
    assert confirm_links(mailoutbox)


def test_resend_unknown_address_answers_like_a_known_one(mailoutbox):
    member = MemberFactory(verified=False)

    known = resend(Client(), email=member.email)
    unknown = resend(Client(), email="nobody.here@example.org")

    assert unknown.status_code == known.status_code == HTTPStatus.OK
    assert unknown.redirect_chain == known.redirect_chain
    assert notice(unknown) == notice(known).replace(
        member.email, "nobody.here@example.org"
    )
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_resend_confirmed_address_sends_no_link_only_a_sign_in_reminder(
    mailoutbox,
):
    member = MemberFactory()

    response = resend(Client(), email=member.email)

    assert "belongs to a Cairn account" in notice(response)
    [message] = mailoutbox
    assert message.to == [member.email]
    assert confirm_links(mailoutbox) == []
    assert reverse("account_reset_password") in message.body


def test_resend_invalid_address_reshown_with_error_and_nothing_sent(mailoutbox):
    response = Client().post(PAGE, {"email": "not-an-address"})

    assert response.status_code == HTTPStatus.OK
    assert 'aria-invalid="true"' in response.text
    assert "not-an-address" in response.text
    assert mailoutbox == []


def test_resend_address_longer_than_the_column_refused(mailoutbox):
    too_long = "a" * 250 + "@example.org"

    response = Client().post(PAGE, {"email": too_long})

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["email"]
    assert mailoutbox == []


def test_resend_one_client_many_addresses_limited_per_client(mailoutbox):
    member = MemberFactory(verified=False)
    browser = Client()
    for number in range(10):
        resend(browser, email=f"walker{number}@example.org")

    response = resend(browser, email=member.email)

    assert "at most once every few minutes" in notice(response)
    assert mailoutbox == []


def test_resend_without_csrf_token_forbidden_and_sends_nothing(csrf_client, mailoutbox):
    member = MemberFactory(verified=False)

    response = csrf_client.post(PAGE, {"email": member.email})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert mailoutbox == []


TOKEN = "b" * 32  # an unmasked CSRF secret, as a browser's cookie holds it
SIGNED_IN = {
    "unverified": lambda: MemberFactory(verified=False),
    "member": MemberFactory,
    "suspended": lambda: MemberFactory(
        suspended_until=timezone.now() + timedelta(days=3)
    ),
    "staff": lambda: MemberFactory(is_staff=True),
}


@pytest.mark.parametrize("with_token", [True, False], ids=["csrf", "no-csrf"])
@pytest.mark.parametrize("role", ["anonymous", *SIGNED_IN])
def test_resend_any_role_with_token_answered_without_token_refused(
    role, with_token, mailoutbox
):
    """ "Resend the link" beside the role × write matrix (test_write_matrix.py
    covers forum.urls; this page is allauth's URL): anyone may ask, nobody
    without a CSRF token."""
    waiting = MemberFactory(verified=False)
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(SIGNED_IN[role]())
    client.cookies["csrftoken"] = TOKEN
    data = {"email": waiting.email}
    if with_token:
        data["csrfmiddlewaretoken"] = TOKEN

    response = client.post(PAGE, data)

    if with_token:
        assert response.status_code == HTTPStatus.FOUND
        assert [m.to for m in mailoutbox] == [[waiting.email]]
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert mailoutbox == []
