"""The second step of signing in, in the browser: the code a phone would
show, computed by tests/totp.py from the member's authenticator secret and
typed into allauth's page as a person types it."""

import re

from playwright.sync_api import Page, expect

from tests.totp import fresh_totp, secret_of

CODE_LABEL = "Code from your authenticator app, or a recovery code"

# allauth takes each code once: the step each member last signed in with,
# so that signing in again waits for the next code.
_used_steps: dict[int, int] = {}


def pass_second_step(page: Page, member) -> None:
    """Type `member`'s current code if signing in asks for one (a member
    with an authenticator app: moderators, columnists and staff made by the
    factories); nothing for a member without."""
    secret = secret_of(member)
    if secret is None:
        return
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    code, step = fresh_totp(secret, used_step=_used_steps.get(member.pk))
    _used_steps[member.pk] = step
    page.get_by_label(CODE_LABEL).fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()
