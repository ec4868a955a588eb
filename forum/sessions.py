"""A member's signed-in sessions (allauth.usersessions' `UserSession`): one
row per browser signed in, with its device and when it was last seen, for
the "Active sessions" page (forum.views.sessions) and the data export.

Recorded at sign-in (forum.signals, on Django's `user_logged_in`, which
`Client.force_login` sends too) and refreshed by `SessionActivityMiddleware`
at most once every CAIRN_SESSION_SEEN_EVERY seconds: the session itself
holds when its row was last written (`SEEN_KEY`), so most requests cost no
query beyond reading the session, which the page does anyway. allauth's own
tracking (USERSESSIONS_TRACK_ACTIVITY) would write the row on every request.

Addresses: allauth keeps the whole address of each session (its field
needs one) for as long as the session lives. Cairn shows only its first
two parts (`partial_ip`: "203.0.x.x", "2001:db8:…"): enough for a member
to tell home from somewhere unexpected, not an address to pass around.
A sign-in without an address (a test client, a shell) is recorded with
UNKNOWN_IP, shown as an unknown network.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime

import ua_parser
from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import empty
from django.utils.translation import gettext as _

from forum.outage import DATABASE_ERRORS, is_outage

# In the session: [its key, the time its row was last written].
SEEN_KEY = "cairn_seen"
UNKNOWN_IP = "0.0.0.0"  # noqa: S104 - a placeholder stored, never bound to
_UA_LENGTH = UserSession._meta.get_field("user_agent").max_length


class SessionActivityMiddleware:
    """Keep the member's UserSession row's last seen time, at most once every
    CAIRN_SESSION_SEEN_EVERY seconds (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        # Only where the request already read the session and the member:
        # a view that needed neither (a permalink into the thread) stays at
        # its query count, and the next page that signs in refreshes it.
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is None
            or not session.accessed
            or not session.session_key
            or getattr(user, "_wrapped", empty) is empty
        ):
            return response
        try:
            if _due(session) and user.is_authenticated:
                record_session(request, user)
        except DATABASE_ERRORS as error:
            if not is_outage(error):
                raise
            # The page has answered the outage as every page does
            # (forum.outage); the row waits for the next request.
        return response


def _due(session, now: datetime | None = None) -> bool:
    seen = session.get(SEEN_KEY)
    now = now or timezone.now()
    return not (
        isinstance(seen, list)
        and len(seen) == 2
        and seen[0] == session.session_key
        and isinstance(seen[1], int | float)
        and 0 <= now.timestamp() - seen[1] < settings.CAIRN_SESSION_SEEN_EVERY
    )


def record_sign_in(request: HttpRequest | None, user) -> None:
    """Record the session `user` has just signed in with."""
    if request is None or not hasattr(request, "session"):
        return
    if not request.session.session_key:
        # A session flushed by the sign-in (another member's before) has
        # no key until it is saved.
        request.session.save()
    record_session(request, user)


def record_session(request: HttpRequest, user) -> None:
    """Write the request's UserSession row (device, address, last seen now)
    and note the time in the session."""
    now = timezone.now()
    key = request.session.session_key
    client = {
        "ip": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:_UA_LENGTH],
        "last_seen_at": now,
    }
    if not UserSession.objects.filter(session_key=key, user_id=user.pk).update(
        **client
    ):
        UserSession.objects.update_or_create(
            session_key=key, defaults={"user_id": user.pk, **client}
        )
    request.session[SEEN_KEY] = [key, int(now.timestamp())]


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth finds it (its proxy settings);
    UNKNOWN_IP when there is none."""
    try:
        address = get_adapter(request).get_client_ip(request)
        return str(ipaddress.ip_address(address))
    except (PermissionDenied, ValueError):
        return UNKNOWN_IP


def partial_ip(ip: str) -> str:
    """The first two parts of an address ("203.0.x.x", "2001:db8:…"); ""
    when it is unknown."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if address.is_unspecified:
        return ""
    if address.version == 4:
        first, second, *_rest = str(address).split(".")
        return f"{first}.{second}.x.x"
    groups = [group.lstrip("0") or "0" for group in address.exploded.split(":")]
    return f"{groups[0]}:{groups[1]}:\u2026"


# ua-parser's names, as people say them.
_BROWSERS = {
    "Mobile Safari": "Safari",
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "HeadlessChrome": "Chrome",
    "Edge Mobile": "Edge",
}
_SYSTEMS = {"Mac OS X": "macOS"}
# Where the device says more than the system does.
_DEVICES = {"iPhone", "iPad"}


def device_name(user_agent: str) -> str:
    """A name people know: "Firefox on Windows", "Safari on iPhone";
    "Unknown device" when the browser did not say."""
    parsed = ua_parser.parse(user_agent or "")
    browser = parsed.user_agent.family if parsed.user_agent else ""
    browser = _BROWSERS.get(browser, browser)
    place = ""
    if parsed.device and parsed.device.family in _DEVICES:
        place = parsed.device.family
    elif parsed.os and parsed.os.family != "Other":
        place = _SYSTEMS.get(parsed.os.family, parsed.os.family)
    if browser in ("", "Other"):
        return place or _("Unknown device")
    if not place:
        return browser
    return _("%(browser)s on %(system)s") % {"browser": browser, "system": place}


@dataclass(frozen=True, slots=True)
class Device:
    """One signed-in session as the member sees it."""

    pk: int
    name: str
    network: str  # partial_ip(); "" when unknown
    signed_in_at: datetime
    last_seen_at: datetime
    is_current: bool


def devices(sessions: list[UserSession], *, current_key: str | None) -> list[Device]:
    """`sessions` as the page lists them: this device first, then the most
    recently seen."""
    found = [
        Device(
            pk=session.pk,
            name=device_name(session.user_agent),
            network=partial_ip(session.ip),
            signed_in_at=session.created_at,
            last_seen_at=session.last_seen_at,
            is_current=session.session_key == current_key,
        )
        for session in sessions
    ]
    return sorted(
        found, key=lambda d: (not d.is_current, -d.last_seen_at.timestamp(), -d.pk)
    )
