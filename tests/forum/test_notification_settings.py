"""One-click unsubscribe (RFC 8058) and the notification settings page
(forum.services.notification_settings)."""

from http import HTTPStatus

import pytest
from django.core import signing
from django.test import Client

from forum.models import EmailFrequency, Notification
from forum.services import notification_settings
from forum.services.notification_digest import send_digests
from forum.services.notification_settings import Unsubscribe, unsubscribe_token
from tests.forum.notification_mail import (
    due,
    run,
    to,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits", "mail_site")


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
