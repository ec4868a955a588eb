"""Two-factor sign-in: who must use it, how the moderation pages and the
admin send them to set it up (and do nothing on the way), the set-up with a
real code computed by tests/totp.py, recovery codes, and what it costs.

Moderators, staff and superusers made by the factories have an
authenticator app; `two_factor=False` makes one without.
"""

import re
from http import HTTPStatus
from io import StringIO
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from articles import demo_content
from articles.management.commands import seed_demo
from forum.models import Comment, Member, ModerationAction
from forum.services.two_factor import (
    has_two_factor,
    lacks_two_factor,
    must_use_two_factor,
)
from forum.two_factor import WHY
from tests.factories import (
    PASSWORD,
    MemberFactory,
    ModeratorFactory,
    set_up_two_factor,
)
from tests.forum.conftest import client_for
from tests.forum.moderation_helpers import HTMX, suspended_moderator
from tests.test_hostile_values import HOSTILE
from tests.totp import fresh_totp, secret_of, totp

SETUP = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
AUTHENTICATOR_TABLE = Authenticator._meta.db_table


def _setup_url(back: str) -> str:
    return f"{SETUP}?next={quote(back, safe='')}"


def _person(role: str, article):
    """A member in `role`, without an authenticator app."""
    return {
        "member": lambda: MemberFactory(),
        "columnist": lambda: article.author_without_two_factor,
        "moderator": lambda: ModeratorFactory(two_factor=False),
        "staff": lambda: MemberFactory(is_staff=True, two_factor=False),
        "superuser": lambda: MemberFactory(
            is_staff=True, is_superuser=True, two_factor=False
        ),
    }[role]()


@pytest.fixture
def column(discussion):
    """The article of `held`, whose columnist has no authenticator app."""
    article = discussion.host
    Authenticator.objects.filter(user=article.author).delete()
    article.author_without_two_factor = article.author
    return article


def _pages(held: Comment) -> dict[str, str]:
    return {
        "queue": "/moderation/",
        "log": "/moderation/log/",
        "case": f"/moderation/c/{held.pk}/",
        "admin": "/admin/",
    }


# --- who must use it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "columnists_moderate", "must"),
    [
        ("member", False, False),
        ("member", True, False),
        ("columnist", False, False),
        ("columnist", True, True),
        ("moderator", False, True),
        ("staff", False, True),
        ("superuser", False, True),
    ],
)
def test_must_use_two_factor_by_role(role, columnists_moderate, must, column, settings):
    settings.CAIRN_COLUMNISTS_MODERATE = columnists_moderate
    person = _person(role, column)

    assert must_use_two_factor(person) is must
    assert has_two_factor(person) is False
    assert lacks_two_factor(person) is must
    set_up_two_factor(person)
    assert has_two_factor(person) is True
    assert lacks_two_factor(person) is False


def test_the_moderation_permission_given_directly_counts_too(db):
    person = MemberFactory()
    person.user_permissions.add(Permission.objects.get(codename="moderate_comments"))

    assert must_use_two_factor(person)


def test_a_visitor_neither_must_nor_has(db):
    assert not must_use_two_factor(AnonymousUser())
    assert not lacks_two_factor(AnonymousUser())


def test_recovery_codes_alone_are_not_a_second_step(db):
    moderator = ModeratorFactory(two_factor=False)
    RecoveryCodes.activate(moderator)

    assert lacks_two_factor(moderator)


# --- enforcement -------------------------------------------------------------


@pytest.mark.parametrize("page", ["queue", "log", "case", "admin"])
@pytest.mark.parametrize(
    ("role", "columnists_moderate"),
    [
        ("columnist", True),
        ("moderator", False),
        ("staff", False),
        ("superuser", False),
    ],
)
def test_those_who_must_are_sent_to_set_it_up_first(
    role, columnists_moderate, page, held, column, settings
):
    settings.CAIRN_COLUMNISTS_MODERATE = columnists_moderate
    url = _pages(held)[page]
    client = client_for(_person(role, column))

    response = client.get(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _setup_url(url)
    told = client.get(response["Location"], follow=True)
    assertContains(told, escape(str(WHY)))


@pytest.mark.parametrize("page", ["queue", "log", "case", "admin"])
@pytest.mark.parametrize(
    ("role", "columnists_moderate"),
    [("member", True), ("columnist", False)],
)
def test_members_are_never_sent_to_set_it_up(
    role, columnists_moderate, page, held, column, settings
):
    settings.CAIRN_COLUMNISTS_MODERATE = columnists_moderate
    client = client_for(_person(role, column))

    response = client.get(_pages(held)[page])

    if page == "admin":
        # The admin's own answer: sign in as staff (through allauth).
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert SETUP not in response.get("Location", "")


def test_a_visitor_is_sent_to_sign_in_not_to_set_up(client, held):
    response = client.get("/moderation/")

    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "columnists_moderate", "opens"),
    [
        # The log is the moderators' (forum.views.moderation).
        ("columnist", True, {"queue", "case"}),
        ("moderator", False, {"queue", "log", "case"}),
        # Staff status gives the admin, not moderation (forum.services.moderation).
        ("staff", False, {"admin"}),
        ("superuser", False, {"queue", "log", "case", "admin"}),
    ],
)
def test_after_setting_it_up_the_pages_open(
    role, columnists_moderate, opens, held, column, settings
):
    settings.CAIRN_COLUMNISTS_MODERATE = columnists_moderate
    client = client_for(set_up_two_factor(_person(role, column)))

    for page, url in _pages(held).items():
        response = client.get(url)
        if page in opens:
            assert response.status_code == HTTPStatus.OK, page
        elif page == "admin":
            assert response["Location"].startswith("/admin/login/")
        else:
            assert response.status_code == HTTPStatus.FORBIDDEN, page


def test_a_moderation_post_does_nothing_before_two_factor(held, column):
    moderator = ModeratorFactory(two_factor=False)
    client = client_for(moderator)
    actions = ModerationAction.objects.count()

    response = client.post(
        f"/moderation/c/{held.pk}/approve/", {"seen": held.status, "next": "/"}
    )

    assert response.status_code == HTTPStatus.FOUND
    # A POST's URL cannot be opened again: back to the queue afterwards.
    assert response["Location"] == _setup_url("/moderation/")
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING
    assert ModerationAction.objects.count() == actions


def test_an_htmx_moderation_post_is_told_to_go_and_set_it_up(held, column):
    client = client_for(ModeratorFactory(two_factor=False))

    response = client.post(
        f"/moderation/c/{held.pk}/remove/",
        {"seen": held.status, "reason": "spam"},
        headers=HTMX,
    )

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response["HX-Redirect"] == _setup_url("/moderation/")
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_an_admin_post_does_nothing_before_two_factor(held, column):
    staff = MemberFactory(is_staff=True, is_superuser=True, two_factor=False)
    victim = MemberFactory()
    client = client_for(staff)

    response = client.post(f"/admin/forum/member/{victim.pk}/delete/", {"post": "yes"})

    assert response["Location"] == _setup_url("/admin/")
    assert type(victim).objects.filter(pk=victim.pk).exists()


def test_the_admin_sign_in_and_sign_out_stay_open(db):
    client = client_for(MemberFactory(is_staff=True, two_factor=False))

    response = client.get("/admin/login/")

    # The admin's sign-in sends on to its index, which then asks.
    assert not response["Location"].startswith(SETUP)
    assert client.post("/admin/logout/").status_code == HTTPStatus.OK


def test_the_rest_of_the_site_is_left_alone(column):
    client = client_for(ModeratorFactory(two_factor=False))

    for url in ("/", column.get_absolute_url(), "/account/profile/", "/questions/"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert not [q for q in captured if AUTHENTICATOR_TABLE in q["sql"]], url


def test_the_check_costs_one_query_on_a_moderation_page(held, column):
    client = client_for(ModeratorFactory())

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/moderation/")

    assert response.status_code == HTTPStatus.OK
    asked = [q for q in captured if AUTHENTICATOR_TABLE in q["sql"]]
    assert len(asked) == 1


# --- setting it up with a real code ------------------------------------------


def _sign_in(client: Client, member) -> None:
    """Through allauth's form, as a person does (a fresh sign-in: the
    set-up page asks for the password again after a few minutes)."""
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND, response.content


def _open_setup(client: Client, url: str = SETUP):
    """The set-up page, after confirming the password as allauth asks
    before any change to how one signs in."""
    response = client.get(url)
    if response.status_code == HTTPStatus.FOUND:
        asked = response["Location"]
        assert asked == f"/accounts/reauthenticate/?next={quote(url, safe='')}"
        confirmed = client.post(asked, {"password": PASSWORD})
        assert confirmed["Location"] == url
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response


def _secret_on(page) -> str:
    found = re.search(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>', page.text)
    assert found, "the key is on the page as text"
    return found.group(1).replace(" ", "")


def _codes_on(page) -> list[str]:
    return re.findall(r'<li><code class="text-body">([0-9]+)</code></li>', page.text)


@pytest.fixture
def moderator_signed_in(held, column):
    moderator = ModeratorFactory(two_factor=False)
    client = Client()
    _sign_in(client, moderator)
    return moderator, client


def test_a_moderator_sets_it_up_with_a_real_code_and_the_queue_opens(
    moderator_signed_in,
):
    moderator, client = moderator_signed_in

    sent = client.get("/moderation/")
    assert sent["Location"] == _setup_url("/moderation/")
    setup = _open_setup(client, sent["Location"])
    assertContains(setup, "Set up two-factor sign-in")
    assertContains(setup, 'alt="QR code for your authenticator app"')
    assertContains(setup, 'src="data:image/svg+xml;base64,')
    assertContains(setup, escape(str(WHY)))
    secret = _secret_on(setup)
    assertContains(setup, 'action="/accounts/2fa/totp/activate/?next=%2Fmoderation%2F"')

    done = client.post(sent["Location"], {"code": totp(secret)})

    assert done["Location"] == "/accounts/2fa/recovery-codes/?next=%2Fmoderation%2F"
    assert secret_of(moderator) == secret
    codes_page = client.get(done["Location"])
    assertContains(codes_page, "Recovery codes: keep them somewhere safe")
    assert len(_codes_on(codes_page)) == 10
    assertContains(
        codes_page,
        '<a class="btn btn-primary" href="/moderation/">'
        "I have saved them: continue</a>",
        html=True,
    )
    assert client.get("/moderation/").status_code == HTTPStatus.OK


def test_a_wrong_code_is_refused_politely_and_kept(moderator_signed_in):
    moderator, client = moderator_signed_in
    setup = _open_setup(client, _setup_url("/moderation/"))
    right = totp(_secret_on(setup))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(_setup_url("/moderation/"), {"code": wrong})

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Incorrect code")
    assertContains(response, f'value="{wrong}"')
    assertContains(response, 'aria-invalid="true"')
    assert not has_two_factor(moderator)
    assert client.get("/moderation/").status_code == HTTPStatus.FOUND


def test_a_next_off_the_site_is_dropped(moderator_signed_in):
    _moderator, client = moderator_signed_in
    url = f"{SETUP}?next=https://elsewhere.example/"
    setup = _open_setup(client, url)
    assertContains(setup, 'action="/accounts/2fa/totp/activate/"')

    done = client.post(url, {"code": totp(_secret_on(setup))})

    assert done["Location"] == "/accounts/2fa/recovery-codes/"
    assertNotContains(client.get(done["Location"]), "elsewhere.example")


def test_a_member_turns_it_on_from_the_account_page_and_is_asked_for_a_code(db):
    member = MemberFactory()
    client = Client()
    _sign_in(client, member)

    account = client.get("/account/profile/")
    assertContains(
        account,
        '<a class="btn btn-outline-primary" href="/accounts/2fa/">'
        "Two-factor sign-in</a>",
        html=True,
    )
    overview = client.get("/accounts/2fa/")
    assertContains(overview, "Off: signing in asks for your password only.")
    setup = _open_setup(client)
    secret = _secret_on(setup)
    code, _step = fresh_totp(secret)
    assert client.post(SETUP, {"code": code})["Location"] == (
        "/accounts/2fa/recovery-codes/"
    )
    assertContains(client.get("/accounts/2fa/"), "On: signing in asks for a code")
    client.post("/accounts/logout/")

    asked = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}
    )
    assert asked["Location"] == AUTHENTICATE
    page = client.get(AUTHENTICATE)
    assertContains(page, "Sign in: second step")
    signed_in = client.post(AUTHENTICATE, {"code": fresh_totp(secret)[0]})
    assert signed_in.status_code == HTTPStatus.FOUND
    assert client.get("/account/profile/").status_code == HTTPStatus.OK


# --- the set-up as a write, refused ---------------------------------------------


def test_setting_it_up_is_refused_to_a_visitor_and_without_a_csrf_token(db):
    response = Client().post(SETUP, {"code": "123456"})
    assert response["Location"].startswith("/accounts/login/")

    moderator = ModeratorFactory(two_factor=False)
    client = Client()
    _sign_in(client, moderator)
    setup = _open_setup(client)
    # The same browser session, sending no token.
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = client.cookies
    refused = browser.post(SETUP, {"code": totp(_secret_on(setup))})

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert not Authenticator.objects.filter(user=moderator).exists()


def test_setting_it_up_asks_for_the_password_again_first(db):
    """A session left open on a shared computer cannot tie the account to
    someone else's phone: allauth asks for the password first."""
    member = MemberFactory()
    client = client_for(member)

    response = client.post(SETUP, {"code": "123456"})

    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not Authenticator.objects.filter(user=member).exists()


def test_a_suspended_moderator_may_still_set_it_up(held, superuser):
    keeper = suspended_moderator(superuser)
    Authenticator.objects.filter(user=keeper).delete()
    client = Client()
    _sign_in(client, keeper)

    setup = _open_setup(client, _setup_url("/moderation/"))
    client.post(_setup_url("/moderation/"), {"code": totp(_secret_on(setup))})

    assert has_two_factor(keeper)
    # Suspended: the queue still refuses, for that reason and no other.
    assert client.get("/moderation/").status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("value_id", sorted(HOSTILE))
def test_hostile_values_on_the_set_up_pages_never_answer_a_server_error(
    moderator_signed_in, value_id
):
    _moderator, client = moderator_signed_in
    _open_setup(client)
    wire = HOSTILE[value_id]
    for url in (SETUP, "/accounts/2fa/recovery-codes/", "/accounts/2fa/"):
        page = client.get(url, QUERY_STRING=f"next={wire}")
        assert page.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, url
    sent = client.post(
        f"{SETUP}?next={wire}",
        data=f"code={wire}".encode("latin-1"),
        content_type="application/x-www-form-urlencoded",
    )
    assert sent.status_code == HTTPStatus.OK
    assert not has_two_factor(_moderator)


# --- recovery codes at sign-in -----------------------------------------------


def test_a_recovery_code_signs_in_once(db):
    moderator = ModeratorFactory(two_factor=False)
    client = Client()
    _sign_in(client, moderator)
    setup = _open_setup(client)
    client.post(SETUP, {"code": totp(_secret_on(setup))})
    codes = _codes_on(client.get("/accounts/2fa/recovery-codes/"))
    client.post("/accounts/logout/")

    first = Client()
    _sign_in(first, moderator)
    assertContains(first.get(AUTHENTICATE), "or a recovery code")
    response = first.post(AUTHENTICATE, {"code": codes[0]})
    assert response.status_code == HTTPStatus.FOUND
    assert first.get("/moderation/").status_code == HTTPStatus.OK

    again = Client()
    _sign_in(again, moderator)
    refused = again.post(AUTHENTICATE, {"code": codes[0]})
    assertContains(refused, "Incorrect code")
    assert again.get("/moderation/")["Location"].startswith("/accounts/login/")
    assert again.post(AUTHENTICATE, {"code": codes[1]}).status_code == (
        HTTPStatus.FOUND
    )
    assert again.get("/moderation/").status_code == HTTPStatus.OK


def test_later_the_codes_are_shown_after_the_app_code_and_can_be_renewed(db):
    member = set_up_two_factor(MemberFactory())
    RecoveryCodes.activate(member)
    client = client_for(member)
    codes_url = "/accounts/2fa/recovery-codes/"

    asked = client.get(codes_url)
    assert (
        asked["Location"]
        == f"/accounts/reauthenticate/?next={quote(codes_url, safe='')}"
    )
    page = client.get(f"/accounts/2fa/reauthenticate/?next={quote(codes_url, safe='')}")
    assertContains(page, "Code from your authenticator app, or a recovery code")
    confirmed = client.post(
        "/accounts/2fa/reauthenticate/",
        {"code": totp(secret_of(member)), "next": codes_url},
    )
    assert confirmed["Location"] == codes_url
    before = _codes_on(client.get(codes_url))
    assertContains(client.get("/accounts/2fa/recovery-codes/generate/"), "stop working")

    renewed = client.post("/accounts/2fa/recovery-codes/generate/")

    assert renewed["Location"] == codes_url
    after = _codes_on(client.get(codes_url))
    assert len(after) == len(before) == 10
    assert not set(after) & set(before)


# --- the demo ------------------------------------------------------------------


def test_demo_moderator_and_editor_are_led_to_set_it_up_as_the_list_says(db):
    # The demo's accounts, as seed_demo makes them (its discussions aside).
    seed_demo.seed_accounts()
    listed = StringIO()
    call_command("seed_demo", "--list-accounts", stdout=listed)

    assert "asked to set up two-factor sign-in" in listed.getvalue()
    for account, page in (
        (demo_content.MODERATOR, "/moderation/"),
        (demo_content.EDITOR, "/admin/"),
    ):
        person = Member.objects.get(email=account.email)
        assert lacks_two_factor(person)
        response = client_for(person).get(page)
        assert response["Location"] == _setup_url(page)
    reader = Member.objects.get(email=demo_content.READERS[0].email)
    assert not must_use_two_factor(reader)
