"""One-click unsubscribe from notification email (RFC 8058), by a signed
link that works without signing in (forum.services.notification_settings).

GET shows a page with an "Unsubscribe" button and changes nothing: mail
scanners and link previews open every link in a message, and must not
unsubscribe anyone by looking. POST unsubscribes. It is exempt from CSRF
on purpose: RFC 8058's one-click POST comes from the mail provider's
servers, with the body `List-Unsubscribe=One-Click` and no cookie, so it
could never carry a CSRF token. The signed token in the URL is the whole
authorisation; it can only turn email off, for the one member it names,
once. A token holder is not signed in as that member: the pages name no
one and show no address.

The POST answers with a page, not a redirect: a mail provider follows
none, and a reload only meets the "already used" page.
"""

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from forum.services import notification_settings
from forum.services.notification_settings import Unsubscribe

STATUSES = {
    Unsubscribe.READY: HTTPStatus.OK,
    Unsubscribe.DONE: HTTPStatus.OK,
    Unsubscribe.USED: HTTPStatus.OK,
    Unsubscribe.OUT_OF_DATE: HTTPStatus.GONE,
    Unsubscribe.INVALID: HTTPStatus.BAD_REQUEST,
}


def one_click(
    request: HttpRequest, token: str, *, check, use, template: str
) -> HttpResponse:
    """A one-click unsubscribe link's page: `check(token=…)` on GET (which
    changes nothing), `use(token=…)` on POST, each an `Unsubscribe`; shared
    by members' notification email and guests' reply email
    (forum.views.guests), whose views are CSRF-exempt for the reason above."""
    outcome = use(token=token) if request.method == "POST" else check(token=token)
    return render(
        request, template, {"outcome": outcome.value}, status=STATUSES[outcome]
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return one_click(
        request,
        token,
        check=notification_settings.check_unsubscribe,
        use=notification_settings.unsubscribe,
        template="forum/notifications/unsubscribe.html",
    )
