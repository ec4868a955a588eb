"""Answers that ask the reader to come back later: the database outage page,
and a Retry-After on every 429.

While PostgreSQL cannot be reached (restarting, failing over, the network
cut), every page answers 503 Service Unavailable with `Retry-After` and a page
that renders without the database (`templates/503.html`: no base template,
no context processors). A comment posted then comes back with its text. The
log gets one warning line per request, not a traceback: an outage is an
operations event, and a traceback per request would bury the first one.

Nothing needs restarting when the database returns. Django closes a
connection that raised an error when the request finishes
(`close_old_connections` on `request_finished`) and, with
`CONN_HEALTH_CHECKS`, tests a reused connection before its first query, so
the next request connects afresh.

Where a database error surfaces, and who answers it:

- in a view, in a template it renders or in a TemplateResponse rendered after
  it: `DatabaseOutageMiddleware.process_exception`;
- anywhere else (another middleware, such as allauth's redirect from
  `/accounts/`, or an error page such as the 404 or the CSRF failure page,
  which show who is signed in): Django turns the exception into a 500 inside
  the middleware that raised it, before any middleware above can see it, so
  `handler500` (`forum.views.errors.server_error`) asks `is_outage` and answers
  with this page instead;
- an exception that escapes the whole middleware chain (only with
  `DEBUG_PROPAGATE_EXCEPTIONS`): `DatabaseOutageMiddleware.__call__`.

Only an error that means "the server is not there for us" is an outage: the
connection failed or was lost (psycopg reports no SQLSTATE then), or
PostgreSQL refused us (connection exceptions, too many connections, shutting
down or starting up). An `OperationalError` that is the database answering
(a deadlock, a statement timeout, SQLite's "no such table") is a bug or a
race: it stays a 500 with its traceback, where someone will look at it.
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait. The page says "in a minute".
OUTAGE_RETRY_AFTER = 60
# A 429 that does not say when to come back (allauth's rate-limit page) gets
# this: allauth's limits count per minute, except a resent confirmation
# email (one per 3 minutes), where a minute is a hint, not a promise.
RATE_LIMIT_RETRY_AFTER = 60

DATABASE_ERRORS = (OperationalError, InterfaceError)
# SQLSTATE classes meaning the server is not there for us: 08 connection
# exception, 53 insufficient resources (too many connections, disk full),
# 57P operator intervention (shutting down, starting up, database dropped;
# not 57014, a cancelled statement, which is a slow query to look at).
_UNAVAILABLE_SQLSTATES = ("08", "53", "57P")


def is_outage(error: BaseException | None) -> bool:
    """Is `error` the database being unreachable (rather than a bug)?"""
    if not isinstance(error, DATABASE_ERRORS):
        return False
    cause = error.__cause__  # the driver's own error, which Django wraps
    if not hasattr(cause, "sqlstate"):
        # Not psycopg: SQLite's OperationalErrors are missing tables and
        # locked files in development, never a server going away.
        return False
    return cause.sqlstate is None or cause.sqlstate.startswith(_UNAVAILABLE_SQLSTATES)


def _posted_text(request: HttpRequest) -> str | None:
    """The `body` of a posted comment form, if this request carried one and
    passed the CSRF check. A forged post must not come back as a page that
    offers the member "Try again" (with their token) on someone else's text.
    """
    if request.method != "POST" or not getattr(request, "csrf_processing_done", False):
        return None
    try:
        return request.POST.get("body")
    except (SuspiciousOperation, MultiPartParserError, OSError):
        return None  # a body Django would not read is not worth showing back


def unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 page for `request`, rendered without touching the database."""
    body = _posted_text(request)
    context = {
        "static_url": settings.STATIC_URL,
        # Where "Try again" goes: this page, never "//elsewhere" (a path that
        # starts with two slashes would leave the site, the token with it).
        "path": "/" + request.get_full_path().lstrip("/\\"),
        "body": body,
        # The "Try again" form posts the text back; the token is the CSRF
        # cookie's, which needs no database.
        "csrf_token": get_token(request) if body is not None else "",
    }
    # No request: context processors would ask the database (the disclaimer,
    # the member), and the template is written to need nothing.
    response = HttpResponse(
        render_to_string("503.html", context),
        status=HTTPStatus.SERVICE_UNAVAILABLE,
    )
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    add_never_cache_headers(response)  # it may hold what the reader wrote
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    # One line, no traceback; marks the response logged, so Django does not
    # log it again as an error.
    log_response(
        "Database unreachable, answered 503 to %s %s: %s",
        request.method,
        request.path,
        reason,
        response=response,
        request=request,
        logger=logger,
        level="warning",
    )
    return response


class DatabaseOutageMiddleware:
    """Answers the outage page for a database outage met below it.

    Placed above the session, authentication and message middleware, which
    may read the database, and above every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except DATABASE_ERRORS as error:
            if not is_outage(error):
                raise
            return unavailable(request, error)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if is_outage(exception):
            return unavailable(request, exception)
        return None


class RetryAfterMiddleware:
    """Every 429 says when to come back: a response that set its own
    `Retry-After` keeps it, any other gets RATE_LIMIT_RETRY_AFTER."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS and not (
            response.has_header("Retry-After")
        ):
            response["Retry-After"] = str(RATE_LIMIT_RETRY_AFTER)
        return response
