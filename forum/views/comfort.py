"""The Display page: text size and theme, for everyone who reads Cairn
(forum.services.comfort). It works without JavaScript; the header's A−/A+
post here too, in place (204) when comfort.js sends them."""

from dataclasses import asdict
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forum.forms import ComfortForm
from forum.htmx import is_htmx
from forum.redirects import local_path
from forum.services import comfort as services


@require_http_methods(["GET", "HEAD", "POST"])
def comfort(request: HttpRequest) -> HttpResponse:
    current = services.comfort_for(
        user=request.user, cookie=request.COOKIES.get(services.COOKIE_NAME)
    )
    # The page the reader came from, to go back to once they have chosen.
    back = local_path(request.POST.get("next", request.GET.get("next")), request)
    if request.method != "POST":
        form = ComfortForm(initial=asdict(current))
        return _page(request, form, back)
    form = ComfortForm(request.POST)
    if not form.is_valid():
        return _page(request, form, back, status=HTTPStatus.BAD_REQUEST)
    chosen = current.changed(**form.cleaned_data)
    if request.user.is_authenticated:
        services.update_comfort(
            member=request.user, text_size=chosen.text_size, theme=chosen.theme
        )
    if is_htmx(request):
        response = HttpResponse(status=HTTPStatus.NO_CONTENT)
    else:
        messages.success(request, _saved_message(request))
        response = redirect(back or "forum:comfort")
    return _remember(response, chosen, request)


def _page(request, form, back, status=HTTPStatus.OK) -> HttpResponse:
    context = {"form": form, "back": back}
    return render(request, "forum/comfort/comfort_form.html", context, status=status)


def _saved_message(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return _("Saved: Cairn looks like this on every device you sign in on.")
    return _("Saved in this browser. Sign in to have it on your other devices too.")


def _remember(response: HttpResponse, chosen, request: HttpRequest) -> HttpResponse:
    # HttpOnly: no script reads it (the server draws the page from it), and
    # Lax: it comes with a link followed from elsewhere, as pages need it.
    response.set_cookie(
        services.COOKIE_NAME,
        chosen.cookie_value(),
        max_age=services.COOKIE_AGE,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
