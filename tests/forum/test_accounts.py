import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from forum.models import Member
from tests.factories import PASSWORD, ArticleFactory, ColumnistFactory, MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP_PASSWORD = "quiet-harbour-lanterns-19"
CONFIRM_LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^\s/]+/)")
RESET_LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/[^\s]+/)")


def sign_up(client: Client, **overrides):
    data = {
        "display_name": "Marta Kowalska",
        "email": "marta@example.org",
        "password1": SIGNUP_PASSWORD,
        "password2": SIGNUP_PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def link_in(message, pattern: re.Pattern) -> str:
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


# Sign-up and email verification


def test_signup_valid_form_creates_member_with_unverified_email(client, mailoutbox):
    response = sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    member = Member.objects.get(email="marta@example.org")
    assert member.display_name == "Marta Kowalska"
    assert not EmailAddress.objects.get(user=member).verified
    assert not is_signed_in(client)


def test_signup_valid_form_emails_confirmation_link(client, mailoutbox):
    sign_up(client)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["marta@example.org"]
    assert link_in(mailoutbox[0], CONFIRM_LINK)


def test_signup_new_member_joins_members_group(client):
    sign_up(client)

    member = Member.objects.get(email="marta@example.org")
    assert list(member.groups.values_list("name", flat=True)) == [Member.MEMBERS]


def test_role_groups_exist_from_data_migration():
    names = set(Group.objects.values_list("name", flat=True))

    assert {Member.MEMBERS, Member.COLUMNISTS, Member.MODERATORS} <= names


def test_sign_in_before_verification_redirected_to_verification_sent(client):
    sign_up(client)

    response = sign_in(Client(), "marta@example.org", SIGNUP_PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")


def test_sign_in_before_verification_leaves_visitor_signed_out(client):
    sign_up(client)
    browser = Client()

    sign_in(browser, "marta@example.org", SIGNUP_PASSWORD)

    assert not is_signed_in(browser)


def test_confirm_email_link_shows_confirmation_form(client, mailoutbox):
    sign_up(client)
    link = link_in(mailoutbox[0], CONFIRM_LINK)

    response = Client().get(link)

    assert response.status_code == HTTPStatus.OK
    assert "Confirm" in audit(response).buttons


def test_confirm_email_followed_link_verifies_address(client, mailoutbox):
    sign_up(client)
    link = link_in(mailoutbox[0], CONFIRM_LINK)

    response = Client().post(link)

    assert response.status_code == HTTPStatus.FOUND
    assert EmailAddress.objects.get(email="marta@example.org").verified


def test_sign_in_after_verification_succeeds(client, mailoutbox):
    sign_up(client)
    Client().post(link_in(mailoutbox[0], CONFIRM_LINK))
    browser = Client()

    response = sign_in(browser, "marta@example.org", SIGNUP_PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == settings.LOGIN_REDIRECT_URL
    assert is_signed_in(browser)


def test_sign_in_wrong_password_shows_error_and_stays_signed_out(client, member):
    response = sign_in(client, member.email, "not-the-password")

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].non_field_errors()
    assert b'role="alert"' in response.content
    assert not is_signed_in(client)


@pytest.mark.parametrize("typed", ["Ann Smith", "ANN SMITH", "ann  smith", "4nn Sm1th"])
def test_signup_taken_display_name_reshows_form_with_email_kept(client, typed):
    MemberFactory(display_name="Ann Smith")

    response = sign_up(client, display_name=typed, email="second.ann@example.org")

    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert form.errors["display_name"] == ["That display name is taken."]
    assert form["email"].value() == "second.ann@example.org"
    assert b'value="second.ann@example.org"' in response.content
    assert not Member.objects.filter(email="second.ann@example.org").exists()


def test_signup_invalid_display_name_error_tied_to_field(client):
    response = sign_up(client, display_name="m0derator")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in html
    assert 'id="id_display_name_error"' in html
    assert 'aria-invalid="true"' in html


# Password reset


def test_password_reset_known_email_sends_reset_link(client, member, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert link_in(mailoutbox[0], RESET_LINK)


def test_password_reset_unknown_email_answers_like_known_email(client, member):
    known = Client().post(reverse("account_reset_password"), {"email": member.email})
    unknown = Client().post(
        reverse("account_reset_password"), {"email": "nobody@example.org"}
    )

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)


def test_password_reset_unknown_email_sends_no_reset_link(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert all(not RESET_LINK.search(message.body) for message in mailoutbox)


def test_password_reset_followed_link_sets_new_password(client, member, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": member.email})
    form_page = client.get(link_in(mailoutbox[0], RESET_LINK), follow=True)
    new_password = "another-long-passphrase-77"

    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )

    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.check_password(new_password)


# Rate limits


def test_rate_limits_setting_not_disabled():
    assert getattr(settings, "ACCOUNT_RATE_LIMITS", {}) is not False
    assert allauth_settings.RATE_LIMITS["login_failed"]
    assert allauth_settings.RATE_LIMITS["login"]


def test_sign_in_repeated_failures_answered_with_too_many_requests(client, member):
    statuses = [
        sign_in(client, member.email, f"wrong-{attempt}").status_code
        for attempt in range(40)
    ]

    assert statuses[0] == HTTPStatus.OK
    assert HTTPStatus.TOO_MANY_REQUESTS in statuses


def test_sign_in_repeated_failures_lock_out_even_right_password(client, member):
    for attempt in range(10):
        sign_in(client, member.email, f"wrong-{attempt}")

    response = sign_in(client, member.email, PASSWORD)

    assert not is_signed_in(client)
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS}


# Email privacy


@pytest.fixture
def columnist_with_article(db):
    columnist = ColumnistFactory(email="private.columnist@example.org")
    ArticleFactory(author=columnist)
    return columnist


@pytest.mark.parametrize("signed_in", [False, True])
def test_home_page_never_shows_member_email(columnist_with_article, member, signed_in):
    browser = Client()
    if signed_in:
        browser.force_login(member)

    response = browser.get(reverse("articles:home"))

    assert response.status_code == HTTPStatus.OK
    assert columnist_with_article.display_name in response.text
    assert columnist_with_article.email not in response.text
    assert member.email not in response.text
    assert "@example.org" not in response.text


def test_columnist_page_never_shows_columnist_email(client, columnist_with_article):
    url = reverse("articles:columnist_detail", args=[columnist_with_article.pk])

    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert columnist_with_article.display_name in response.text
    assert "@example.org" not in response.text


def test_columnist_page_seen_by_columnist_never_shows_email(columnist_with_article):
    browser = Client()
    browser.force_login(columnist_with_article)
    url = reverse("articles:columnist_detail", args=[columnist_with_article.pk])

    response = browser.get(url)

    assert columnist_with_article.email not in response.text


def test_profile_page_shows_member_own_email(member_client, member):
    response = member_client.get(reverse("forum:profile_edit"))

    assert response.status_code == HTTPStatus.OK
    assert member.email in response.text


# Profile


def test_profile_edit_anonymous_redirected_to_sign_in(client):
    url = reverse("forum:profile_edit")

    response = client.get(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_profile_edit_anonymous_post_changes_nothing(client, member):
    response = client.post(
        reverse("forum:profile_edit"), {"display_name": "Someone Else", "bio": ""}
    )

    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.display_name != "Someone Else"


def test_profile_edit_page_links_to_email_and_password(member_client):
    response = member_client.get(reverse("forum:profile_edit"))

    assert response.status_code == HTTPStatus.OK
    assert response.templates[0].name == "forum/profile_form.html"
    link = '<a class="btn btn-outline-primary" href="{}">{}</a>'
    email_link = link.format(reverse("account_email"), "Email addresses")
    password_link = link.format(reverse("account_change_password"), "Change password")
    assert email_link in response.text
    assert password_link in response.text


def test_header_name_links_to_profile_page(member_client, member):
    response = member_client.get(reverse("articles:home"))

    profile_link = '<a class="nav-link" href="{}">{}</a>'.format(
        reverse("forum:profile_edit"), member.display_name
    )
    assert profile_link in response.text


def test_profile_edit_valid_post_saves_and_redirects_with_message(
    member_client, member
):
    url = reverse("forum:profile_edit")

    response = member_client.post(
        url, {"display_name": "  Jo   Bloggs ", "bio": "Diagnosed in 2019."}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == url
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("Jo Bloggs", "Diagnosed in 2019.")
    page = member_client.get(url)
    assert "Your profile is saved." in page.text


def test_profile_edit_own_name_in_new_case_accepted(member_client, member):
    response = member_client.post(
        reverse("forum:profile_edit"),
        {"display_name": member.display_name.upper(), "bio": ""},
    )

    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.display_name == member.display_name.upper()


def test_profile_edit_other_fields_ignored(member_client, member):
    original_email = member.email
    Member.objects.filter(pk=member.pk).update(trust=Member.Trust.NEW)

    member_client.post(
        reverse("forum:profile_edit"),
        {
            "display_name": member.display_name,
            "bio": "",
            "email": "taken.over@example.org",
            "is_staff": "on",
            "is_superuser": "on",
            "trust": Member.Trust.TRUSTED,
            "groups": [Group.objects.get(name=Member.MODERATORS).pk],
        },
    )

    member.refresh_from_db()
    assert member.email == original_email
    assert not member.is_staff
    assert not member.is_superuser
    assert member.trust == Member.Trust.NEW
    assert not member.groups.filter(name=Member.MODERATORS).exists()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("M0derator Jo", "That name could be mistaken for Cairn"),
        ("Jo <b>", "Use letters, digits, spaces"),
        ("Jo", "Choose a name of 3 to 30 characters."),
    ],
)
def test_profile_edit_invalid_name_reshown_with_text_intact(
    member_client, member, typed, error
):
    old_name = member.display_name

    response = member_client.post(
        reverse("forum:profile_edit"), {"display_name": typed, "bio": "Kept bio."}
    )

    assert response.status_code == HTTPStatus.OK
    assert error in response.text
    form = response.context["form"]
    assert form["display_name"].value() == typed
    assert form["bio"].value() == "Kept bio."
    assert "Kept bio.</textarea>" in response.text
    member.refresh_from_db()
    assert member.display_name == old_name


def test_profile_edit_rejected_name_not_shown_in_header(member_client, member):
    response = member_client.post(
        reverse("forum:profile_edit"),
        {"display_name": member.display_name, "bio": "x" * 2001},
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["user"].bio == ""


def test_profile_edit_look_alike_of_other_member_rejected(member_client, member):
    MemberFactory(display_name="Ann Smith")

    response = member_client.post(
        reverse("forum:profile_edit"), {"display_name": "ANN SM1TH", "bio": ""}
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["display_name"] == [
        "That display name is taken."
    ]


def test_profile_edit_post_without_csrf_token_forbidden(csrf_client, member):
    csrf_client.force_login(member)

    response = csrf_client.post(
        reverse("forum:profile_edit"), {"display_name": "Jo Bloggs", "bio": ""}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    member.refresh_from_db()
    assert member.display_name != "Jo Bloggs"


def test_profile_edit_post_with_csrf_token_saves(csrf_client, member):
    csrf_client.force_login(member)
    url = reverse("forum:profile_edit")
    csrf_client.get(url)
    token = csrf_client.cookies[settings.CSRF_COOKIE_NAME].value

    response = csrf_client.post(
        url, {"display_name": "Jo Bloggs", "bio": "", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.display_name == "Jo Bloggs"


# The account pages: one h1, labelled fields, our buttons, no inline code


class PageAudit(HTMLParser):
    """Collects what the accessibility and CSP checks below look at."""

    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.labels: set[str] = set()
        self.fields: list[str] = []
        self.unnamed_fields: list[str] = []
        self.buttons: list[str] = []
        self.inline_styles = 0
        self.inline_scripts = 0
        self._button_text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles += 1
        if tag == "h1":
            self.h1_count += 1
        elif tag == "script" and "src" not in attrs:
            self.inline_scripts += 1
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in {"input", "select", "textarea"}:
            if attrs.get("type") in {"hidden", "submit"}:
                return
            if attrs.get("id"):
                self.fields.append(attrs["id"])
            elif "aria-label" not in attrs:
                self.unnamed_fields.append(str(attrs))
        elif tag == "button":
            self._button_text = []

    def handle_data(self, data):
        if self._button_text is not None:
            self._button_text.append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self._button_text is not None:
            self.buttons.append(" ".join("".join(self._button_text).split()))
            self._button_text = None


def audit(response) -> PageAudit:
    page = PageAudit()
    page.feed(response.content.decode())
    return page


@pytest.fixture
def confirm_email_url(client, mailoutbox):
    sign_up(client)
    return link_in(mailoutbox[0], CONFIRM_LINK)


@pytest.fixture
def reset_from_key_url(member, mailoutbox):
    browser = Client()
    browser.post(reverse("account_reset_password"), {"email": member.email})
    response = browser.get(link_in(mailoutbox[-1], RESET_LINK), follow=True)
    return browser, response.redirect_chain[-1][0]


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
]
MEMBER_PAGES = ["account_email", "account_change_password", "account_logout"]


def assert_accessible(response):
    assert response.status_code == HTTPStatus.OK
    page = audit(response)
    assert page.h1_count == 1
    assert set(page.fields) <= page.labels, "every field has a <label for>"
    assert page.unnamed_fields == []
    assert page.inline_styles == 0
    assert page.inline_scripts == 0
    return page


@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_account_page_anonymous_is_accessible(client, url_name):
    assert_accessible(client.get(reverse(url_name)))


@pytest.mark.parametrize("url_name", [*MEMBER_PAGES, "profile_edit"])
def test_account_page_member_is_accessible(member_client, url_name):
    name = "forum:profile_edit" if url_name == "profile_edit" else url_name
    assert_accessible(member_client.get(reverse(name)))


def test_confirm_email_page_is_accessible(confirm_email_url):
    assert_accessible(Client().get(confirm_email_url))


def test_password_reset_from_key_page_is_accessible(reset_from_key_url):
    browser, url = reset_from_key_url
    page = assert_accessible(browser.get(url))
    assert {"id_password1", "id_password2"} <= set(page.fields)


@pytest.mark.parametrize(
    ("url_name", "button"),
    [("account_login", "Sign in"), ("account_signup", "Sign up")],
)
def test_entrance_page_has_named_submit_button(client, url_name, button):
    page = audit(client.get(reverse(url_name)))

    assert button in page.buttons


def test_sign_out_page_has_sign_out_button(member_client):
    page = audit(member_client.get(reverse("account_logout")))

    assert "Sign out" in page.buttons


def test_signup_page_fields_in_order_display_name_first(client):
    response = client.get(reverse("account_signup"))

    # Every page's header carries the site search box first.
    header, *fields = audit(response).fields
    assert header == "header-search-q"
    assert fields == ["id_display_name", "id_email", "id_password1", "id_password2"]
    assert "never shown to other readers" in response.text


def test_sign_out_post_signs_member_out(member_client):
    response = member_client.post(reverse("account_logout"))

    assert response.status_code == HTTPStatus.FOUND
    assert not is_signed_in(member_client)


def test_change_email_invalid_address_error_tied_to_field(member_client):
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "not-an-address"}
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html


def test_change_email_new_address_pending_verification(member_client, mailoutbox):
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "new.home@example.org"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert EmailAddress.objects.filter(
        email="new.home@example.org", verified=False
    ).exists()
    assert mailoutbox[-1].to == ["new.home@example.org"]


def test_password_change_valid_post_changes_password(member_client, member):
    new_password = "brand-new-passphrase-31"

    response = member_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.check_password(new_password)
