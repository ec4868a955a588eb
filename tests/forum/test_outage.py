"""forum/outage.py in the process: the outage page without a database, which
errors count as an outage, and Retry-After on every 429. The real outage,
through a TCP proxy that is cut and restored, is tests/test_outage.py."""

import logging
from http import HTTPStatus
from unittest import mock

import psycopg
import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from forum.models import Comment
from forum.outage import is_outage, unavailable
from tests.forum.conftest import client_for


def wrapped(driver_error: Exception, kind=OperationalError) -> Exception:
    """A driver error as Django raises it: wrapped, the driver's as cause."""
    error = kind(str(driver_error))
    error.__cause__ = driver_error
    return error


REFUSED = psycopg.OperationalError(
    'connection failed: connection to server at "127.0.0.1", port 5432 failed:'
    " Connection refused\n\tIs the server running on that host?"
)


@pytest.fixture
def database_down():
    """Every query fails as it does while PostgreSQL refuses connections."""
    with mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=wrapped(REFUSED), autospec=True
    ):
        yield


@pytest.mark.parametrize(
    "error",
    [
        wrapped(REFUSED),
        wrapped(psycopg.OperationalError("server closed the connection")),
        wrapped(psycopg.InterfaceError("the connection is closed"), InterfaceError),
        wrapped(psycopg.errors.AdminShutdown("terminating connection")),
        wrapped(psycopg.errors.CannotConnectNow("the database is starting up")),
        wrapped(psycopg.errors.TooManyConnections("too many clients")),
    ],
    ids=["refused", "lost", "closed", "shutdown", "starting", "too-many"],
)
def test_unreachable_database_is_an_outage(error):
    assert is_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
        wrapped(psycopg.errors.QueryCanceled("statement timeout")),
        OperationalError("no such table: forum_comment"),  # SQLite: a bug
        ValueError("not a database error"),
        None,
    ],
    ids=["deadlock", "timeout", "sqlite", "other", "none"],
)
def test_database_answering_with_an_error_is_not_an_outage(error):
    assert not is_outage(error)


def assert_outage_page(response):
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert "Cairn is having trouble reaching its database" in response.text
    assert "try again in a minute" in response.text


def test_pages_answer_503_with_one_warning_line(article, caplog, database_down):
    caplog.set_level(logging.INFO)
    response = Client().get(article.get_absolute_url())

    assert_outage_page(response)
    assert "your draft is still saved in this browser" in response.text
    outage_lines = [r for r in caplog.records if r.name == "forum.outage"]
    assert [r.levelname for r in outage_lines] == ["WARNING"]
    assert "Connection refused" in outage_lines[0].getMessage()
    assert "\n" not in outage_lines[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_posted_comment_comes_back_escaped_with_try_again(discussion, poster):
    client = client_for(poster)  # signed in while the database is up
    text = '\nTired today <script>alert("x")</script> & slow'
    with mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=wrapped(REFUSED), autospec=True
    ):
        response = client.post(
            f"/discussions/{discussion.pk}/comments/", {"body": text}
        )

    assert_outage_page(response)
    assert "please try again in a moment" in response.text
    assert "<script>alert" not in response.text
    # Escaped, and whole: the textarea's own first line break is dropped by
    # browsers, the text's leading one is kept.
    assert (
        ">\n\nTired today &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; slow"
        "</textarea>" in response.text
    )
    assert "readonly" in response.text
    assert f'action="/discussions/{discussion.pk}/comments/"' in response.text
    assert not Comment.objects.exists()


def test_a_forged_post_does_not_come_back(discussion, poster):
    # A cross-site form fails the CSRF check: its text must not come back
    # as a page offering the member "Try again" with their own token.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(poster)
    with mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=wrapped(REFUSED), autospec=True
    ):
        response = client.post(
            f"/discussions/{discussion.pk}/comments/", {"body": "Forged words"}
        )

    assert_outage_page(response)
    assert "Forged words" not in response.text
    assert "csrfmiddlewaretoken" not in response.text


def test_other_posts_never_echo_their_fields(db, database_down):
    response = Client().post(
        "/accounts/login/", {"login": "a@example.org", "password": "secret-words"}
    )
    assert_outage_page(response)
    assert "secret-words" not in response.text
    assert "<textarea" not in response.text


def test_try_again_never_leaves_the_site(rf):
    request = rf.get("/")
    request.path = request.path_info = "//elsewhere.example/path"
    response = unavailable(request, wrapped(REFUSED))
    assert_outage_page(response)
    assert 'href="/elsewhere.example/path"' in response.text
    assert "//elsewhere" not in response.text


def test_outage_met_while_rendering_an_error_page_is_503_too(db, database_down):
    # The 404 page shows who is signed in and the disclaimer: it asks the
    # database outside any view, so Django's 500 handling meets the error.
    client = Client(raise_request_exception=False)
    assert_outage_page(client.get("/no-such-page/"))


def reads_the_session(get_response):
    """Like allauth's middleware at /accounts/: asks who is signed in."""

    def middleware(request):
        request.session.get("_auth_user_id")
        return get_response(request)

    return middleware


def test_outage_met_in_a_middleware_is_503_too(settings, db, database_down):
    # Django turns an error raised in a middleware into a 500 right there,
    # before any middleware above it sees the error: handler500 answers.
    position = settings.MIDDLEWARE.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: position + 1],
        f"{__name__}.reads_the_session",
        *settings.MIDDLEWARE[position + 1 :],
    ]
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-only-the-database-knows"
    assert_outage_page(client.get("/robots.txt"))


def test_database_errors_that_are_bugs_stay_errors(article, db):
    deadlock = wrapped(psycopg.errors.DeadlockDetected("deadlock detected"))
    with (
        mock.patch.object(
            BaseDatabaseWrapper, "cursor", side_effect=deadlock, autospec=True
        ),
        pytest.raises(OperationalError),
    ):
        Client().get(article.get_absolute_url())


# 429: Retry-After


def test_allauth_rate_limit_answer_carries_a_default_retry_after(settings, db):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client = Client()
    for email in ("first@example.org", "second@example.org"):
        response = client.post("/accounts/password/reset/", {"email": email})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "60"
    assert "Too many attempts" in response.text


def test_a_429_that_says_when_keeps_its_own_retry_after(rf):
    from django.http import HttpResponse

    from forum.outage import RetryAfterMiddleware

    def answer(request):
        response = HttpResponse(status=HTTPStatus.TOO_MANY_REQUESTS)
        response["Retry-After"] = "7"
        return response

    response = RetryAfterMiddleware(answer)(rf.get("/"))
    assert response["Retry-After"] == "7"


def test_other_answers_get_no_retry_after(client, db):
    assert not client.get("/").has_header("Retry-After")
