"""Authenticator-app codes computed the way a phone does (RFC 6238 over RFC
4226), written here from the RFCs and the standard library alone, so that a
test signing in with one checks allauth's side rather than agreeing with it.

Cairn's authenticators use what every app defaults to: HMAC-SHA1, six
digits, thirty-second steps, a base32 secret.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time

DIGITS = 6
STEP = 30  # seconds


def new_secret() -> str:
    """A fresh base32 secret of 160 bits (RFC 4226's recommended length)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def hotp(secret: str, counter: int) -> str:
    """RFC 4226 section 5.3: dynamic truncation of HMAC-SHA1(secret, counter)."""
    key = base64.b32decode(_padded(secret.replace(" ", "").upper()))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[19] & 0x0F
    (number,) = struct.unpack(">I", digest[offset : offset + 4])
    return str((number & 0x7FFFFFFF) % 10**DIGITS).zfill(DIGITS)


def step(at: float | None = None) -> int:
    """The RFC 6238 time step (T) at Unix time `at` (now by default)."""
    return int((time.time() if at is None else at) // STEP)


def totp(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows at Unix time `at` (now)."""
    return hotp(secret, step(at))


def fresh_totp(secret: str, *, used_step: int | None = None, margin: float = 3.0):
    """(code, step) for a code with at least `margin` seconds left to live,
    and never the code of `used_step`: allauth takes each code once (a
    replayed code is refused), so a second sign-in waits for the next one."""
    while True:
        now = time.time()
        left = STEP - now % STEP
        if left > margin and step(now) != used_step:
            return totp(secret, now), step(now)
        time.sleep(left + 0.05)


def secret_of(member) -> str | None:
    """The secret of `member`'s authenticator app, as their phone holds it
    (None without one); read the way allauth stores it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    found = Authenticator.objects.filter(
        user_id=member.pk, type=Authenticator.Type.TOTP
    ).first()
    return None if found is None else decrypt(found.data["secret"])


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 8)
