"""Refusals that Django answers before any view of ours runs."""

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The site's own page for a failed CSRF check (CSRF_FAILURE_VIEW).

    Django's default renders its template without the request, so the page
    would not know who is signed in; the reason is for logs, not readers."""
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)
