"""Nothing is silently changed on the way in, and a redirect target taken from
a request is a path on this site, never a view name (issue 15)."""

import html
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from forum.disclaimers import current_disclaimer
from forum.models import Acceptance, Comment, Member
from forum.redirects import local_path
from tests.factories import PASSWORD
from tests.forum.conftest import client_for

# --- redirect targets -----------------------------------------------------

# Each would be looked up as a view name by redirect() if passed on as given.
VIEW_NAMES = ["forum:profile_edit", "home", "articles:article_detail", "account_email"]
NOT_PATHS = [
    *VIEW_NAMES,
    "",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "\u0301\u0301",
    "x\x01y",
    "/page\x00",
    "/page\u202e",
    "../account/profile/",
]


@pytest.mark.parametrize("value", NOT_PATHS)
def test_local_path_refuses_what_is_not_a_path_on_this_site(rf, value):
    assert local_path(value, rf.get("/")) is None


@pytest.mark.parametrize(
    "value", ["/", "/articles/notes/?from=0001#new-comment", "/c/12/reply/"]
)
def test_local_path_keeps_a_path_on_this_site(rf, value):
    assert local_path(value, rf.get("/")) == value


def _location(response) -> str:
    assert response.status_code == HTTPStatus.FOUND, response.status_code
    return response["Location"]


@pytest.mark.parametrize("value", VIEW_NAMES)
def test_sign_in_next_is_never_looked_up_as_a_view_name(client, member, value):
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD, "next": value},
    )
    assert _location(response) == "/"


@pytest.mark.parametrize("value", VIEW_NAMES)
def test_sign_out_next_is_never_looked_up_as_a_view_name(member_client, value):
    response = member_client.post(reverse("account_logout"), {"next": value})
    assert _location(response) == "/"


@pytest.mark.parametrize("value", VIEW_NAMES)
def test_signed_out_sign_out_next_is_never_looked_up_as_a_view_name(db, client, value):
    response = client.get(reverse("account_logout"), {"next": value})
    assert _location(response) == "/"


def test_sign_in_next_that_is_a_path_is_followed(client, member):
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD, "next": "/disclaimer/"},
    )
    assert _location(response) == "/disclaimer/"


@pytest.mark.parametrize("value", [*VIEW_NAMES, "\u0301", "x\x01", "a" * 10_000])
def test_disclaimer_next_is_never_looked_up_as_a_view_name(member, value):
    response = client_for(member).post(
        reverse("forum:disclaimer_accept"),
        {"version": current_disclaimer().version, "next": value},
    )
    assert _location(response) != reverse("forum:profile_edit")
    assert Acceptance.objects.filter(member=member).exists()


# --- email addresses that would not fit ------------------------------------

# 267 characters: Django's EmailField takes up to 320, the column 254.
LONG_EMAIL = "a" * 255 + "@example.org"


def test_long_email_is_refused_at_sign_up_with_a_clear_message(db, client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Long Address",
            "email": LONG_EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "up to 254 characters; this one has 267" in response.text
    assert not Member.objects.filter(display_name="Long Address").exists()
    assert not EmailAddress.objects.filter(email__startswith="aaaa").exists()
    assert mailoutbox == []


def test_long_email_is_refused_on_the_email_page_with_a_clear_message(
    member_client, member, mailoutbox
):
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": LONG_EMAIL}
    )
    assert response.status_code == HTTPStatus.OK
    assert "up to 254 characters; this one has 267" in response.text
    assert list(EmailAddress.objects.filter(user=member).values_list("email")) == [
        (member.email,)
    ]
    assert mailoutbox == []


def test_email_of_exactly_254_characters_is_taken_whole(db, client):
    email = "b" * 242 + "@example.org"
    assert len(email) == 254
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Full Length",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert Member.objects.get(display_name="Full Length").email == email


# --- comment text ---------------------------------------------------------

INVISIBLE = {
    "spaces": " \t \u3000 ",
    "zero-width": "\u200b\u200c\u200d\u2060\ufeff",
    "bidi-marks": "\u202e\u2066\u2069\u200e\u200f",
    "controls": "\x01\x02\x1b\x7f",
    "line-breaks": "\r\r\n\n\x0b\x0c\u2028",
    "combining-marks-alone": "\u0301\u0336",
    "blank-letters": "\u3164\u2800\u115f",
    "soft-hyphen": "\u00ad",
    "mixed": " \u200b\r\n\u202e\x07 ",
}


@pytest.mark.parametrize("body", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_comment_without_visible_characters_is_refused_as_empty(
    discussion, poster, body
):
    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/", {"body": body}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Write something before posting." in response.text
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("one\rtwo\r\nthree\nfour", "one\ntwo\nthree\nfour"),
        (
            "page\x0cbreak and\x0bline\x85next\u2028line",
            "page\nbreak and\nline\nnext\nline",
        ),
        ("Bell\x07 and\x1b escape\x7f gone\x9b", "Bell and escape gone"),
        ("Tabs\tstay", "Tabs\tstay"),
        (
            "\u05e9\u05dc\u05d5\u05dd \u200fmarks\u200d stay",
            "\u05e9\u05dc\u05d5\u05dd \u200fmarks\u200d stay",
        ),
    ],
    ids=["line-endings", "other-line-breaks", "controls-removed", "tab", "marks-kept"],
)
def test_comment_text_is_stored_normalised(
    discussion, poster, no_rate_limits, typed, stored
):
    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/", {"body": typed}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().body == stored


def test_edited_comment_text_is_stored_normalised(top, columnist):
    response = client_for(columnist).post(
        f"/c/{top.pk}/edit/", {"body": "Changed\rmy mind\x07"}
    )
    assert response.status_code == HTTPStatus.FOUND
    top.refresh_from_db()
    assert top.body == "Changed\nmy mind"


def _textarea(response, marker: str) -> str:
    """The text a browser puts in the textarea whose tag contains `marker`:
    the HTML parser drops one line break right after the opening tag."""
    match = re.search(
        rf"<textarea[^>]*{marker}[^>]*>(.*?)</textarea>", response.text, re.S
    )
    assert match, f"no textarea with {marker}"
    text = html.unescape(match.group(1))
    return text.removeprefix("\n")


TYPED = "\n\nMy text  "


def test_rate_limited_comment_comes_back_exactly_as_typed(discussion, poster, settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = [(1, 60)]
    client = client_for(poster)
    client.post(f"/discussions/{discussion.pk}/comments/", {"body": "First one"})
    response = client.post(f"/discussions/{discussion.pk}/comments/", {"body": TYPED})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert _textarea(response, 'name="body"') == TYPED


def test_too_long_comment_comes_back_exactly_as_typed(discussion, poster, settings):
    typed = TYPED + "x" * settings.CAIRN_COMMENT_MAX_LENGTH
    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/", {"body": typed}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _textarea(response, 'name="body"') == typed


def test_refused_htmx_reply_comes_back_exactly_as_typed(top, poster, settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = [(1, 60)]
    client = client_for(poster)
    client.post(f"/c/{top.pk}/reply/", {"body": "First one"})
    response = client.post(
        f"/c/{top.pk}/reply/", {"body": TYPED}, headers={"HX-Request": "true"}
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert _textarea(response, 'name="body"') == TYPED


def test_edit_after_window_closed_keeps_the_text_exactly_as_typed(
    top, columnist, settings
):
    Comment.objects.filter(pk=top.pk).update(
        created_at=timezone.now()
        - timedelta(seconds=settings.CAIRN_COMMENT_EDIT_WINDOW + 5)
    )
    response = client_for(columnist).post(f"/c/{top.pk}/edit/", {"body": TYPED})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert _textarea(response, 'id="kept-') == TYPED


def test_empty_comment_form_textarea_starts_empty(discussion, poster):
    response = client_for(poster).get(f"/discussions/{discussion.pk}/comments/")
    assert _textarea(response, 'name="body"') == ""


# --- topic titles (community.services.topics.clean_title) ----------------

TOPIC_BODY = "What helped you in the first weeks?"


@pytest.fixture
def room(db):
    from tests.factories import CategoryFactory

    return CategoryFactory(name="Hostile room", slug="hostile-room")


@pytest.mark.parametrize("title", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_topic_title_without_visible_characters_is_refused(room, poster, title):
    from community.models import Topic

    response = client_for(poster).post(
        "/community/hostile-room/start/", {"title": title, "body": TOPIC_BODY}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Give your topic a title." in response.text
    assert TOPIC_BODY in response.text
    assert not Topic.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Line\rbreaks\r\nin a\ntitle", "Line breaks in a title"),
        ("Bell\x07 and\x1b escape\x7f gone", "Bell and escape gone"),
        ("\u202eReversed\u2066 title here", "\u202eReversed\u2066 title here"),
        ("  Spaces   all   around  ", "Spaces all around"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ],
    ids=["line-breaks", "controls-removed", "bidi-kept", "spaces", "markup-as-text"],
)
def test_topic_title_is_stored_as_one_clean_line(
    room, poster, no_rate_limits, typed, stored
):
    from community.models import Topic

    response = client_for(poster).post(
        "/community/hostile-room/start/", {"title": typed, "body": TOPIC_BODY}
    )
    assert response.status_code == HTTPStatus.FOUND
    topic = Topic.objects.get()
    assert topic.title == stored
    page = client_for(poster).get(topic.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(
    "title",
    ["Short", "x" * 121, "Null\x00 inside a title", "\n\nSeven\n"],
    ids=["too-short", "too-long", "nul", "short-after-cleaning"],
)
def test_refused_topic_title_comes_back_exactly_as_typed(room, poster, title):
    from community.models import Topic

    response = client_for(poster).post(
        "/community/hostile-room/start/", {"title": title, "body": TOPIC_BODY}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Topic.objects.exists()
    if "\x00" not in title:
        found = re.search(
            r'<input type="text" name="title"[^>]*value="([^"]*)"', response.text
        )
        assert found and html.unescape(found.group(1)) == title
