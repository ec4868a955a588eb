"""Refusals that Django answers before any view of ours runs."""

import logging
import sys
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.log import log_response
from django.views import defaults

from forum import outage


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The site's own page for a failed CSRF check (CSRF_FAILURE_VIEW).

    Django's default renders its template without the request, so the page
    would not know who is signed in; the reason is for logs, not readers."""
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)


def _megabytes(size: int | None) -> str:
    return f"{size / 1_048_576:.3g} MB" if size else ""


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: the site's page, rendered with the request, saying what
    was wrong when Django knows (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too
    many fields or files).

    Django logs those on `django.security.<name>` with the traceback of its
    form parser, which tells an operator nothing the one line does not: log
    the line here, which marks the response logged, so Django logs no more."""
    if isinstance(exception, RequestDataTooBig):
        reason = "too_large"
    elif isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        reason = "too_many_fields"
    else:
        reason = ""
    response = render(
        request,
        "400.html",
        {
            "reason": reason,
            "size_limit": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "comment_limit": settings.CAIRN_COMMENT_MAX_LENGTH,
        },
        status=HTTPStatus.BAD_REQUEST,
    )
    if reason:
        log_response(
            "%s (%s %s)",
            str(exception),
            request.method,
            request.path,
            response=response,
            request=request,
            logger=logging.getLogger(f"django.security.{type(exception).__name__}"),
            level="error",  # Django's level for these, so alerts stay as set
        )
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database outage met outside a view (in a middleware, or
    while rendering an error page that shows who is signed in) becomes a 500
    before DatabaseOutageMiddleware can see it: answer the outage page here
    too (see forum/outage.py)."""
    error = sys.exception()
    if outage.is_outage(error):
        return outage.unavailable(request, error)
    return defaults.server_error(request)
