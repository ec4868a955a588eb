"""Every role against every write, with and without a CSRF token.

Roles down, write URLs across. A write that is refused leaves the database
exactly as it was (comments, acceptances, profiles, held names); one that
is allowed changes it. Extend WRITES with every new write URL.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Acceptance, Comment, Member, NameReservation
from tests.factories import ColumnistFactory, MemberFactory, ModeratorFactory

TOKEN = "a" * 32  # an unmasked CSRF secret, as a browser's cookie holds it
ROLES = [
    "anonymous",
    "unverified",
    "member",  # verified, has not accepted the disclaimer
    "suspended",
    "author",
    "other_member",
    "columnist",
    "moderator",
    "staff",
]
# Who has accepted the disclaimer in force (set up directly: even the
# unverified member, so only the verification can be what stops them).
ACCEPTED = set(ROLES) - {"anonymous", "member"}
POSTERS = {"author", "other_member", "columnist", "moderator", "staff"}
SIGNED_IN_VERIFIED = set(ROLES) - {"anonymous", "unverified"}

# write: (url(discussion, comment), data, roles for which it succeeds)
WRITES = {
    "post": (
        lambda d, c: f"/discussions/{d.pk}/comments/",
        {"body": "New words"},
        POSTERS,
    ),
    "reply": (lambda d, c: f"/c/{c.pk}/reply/", {"body": "Reply words"}, POSTERS),
    "edit": (lambda d, c: f"/c/{c.pk}/edit/", {"body": "Changed words"}, {"author"}),
    "delete": (lambda d, c: f"/c/{c.pk}/delete/", {}, {"author"}),
    "accept_disclaimer": (
        lambda d, c: "/disclaimer/accept/",
        {"version": "current", "next": "/"},
        SIGNED_IN_VERIFIED,
    ),
    "profile": (
        lambda d, c: "/account/profile/",
        {"display_name": "Quite New Name", "bio": "A new bio"},
        SIGNED_IN_VERIFIED - {"suspended"},
    ),
}


@pytest.fixture
def setup(discussion, no_rate_limits):
    author = MemberFactory(display_name="Comment Author")
    people = {
        "author": author,
        "member": MemberFactory(),
        "other_member": MemberFactory(),
        "unverified": MemberFactory(verified=False),
        "suspended": MemberFactory(suspended_until=timezone.now() + timedelta(days=3)),
        "columnist": ColumnistFactory(),
        "moderator": ModeratorFactory(),
        "staff": MemberFactory(is_staff=True),
    }
    for role in ACCEPTED - {"anonymous"}:
        Acceptance.objects.get_or_create(
            member=people[role], disclaimer=current_disclaimer()
        )
    comment = services.post_comment(
        discussion=discussion, author=author, body="Original words"
    )
    return discussion, comment, people


def client_as(role, people, *, with_token: bool) -> tuple[Client, dict]:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(people[role])
    client.cookies["csrftoken"] = TOKEN
    return client, ({"csrfmiddlewaretoken": TOKEN} if with_token else {})


def snapshot(discussion):
    return (
        list(
            Comment.objects.filter(discussion=discussion)
            .order_by("pk")
            .values_list("pk", "body", "status")
        ),
        sorted(Acceptance.objects.values_list("member_id", "disclaimer_id")),
        sorted(Member.objects.values_list("pk", "display_name", "bio")),
        sorted(NameReservation.objects.values_list("member_id", "name_key")),
    )


@pytest.mark.parametrize("with_token", [True, False], ids=["csrf", "no-csrf"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", list(WRITES))
def test_write_succeeds_only_for_the_right_person_with_a_token(
    setup, write, role, with_token
):
    discussion, comment, people = setup
    url, data, allowed = WRITES[write]
    if data.get("version") == "current":
        data = {**data, "version": current_disclaimer().version}
    client, token = client_as(role, people, with_token=with_token)
    before = snapshot(discussion)

    response = client.post(url(discussion, comment), {**data, **token})

    if not with_token:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert snapshot(discussion) == before
    elif role in allowed:
        assert response.status_code == HTTPStatus.FOUND
        if not (write == "accept_disclaimer" and role in ACCEPTED):
            assert snapshot(discussion) != before  # (accepting twice: no change)
    else:
        assert snapshot(discussion) == before
        if role == "anonymous":
            assert response.status_code == HTTPStatus.FOUND
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code in {
                HTTPStatus.FORBIDDEN,
                HTTPStatus.BAD_REQUEST,  # a locked or refused text, kept
            }


def test_matrix_covers_every_write_url():
    """A new write URL in forum.urls must be added to WRITES."""
    from forum import urls

    reads = {"comment_permalink", "discussion_rows", "disclaimer_detail"}
    writes = {p.name for p in urls.urlpatterns} - reads
    covered = {
        "comment_create",
        "comment_reply",
        "comment_edit",
        "comment_delete",
        "disclaimer_accept",
        "profile_edit",
    }
    assert writes <= covered, writes - covered
    assert len(WRITES) == len(covered)
