"""Reading comfort: text size and theme, saved on a member's account and in
every browser's cookie, and drawn on <html> by the server
(forum.services.comfort, forum.views.comfort)."""

import re
from datetime import timedelta
from http import HTTPStatus
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from forum import services
from forum.models import Member, TextSize, Theme
from forum.services import comfort
from forum.services.comfort import COOKIE_NAME, Comfort, comfort_for, update_comfort
from tests.factories import ArticleFactory, MemberFactory
from tests.test_hostile_values import HOSTILE

URL = "/comfort/"
TOKEN = "b" * 32  # an unmasked CSRF secret, as a browser's cookie holds it
HTML_TAG = re.compile(r"<html[^>]*>")


def html_tag(response) -> str:
    return HTML_TAG.search(response.text).group(0)


def drawn_with(response) -> tuple[str, str]:
    """(text size, theme) the page's <html> carries."""
    tag = html_tag(response)
    size = re.search(r'class="text-(\w+)"', tag).group(1)
    theme = re.search(r'data-theme="(\w+)"', tag).group(1)
    return size, theme


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def saved(member) -> tuple[str, str]:
    member.refresh_from_db()
    return member.text_size, member.theme


# --- the service ----------------------------------------------------------------


def test_update_comfort_saves_both_choices_on_the_account(member):
    returned = update_comfort(member=member, text_size="xl", theme="contrast")

    assert saved(member) == ("xl", "contrast")
    assert (returned.text_size, returned.theme) == ("xl", "contrast")


@pytest.mark.parametrize(
    ("text_size", "theme"), [("huge", "calm"), ("lg", "dark"), ("", "auto")]
)
def test_update_comfort_refuses_a_value_that_is_not_a_choice(member, text_size, theme):
    update_comfort(member=member, text_size="lg", theme="calm")

    with pytest.raises(ValidationError):
        update_comfort(member=member, text_size=text_size, theme=theme)

    assert saved(member) == ("lg", "calm")


def test_update_comfort_changes_nothing_else_about_the_member(member):
    before = Member.objects.filter(pk=member.pk).values().get()

    update_comfort(member=member, text_size="xxl", theme="calm")

    after = Member.objects.filter(pk=member.pk).values().get()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"text_size", "theme"}


def test_update_comfort_is_open_to_a_member_whose_name_fails_todays_rules(member):
    # A name from before a rule was tightened: writing it directly.
    Member.objects.filter(pk=member.pk).update(display_name="x")

    update_comfort(member=member, text_size="lg", theme="auto")

    assert saved(member) == ("lg", "auto")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("lg.contrast", Comfort("lg", "contrast")),
        ("xxl.calm", Comfort("xxl", "calm")),
        ("md.auto", Comfort("md", "auto")),
        (None, None),
        ("", None),
        ("lg", None),
        ("lg.", None),
        ("huge.calm", None),
        ("lg.contrast.extra", None),
        ("LG.CONTRAST", None),
        ("lg.contrast\x00", None),
        ("\ud800.calm", None),
        ("x" * 10_000, None),
    ],
)
def test_read_cookie_knows_only_the_two_choices(value, expected):
    assert comfort.read_cookie(value) == expected


def test_sizes_step_one_at_a_time_and_stop_at_the_ends():
    assert Comfort("md").smaller() == "md"
    assert Comfort("md").larger() == "lg"
    assert Comfort("xl").smaller() == "lg"
    assert Comfort("xxl").larger() == "xxl"
    assert [Comfort(s).larger() for s in TextSize.values] == ["lg", "xl", "xxl", "xxl"]


def test_a_members_account_wins_over_the_browsers_cookie(member):
    update_comfort(member=member, text_size="xl", theme="calm")
    member.refresh_from_db()

    assert comfort_for(user=member, cookie="md.contrast") == Comfort("xl", "calm")


def test_a_reader_gets_the_cookies_choice_or_the_defaults():
    reader = AnonymousUser()
    assert comfort_for(user=reader, cookie="lg.calm") == Comfort("lg", "calm")
    assert comfort_for(user=reader, cookie="nonsense") == Comfort("md", "auto")
    assert comfort_for(user=reader, cookie=None) == comfort.DEFAULT


# --- the page ----------------------------------------------------------------


def test_the_page_offers_both_choices_as_radio_groups_to_a_reader(db):
    response = Client().get(URL)

    assert response.status_code == HTTPStatus.OK
    page = response.text
    assert "<legend" in page
    for legend in ("Text size", "Theme"):
        assert re.search(rf"<legend[^>]*>\s*{legend}\s*</legend>", page), legend
    for value in TextSize.values:
        assert f'name="text_size" value="{value}"' in page
    for value in Theme.values:
        assert f'name="theme" value="{value}"' in page
    assert re.search(r'name="text_size" value="md"\s+id="id_text_size_0" checked', page)
    assert re.search(r'name="theme" value="auto"\s+id="id_theme_0" checked', page)
    assert 'action="/comfort/"' in page


def test_the_page_checks_what_the_member_chose(member):
    update_comfort(member=member, text_size="xl", theme="contrast")

    page = signed_in(member).get(URL).text

    assert re.search(r'name="text_size" value="xl"\s+id="id_text_size_2" checked', page)
    assert re.search(r'name="theme" value="contrast"\s+id="id_theme_1" checked', page)


def test_a_members_choice_is_saved_and_drawn_on_their_other_device(member):
    laptop, phone = signed_in(member), signed_in(member)

    response = laptop.post(URL, {"text_size": "xl", "theme": "contrast"})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == URL
    assert saved(member) == ("xl", "contrast")
    # The phone has never chosen anything: no cookie of its own.
    assert COOKIE_NAME not in phone.cookies
    assert drawn_with(phone.get("/")) == ("xl", "contrast")
    assert drawn_with(phone.get(URL)) == ("xl", "contrast")


def test_a_readers_choice_lives_in_a_long_lived_cookie_of_their_browser(db):
    reader = Client()
    before = list(Member.objects.values_list("pk", "text_size", "theme"))

    response = reader.post(URL, {"text_size": "lg", "theme": "calm"})

    assert response.status_code == HTTPStatus.FOUND
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "lg.calm"
    assert cookie["max-age"] >= 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
    assert cookie["path"] == "/"
    assert list(Member.objects.values_list("pk", "text_size", "theme")) == before
    assert drawn_with(reader.get("/")) == ("lg", "calm")
    # Another browser knows nothing of it.
    assert drawn_with(Client().get("/")) == ("md", "auto")


def test_a_member_saves_to_the_cookie_too_for_after_signing_out(member):
    client = signed_in(member)

    response = client.post(URL, {"text_size": "xxl", "theme": "calm"})

    assert response.cookies[COOKIE_NAME].value == "xxl.calm"
    client.post("/accounts/logout/")  # as the header's "Sign out" does
    assert not client.session.get("_auth_user_id")
    assert drawn_with(client.get("/")) == ("xxl", "calm")


def test_the_account_wins_over_a_cookie_another_choice_left_in_the_browser(member):
    client = signed_in(member)
    client.cookies[COOKIE_NAME] = "xxl.calm"
    update_comfort(member=member, text_size="lg", theme="contrast")

    assert drawn_with(client.get("/")) == ("lg", "contrast")


@pytest.mark.parametrize(
    "make", [lambda: MemberFactory(verified=False), lambda: suspended_member()]
)
def test_suspended_and_unverified_members_may_choose_how_they_read(db, make):
    person = make()

    response = signed_in(person).post(URL, {"text_size": "lg", "theme": "calm"})

    assert response.status_code == HTTPStatus.FOUND
    assert saved(person) == ("lg", "calm")


def suspended_member() -> Member:
    person = MemberFactory()
    Member.objects.filter(pk=person.pk).update(
        suspended_until=timezone.now() + timedelta(days=3)
    )
    person.refresh_from_db()
    assert person.is_suspended()
    return person


def test_a_choice_left_out_keeps_the_one_made_before(member):
    client = signed_in(member)
    client.post(URL, {"text_size": "lg", "theme": "contrast"})

    client.post(URL, {"text_size": "xl"})  # the header's A+, without JS
    assert saved(member) == ("xl", "contrast")
    client.post(URL, {"theme": "calm"})
    assert saved(member) == ("xl", "calm")

    reader = Client()
    reader.post(URL, {"text_size": "lg", "theme": "contrast"})
    response = reader.post(URL, {"text_size": "xxl"})
    assert response.cookies[COOKIE_NAME].value == "xxl.contrast"


@pytest.mark.parametrize(
    "data",
    [
        {"text_size": "huge", "theme": "calm"},
        {"text_size": "lg", "theme": "neon"},
        {"text_size": "<script>alert(1)</script>", "theme": "calm"},
        {"text_size": ["lg", "xl"], "theme": "nope"},
    ],
)
def test_a_value_that_is_not_a_choice_is_refused_politely(member, data):
    client = signed_in(member)
    update_comfort(member=member, text_size="md", theme="auto")

    response = client.post(URL, data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "That could not be saved: please choose again below." in response.text
    assert (
        "Please choose one of these sizes." in response.text
        or "Please choose one of these themes." in response.text
    )
    assert "<script>alert(1)</script>" not in response.text
    assert COOKIE_NAME not in response.cookies
    assert saved(member) == ("md", "auto")
    # The page is still drawn as before, and the valid choice stays checked.
    assert drawn_with(response) == ("md", "auto")
    if data["theme"] == "calm":
        assert re.search(
            r'name="theme" value="calm"\s+id="id_theme_2" checked', response.text
        )


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(member):
    member_browser = Client(enforce_csrf_checks=True)
    member_browser.force_login(member)
    reader_browser = Client(enforce_csrf_checks=True)

    for browser in (member_browser, reader_browser):
        browser.cookies["csrftoken"] = TOKEN
        refused = browser.post(URL, {"text_size": "xl", "theme": "calm"})
        assert refused.status_code == HTTPStatus.FORBIDDEN
        assert COOKIE_NAME not in refused.cookies
    assert saved(member) == ("md", "auto")

    accepted = member_browser.post(
        URL, {"text_size": "xl", "theme": "calm", "csrfmiddlewaretoken": TOKEN}
    )
    assert accepted.status_code == HTTPStatus.FOUND
    assert saved(member) == ("xl", "calm")


def test_a_post_in_place_answers_no_content_and_no_message(member):
    client = signed_in(member)

    response = client.post(URL, {"text_size": "lg"}, headers={"HX-Request": "true"})

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""
    assert response.cookies[COOKIE_NAME].value == "lg.auto"
    assert saved(member) == ("lg", "auto")
    assert "Saved" not in client.get(URL).text


def test_saving_goes_back_to_the_page_the_reader_came_from(db):
    article = ArticleFactory()
    path = article.get_absolute_url() + "?sort=newest"
    reader = Client()

    response = reader.post(URL, {"text_size": "lg", "next": path}, follow=True)

    assert response.redirect_chain == [(path, HTTPStatus.FOUND)]
    assert "Saved in this browser." in response.text
    assert drawn_with(response) == ("lg", "auto")


@pytest.mark.parametrize(
    "next_", ["//evil.example/", "https://evil.example/", "home", "/\\evil.example"]
)
def test_saving_never_goes_off_the_site(db, next_):
    response = Client().post(URL, {"text_size": "lg", "next": next_})

    assert response["Location"] == URL


def test_the_page_keeps_where_the_reader_came_from_for_after_saving(db):
    page = Client().get(URL, {"next": "/tags/fatigue/"}).text

    assert '<input type="hidden" name="next" value="/tags/fatigue/">' in page
    assert 'href="/tags/fatigue/">Back to the page you were reading' in page
    assert 'name="next" value="//evil' not in Client().get(URL, {"next": "//evil"}).text


# --- what every page draws ------------------------------------------------------


@pytest.mark.parametrize("cookie", ["", "nonsense", "lg.", "\x00", "x" * 4000])
def test_a_cookie_that_holds_no_choice_draws_the_defaults(db, cookie):
    client = Client()
    client.cookies[COOKIE_NAME] = cookie

    response = client.get("/")

    assert response.status_code == HTTPStatus.OK
    assert drawn_with(response) == ("md", "auto")


def _with_cookie(client: Client, raw: str) -> dict:
    """The Cookie header `client` sends, with the comfort cookie as the raw
    bytes `raw` stands for (the WSGI environ holds them as latin-1)."""
    others = [f"{key}={morsel.value}" for key, morsel in client.cookies.items()]
    return {"HTTP_COOKIE": "; ".join([*others, f"{COOKIE_NAME}={raw}"])}


@pytest.mark.parametrize("value_id", sorted(HOSTILE))
def test_hostile_values_in_the_cookie_draw_the_defaults(member, value_id):
    """The sweep's values (tests/test_hostile_values.py) as the cookie's
    bytes, on a page, the Display page and a save: never an error."""
    text = unquote(HOSTILE[value_id], encoding="latin-1")
    raw = text.encode("latin-1", "replace").decode("latin-1")
    for client in (Client(), signed_in(member)):
        header = _with_cookie(client, raw)
        for response in (client.get("/", **header), client.get(URL, **header)):
            assert response.status_code == HTTPStatus.OK
            assert drawn_with(response) == ("md", "auto")
        saving = client.post(URL, {"theme": "calm"}, **header)
        assert saving.status_code == HTTPStatus.FOUND
        assert saving.cookies[COOKIE_NAME].value == "md.calm"


def test_every_page_draws_the_choice_and_offers_the_header_controls(db):
    client = Client()
    client.cookies[COOKIE_NAME] = "xl.contrast"
    article = ArticleFactory()

    for path in ("/", article.get_absolute_url(), URL, "/accounts/login/"):
        response = client.get(path)
        assert drawn_with(response) == ("xl", "contrast"), path
        page = response.text
        # A− and A+ name the sizes they save, for a browser without JS.
        assert re.search(r'name="text_size" value="lg"[^>]*data-text-size="down"', page)
        assert re.search(r'name="text_size" value="xxl"[^>]*data-text-size="up"', page)
        assert 'Display<span class="visually-hidden"> settings' in page


def test_the_display_link_carries_the_page_to_come_back_to(db):
    article = ArticleFactory()
    path = article.get_absolute_url()

    page = Client().get(path, {"sort": "newest"}).text

    assert f'href="/comfort/?next={path}%3Fsort%3Dnewest"' in page


# --- the keyboard shortcuts' help ------------------------------------------------


def test_the_discussion_lists_its_keyboard_shortcuts(member, accept):
    article = ArticleFactory()
    accept(member)
    discussion = services.open_discussion(host=article)
    services.post_comment(discussion=discussion, author=member, body="First words")

    page = signed_in(member).get(article.get_absolute_url()).text

    help_ = re.search(r'<details class="keyboard-help[^>]*>.*?</details>', page, re.S)
    assert help_, "the help is on the page"
    text = help_.group(0)
    assert "hidden" in text.split(">")[0]  # until shortcuts.js runs
    assert 'data-announce="Comment {n} of {total}, by {name}"' in text
    for key in ("j", "k", "r", "c", "?"):
        assert f"<dt><kbd>{key}</kbd></dt>" in text
    assert (
        '<p id="shortcut-status" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>'
        in page
    )


def test_an_empty_discussion_has_no_shortcuts_to_list(db):
    article = ArticleFactory()

    assert "keyboard-help" not in Client().get(article.get_absolute_url()).text
