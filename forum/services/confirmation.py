"""Asking again for the link that confirms an email address ("Resend the link").

The "check your inbox" page offers it after sign-up and when an unverified
member signs in. The address is the one allauth keeps in the session for the
sign-up or sign-in in progress (for `ACCOUNT_LOGIN_TIMEOUT`, 15 minutes);
without one, the visitor types it.

Threat model: anyone may ask, for any address, so the answer must not tell
whether an account uses the address (enumeration), and asking must not turn
Cairn into a way to flood someone's inbox.

- The same answer whatever the address: the rate limits below are consumed
  before anything is looked up, for known and unknown addresses alike.
- What is sent mirrors what allauth sends at sign-up: a new confirmation
  link to an address waiting for one; the "you already have an account"
  mail (sign in or reset your password) to a confirmed one; nothing to an
  address no account uses.
- Rate limits, allauth's own (its cache, and the client address it reads
  behind `TRUSTED_PROXY_COUNT` proxies): per address, allauth's
  `confirm_email` limit, one mail every 3 minutes, the very limit its
  sign-up and sign-in use, so asking again never yields more mail than
  allauth itself would send; per client, `RATE_LIMITS` below, so that one
  client cannot walk through a list of addresses.
"""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage, LoginStageController
from allauth.account.utils import user_email
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.http import HttpRequest

# allauth's rate-limit syntax: amount/period/per. (allauth's public helper
# reads only its own actions, hence its internal one with our config.)
RATE_LIMITS = {"resend_confirmation": "10/h/ip"}


def pending_confirmation_email(request: HttpRequest) -> str | None:
    """The address of the sign-up or sign-in waiting for email confirmation
    in this session, if any."""
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    if stage is None:
        return None
    login = stage.login
    return login.email or (user_email(login.user) if login.user else None) or None


def resend_confirmation(*, request: HttpRequest, email: str) -> bool:
    """Send `email` a fresh confirmation link if an account waits on it (see
    the module docstring for what else is sent). Returns False, having sent
    nothing, when the address or this client asked too recently; True
    otherwise, whether or not an account uses the address."""
    email = email.strip()
    client_allowed = allauth_ratelimit.consume(
        request,
        app="forum",
        action="resend_confirmation",
        config=RATE_LIMITS,
    )
    if not client_allowed:
        return False
    if not ratelimit.consume(request, action="confirm_email", key=email.lower()):
        return False
    addresses = EmailAddress.objects.filter(
        email__iexact=email, user__is_active=True
    ).select_related("user")
    if any(address.verified for address in addresses):
        get_adapter(request).send_account_already_exists_mail(email)
        return True
    for address in addresses:
        address.send_confirmation(request, signup=False)
    return True
