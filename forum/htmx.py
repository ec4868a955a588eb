"""htmx requests: recognising them, and redirects that leave the fragment.

A browser follows a redirect inside an htmx request silently and htmx then
swaps whatever page it lands on into the target: a whole sign-in page, with
its own header and footer, inside a thread. So every redirect answered to an
htmx request (sign in first, a page moved) becomes an `HX-Redirect`, which
makes the browser go there as a normal navigation. Done once, here, for every
view, so no view can forget it.
"""

from django.http import HttpRequest, HttpResponse


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class HtmxRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_htmx(request) and 300 <= response.status_code < 400:
            location = response.get("Location")
            if location:
                redirect = HttpResponse(status=204)
                redirect["HX-Redirect"] = location
                return redirect
        return response
