"""Moderators and staff sign in with a second step before they act.

For a member who must use two-factor sign-in and has not set it up
(forum.services.two_factor), every request to a moderation page (any
app's views named `moderation_*`: the forum's, the reveal of an anonymous
author among them, and the community's pin and move) or to the admin is sent to allauth's authenticator-app set-up,
with `next` back to where they were going and a message saying why.
Nothing is done on the way: a POST is answered with the same redirect
before its view runs. htmx requests get an `HX-Redirect`
(forum.htmx.HtmxRedirectMiddleware turns the redirect into one).

Only those pages pay for the check (one query); every other page is left
as it was. The admin's sign-in and sign-out stay open: signing in is
allauth's (and asks for the code once one is set up).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext_lazy as _

from forum.htmx import is_htmx
from forum.services.two_factor import lacks_two_factor

WHY = _(
    "Moderators and staff sign in with a second step, so that a stolen "
    "password is not enough to act on what other people wrote. Set up "
    "two-factor sign-in with an authenticator app to continue."
)
_ADMIN_OPEN = {"login", "logout"}


def guarded_home(match: ResolverMatch | None) -> str | None:
    """The URL name of the start page of the guarded section `match` is in
    (the moderation queue, the admin's index), or None for any other page."""
    if match is None or not match.url_name:
        return None
    if match.namespaces[:1] == ["admin"]:
        return None if match.url_name in _ADMIN_OPEN else "admin:index"
    # Any app's moderation views (the forum's, the community's pin and
    # move) are named so.
    if match.url_name.startswith("moderation_"):
        return "forum:moderation_queue"
    return None


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        home = guarded_home(request.resolver_match)
        if home is None or not lacks_two_factor(request.user):
            return None
        messages.warning(request, WHY)
        # Back to the page they asked for; after a form or a fragment, to
        # the section's start page (a POST's URL cannot be opened again).
        if request.method in ("GET", "HEAD") and not is_htmx(request):
            back = request.get_full_path()
        else:
            back = reverse(home)
        setup = reverse("mfa_activate_totp")
        return HttpResponseRedirect(f"{setup}?{urlencode({'next': back})}")
