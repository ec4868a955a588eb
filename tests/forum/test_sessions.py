"""Active sessions: every sign-in is recorded with its device, last seen is
refreshed at most every CAIRN_SESSION_SEEN_EVERY seconds, the page lists
the member's own devices, and "Sign out of all other sessions" ends every
other one of theirs and nobody else's (forum.sessions, forum.views.sessions
over allauth.usersessions)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.sessions import (
    SEEN_KEY,
    UNKNOWN_IP,
    device_name,
    devices,
    partial_ip,
)
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Safari/605.1.15"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"
)
SESSIONS = "/accounts/sessions/"


def signed_in(member, user_agent: str, ip: str) -> Client:
    """A browser of `member`'s, signed in through the sign-in page."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND, response.content[:500]
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("forum:profile_edit")).status_code == HTTPStatus.OK


def row_of(client: Client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


def session_queries(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == HTTPStatus.OK
    return [q["sql"] for q in queries if "usersessions_usersession" in q["sql"]]


def age_stamp(client: Client, seconds: int) -> None:
    """The session's note of when its row was last written, `seconds` older."""
    session = client.session
    key, at = session[SEEN_KEY]
    session[SEEN_KEY] = [key, at - seconds]
    session.save()


# --- recording --------------------------------------------------------------------


def test_sign_in_records_the_session_with_its_device_and_address(member):
    client = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")

    row = row_of(client)
    assert row.user == member
    assert row.user_agent == FIREFOX_WINDOWS
    assert row.ip == "203.0.113.9"
    assert UserSession.objects.filter(user=member).count() == 1


def test_force_login_without_an_address_records_the_session_as_unknown(member):
    client = Client()
    client.force_login(member)

    row = row_of(client)
    assert row.ip == UNKNOWN_IP
    assert row.user_agent == ""
    page = client.get(SESSIONS)
    assert "Unknown device" in page.text
    assert "Unknown" in page.text


def test_page_after_sign_in_asks_nothing_of_the_sessions_table(member):
    client = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")

    assert session_queries(client, reverse("forum:profile_edit")) == []


def test_last_seen_refreshed_at_most_every_few_minutes(member, settings):
    settings.CAIRN_SESSION_SEEN_EVERY = 300
    client = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")
    first = row_of(client).last_seen_at

    age_stamp(client, 299)
    assert session_queries(client, reverse("forum:profile_edit")) == []
    assert row_of(client).last_seen_at == first

    age_stamp(client, 2)  # 301 seconds since the row was written
    assert len(session_queries(client, reverse("forum:profile_edit"))) == 1
    assert row_of(client).last_seen_at > first
    # Then quiet again until the next few minutes have passed.
    assert session_queries(client, reverse("forum:profile_edit")) == []


def test_refresh_follows_the_device_to_a_new_network(member):
    client = signed_in(member, SAFARI_IPHONE, "198.51.100.20")
    age_stamp(client, 3600)

    client.get(reverse("forum:profile_edit"), REMOTE_ADDR="192.0.2.44")

    assert row_of(client).ip == "192.0.2.44"


def test_session_from_before_recording_is_recorded_on_its_next_request(member):
    client = Client(HTTP_USER_AGENT=CHROME_ANDROID, REMOTE_ADDR="203.0.113.5")
    client.force_login(member)
    UserSession.objects.all().delete()
    session = client.session
    del session[SEEN_KEY]
    session.save()

    client.get(reverse("forum:profile_edit"))

    row = row_of(client)
    assert (row.user, row.user_agent, row.ip) == (member, CHROME_ANDROID, "203.0.113.5")


def test_readers_requests_record_nothing(client):
    client.get("/")
    client.get(reverse("account_login"))

    assert not UserSession.objects.exists()


# --- the page ------------------------------------------------------------------------


def test_page_lists_the_members_devices_with_this_one_first(member):
    here = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")
    signed_in(member, SAFARI_IPHONE, "2001:db8:85a3::8a2e:370:7334")
    someone_else = MemberFactory(display_name="Other Olwen")
    signed_in(someone_else, EDGE_WINDOWS, "192.0.2.200")

    response = here.get(SESSIONS)

    assert response.status_code == HTTPStatus.OK
    listed = response.context["devices"]
    assert [d.name for d in listed] == ["Firefox on Windows", "Safari on iPhone"]
    assert [d.is_current for d in listed] == [True, False]
    text = response.text
    assert "This device" in text
    assert "203.0.x.x" in text and "2001:db8:\u2026" in text
    # Never a whole address, nor anyone else's device.
    assert "203.0.113.9" not in text and "8a2e" not in text
    assert "Edge on Windows" not in text and "192.0." not in text
    assert "Sign out of all other sessions" in text


def test_page_says_when_each_other_device_was_last_seen(member):
    here = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")
    there = signed_in(member, SAFARI_MAC, "198.51.100.7")
    seen = timezone.now() - timedelta(hours=3)
    UserSession.objects.filter(pk=row_of(there).pk).update(last_seen_at=seen)

    text = here.get(SESSIONS).text

    assert "3\xa0hours ago" in text or "3 hours ago" in text
    local = timezone.localtime(seen)
    assert f'datetime="{local.isoformat()}"' in text
    assert "Safari on macOS" in text


def test_page_with_one_session_offers_no_sign_out_of_others(member):
    client = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")

    text = client.get(SESSIONS).text

    assert "Sign out of all other sessions" not in text
    assert "signed in on this device only" in text


def test_page_needs_sign_in(client):
    response = client.get(SESSIONS)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_page_links_to_active_sessions(member_client):
    text = member_client.get(reverse("forum:profile_edit")).text

    assert f'href="{SESSIONS}">Active sessions</a>' in text


# --- signing out of the others -------------------------------------------------------


def test_sign_out_of_other_sessions_ends_them_and_keeps_this_one(member):
    here = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")
    phone = signed_in(member, SAFARI_IPHONE, "198.51.100.20")
    laptop = signed_in(member, SAFARI_MAC, "198.51.100.21")

    response = here.post(SESSIONS, follow=True)

    assert response.redirect_chain[0] == (SESSIONS, HTTPStatus.FOUND)
    assert "You are signed out on every other device" in response.text
    assert is_signed_in(here)
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)
    assert list(UserSession.objects.filter(user=member)) == [row_of(here)]
    assert [d.name for d in response.context["devices"]] == ["Firefox on Windows"]


def test_sign_out_of_other_sessions_leaves_another_members_alone(member):
    other = MemberFactory(display_name="Other Olwen")
    hers = [
        signed_in(other, EDGE_WINDOWS, "192.0.2.7"),
        signed_in(other, SAFARI_IPHONE, "192.0.2.8"),
    ]
    here = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")
    signed_in(member, SAFARI_MAC, "203.0.113.10")

    here.post(SESSIONS)

    assert all(is_signed_in(client) for client in hers)
    assert UserSession.objects.filter(user=other).count() == 2
    assert UserSession.objects.filter(user=member).count() == 1


def test_sign_out_of_other_sessions_by_a_reader_ends_nothing(member, client):
    phone = signed_in(member, SAFARI_IPHONE, "198.51.100.20")

    response = client.post(SESSIONS)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert is_signed_in(phone)


def test_sign_out_of_other_sessions_without_csrf_token_ends_nothing(member):
    here = Client(enforce_csrf_checks=True)
    here.force_login(member)
    phone = signed_in(member, SAFARI_IPHONE, "198.51.100.20")

    response = here.post(SESSIONS)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert is_signed_in(phone)
    assert UserSession.objects.filter(user=member).count() == 2


def test_suspended_member_may_sign_out_of_other_sessions(moderator):
    member = MemberFactory(display_name="Suspended Sami")
    services.suspend_member(member=member, moderator=moderator, days=7, reason="Rude.")
    here = signed_in(member, FIREFOX_WINDOWS, "203.0.113.9")
    phone = signed_in(member, SAFARI_IPHONE, "198.51.100.20")

    here.post(SESSIONS)

    assert not is_signed_in(phone)
    assert is_signed_in(here)


# --- names and addresses ----------------------------------------------------------


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (CHROME_ANDROID, "Chrome on Android"),
        (SAFARI_MAC, "Safari on macOS"),
        (EDGE_WINDOWS, "Edge on Windows"),
        ("curl/8.5.0", "curl"),
        ("", "Unknown device"),
        ("\x00<script>", "Unknown device"),
    ],
)
def test_device_name_is_browser_on_system(user_agent, name):
    assert device_name(user_agent) == name


@pytest.mark.parametrize(
    ("ip", "shown"),
    [
        ("203.0.113.9", "203.0.x.x"),
        ("2001:db8:85a3::8a2e:370:7334", "2001:db8:\u2026"),
        ("2001:0db8:0000::1", "2001:db8:\u2026"),
        ("::1", "0:0:\u2026"),
        (UNKNOWN_IP, ""),
        ("::", ""),
        ("not an address", ""),
    ],
)
def test_partial_ip_shows_the_first_two_parts_only(ip, shown):
    assert partial_ip(ip) == shown


def test_devices_lists_this_one_first_then_the_most_recently_seen(member):
    now = timezone.now()
    rows = [
        UserSession(
            pk=n,
            user=member,
            session_key=f"key-{n}",
            ip="192.0.2.1",
            user_agent=FIREFOX_WINDOWS,
            created_at=now - timedelta(days=n),
            last_seen_at=now - timedelta(hours=hours),
        )
        for n, hours in ((1, 5), (2, 1), (3, 9))
    ]

    listed = devices(rows, current_key="key-3")

    assert [d.pk for d in listed] == [3, 2, 1]
