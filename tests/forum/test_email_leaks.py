"""The email-leak test (issue 19): a member's email address appears in no
page, fragment, feed or email that another member or a reader receives.

It runs on the scene of the anonymity leak test (tests/forum/
test_anonymity_leaks.py): the demo seeded, with more activity on top
(mentions, replies, a report, a moderator's note and removal, an immediate
email and a digest), and walks the same list of every URL of ours (a new
URL fails that module's guard until it is reached or excused), plus the
account pages allauth serves. Each is fetched as a reader, three other
members and a moderator, with pages of three comments, both sorts, every
page of the sensitive discussion. Every response (body and headers, every
redirect on the way) is searched for every address any member holds
(primary or not, verified or not), as typed and as it would read in a
link; only the viewer's own addresses may appear, on the viewer's own
account pages. Then every email sent is searched for every address but its
recipient's.
"""

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from articles import demo_anonymity, demo_content
from forum.models import Member
from tests.forum import test_anonymity_leaks as leaks
from tests.forum.test_anonymity_leaks import NOT_PAGES, _body, _comments, _reach
from tests.routes import our_urls

pytestmark = pytest.mark.django_db

# The anonymity leak test's scene, used here as it is.
scene = leaks.scene

# allauth's pages a visitor or a member reaches (ours are all in our_urls).
ACCOUNT_PAGES = (
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
)


def _addresses() -> dict[int, set[str]]:
    """Every address of every member, by member id."""
    held: dict[int, set[str]] = {}
    for pk, email in Member.objects.values_list("pk", "email"):
        held.setdefault(pk, set()).add(email.casefold())
    for pk, email in EmailAddress.objects.values_list("user_id", "email"):
        held.setdefault(pk, set()).add(email.casefold())
    return held


def _found(text: str, addresses: set[str]) -> list[str]:
    lowered = text.casefold()
    return sorted(
        address
        for address in addresses
        if address in lowered or quote(address).casefold() in lowered
    )


def test_no_member_email_reaches_another_member_or_a_reader(scene, mailoutbox):
    held = _addresses()
    everyone = set().union(*held.values())
    assert len(everyone) >= 10, "the demo has members with addresses"
    people = scene.people
    viewers = {
        "reader": None,
        "member mailed at once": people[demo_anonymity.PRIYA],
        "member on the digest": people["Ben Achterberg"],
        "columnist": people[demo_content.COLUMNIST.display_name],
        "moderator": people[demo_content.MODERATOR.display_name],
    }
    urls = [(n, p) for n, p in our_urls() if n not in NOT_PAGES]
    scene.targets = _comments()
    pages, leaks, errors = 0, [], []
    for label, viewer in viewers.items():
        others = everyone - held.get(viewer.pk, set()) if viewer else everyone
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        fetches = [
            fetch for name, _pattern in urls for fetch in _reach(name, viewer, scene)
        ]
        fetches += [("GET", path, {}) for path in ACCOUNT_PAGES]
        for method, path, headers in fetches:
            send = client.post if method == "POST" else client.get
            data = {"note": "Kept."} if method == "POST" else None
            response = send(path, data, headers=headers, follow=True)
            hops = " ".join(hop for hop, _status in response.redirect_chain)
            leaks += [
                f"{label} {method} {path}: {address}"
                for address in _found(hops + "\n" + _body(response), others)
            ]
            if response.status_code >= 500:
                errors.append(f"{label} {method} {path}: {response.status_code}")
            if response.status_code == 200:
                pages += 1
    assert mailoutbox, "the scene mailed people"
    for message in mailoutbox:
        recipients = {address.casefold() for address in message.to}
        parts = [message.subject, message.body, str(message.message())]
        parts += [content for content, _kind in getattr(message, "alternatives", [])]
        text = "\n".join(str(part) for part in parts)
        leaks += [
            f"email to {message.to}: {address}"
            for address in _found(text, everyone - recipients)
        ]
    print(
        f"\nEmail-leak test: {pages} pages as {len(viewers)} viewers and "
        f"{len(mailoutbox)} emails searched for {len(everyone)} addresses: none leaks."
    )
    assert not leaks, "\n".join(leaks[:50])
    assert not errors, "\n".join(errors[:50])
    assert pages >= 1000


def test_the_detector_finds_an_address_where_there_is_one(scene):
    """The search above is not blind: a member's own account page holds
    their address, as typed, and so does a link to it."""
    member = scene.people[demo_anonymity.PRIYA]
    client = Client()
    client.force_login(member)
    page = client.get("/account/profile/")
    assert _found(_body(page), {member.email.casefold()}) == [member.email.casefold()]
    assert _found(f"/x/?to={quote(member.email)}", {member.email.casefold()})
