"""Redirect targets taken from a request (`next`): paths on this site only.

Threat model: a `next` is typed by whoever built the link, so it may point
off-site (an open redirect), hold control characters, or be a bare word.
`django.shortcuts.redirect()` (which allauth uses too) tries any string as a
view name before it treats it as a URL, so a word such as "home" or
"forum:profile_edit" is reversed, or answers 500 when it names a view that
needs arguments. Only a path that starts with a single "/" and holds no
control or format character is followed: it can never be taken for a view
name, and it stays on the host the request came to.
"""

import unicodedata

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Control (Cc), format (Cf: bidi controls, zero-width), surrogate (Cs).
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs"}


def local_path(value: str | None, request: HttpRequest) -> str | None:
    """`value` if it is a path on this site to redirect to, else None."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in value):
        return None
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return value
