"""Every role against every discussion write, with and without a CSRF token."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Acceptance, Comment
from tests.factories import MemberFactory

TOKEN = "a" * 32  # an unmasked CSRF secret, as a browser's cookie holds it
ROLES = ["anonymous", "unverified", "suspended", "other_member", "author"]


@pytest.fixture
def setup(discussion, no_rate_limits):
    author = MemberFactory(display_name="Comment Author")
    services.accept_disclaimer(member=author, disclaimer=current_disclaimer())
    comment = services.post_comment(
        discussion=discussion, author=author, body="Original words"
    )
    people = {
        "author": author,
        "other_member": MemberFactory(),
        "unverified": MemberFactory(verified=False),
        "suspended": MemberFactory(suspended_until=timezone.now() + timedelta(days=3)),
    }
    for person in people.values():
        services.accept_disclaimer(member=person, disclaimer=current_disclaimer())
    return discussion, comment, people


def client_as(role, people, *, with_token: bool) -> tuple[Client, dict]:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(people[role])
    client.cookies["csrftoken"] = TOKEN
    return client, ({"csrfmiddlewaretoken": TOKEN} if with_token else {})


def snapshot(discussion):
    return list(
        Comment.objects.filter(discussion=discussion).values_list(
            "pk", "body", "status"
        )
    )


ACTIONS = {
    # action: (url, data, roles allowed to succeed)
    "post": (
        lambda d, c: f"/discussions/{d.pk}/comments/",
        {"body": "New words"},
        {"author", "other_member"},
    ),
    "reply": (
        lambda d, c: f"/c/{c.pk}/reply/",
        {"body": "Reply words"},
        {"author", "other_member"},
    ),
    "edit": (lambda d, c: f"/c/{c.pk}/edit/", {"body": "Changed words"}, {"author"}),
    "delete": (lambda d, c: f"/c/{c.pk}/delete/", {}, {"author"}),
}


@pytest.mark.parametrize("with_token", [True, False], ids=["csrf", "no-csrf"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_write_succeeds_only_for_the_right_person_with_a_token(
    setup, action, role, with_token
):
    discussion, comment, people = setup
    url, data, allowed = ACTIONS[action]
    client, token = client_as(role, people, with_token=with_token)
    before = snapshot(discussion)

    response = client.post(url(discussion, comment), {**data, **token})

    if not with_token:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert snapshot(discussion) == before
    elif role in allowed:
        assert response.status_code == HTTPStatus.FOUND
        assert snapshot(discussion) != before
    else:
        assert snapshot(discussion) == before
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("with_token", [True, False], ids=["csrf", "no-csrf"])
def test_accepting_the_disclaimer_needs_a_token(db, with_token):
    member = MemberFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.cookies["csrftoken"] = TOKEN
    data = {"version": current_disclaimer().version, "next": "/"}
    if with_token:
        data["csrfmiddlewaretoken"] = TOKEN
    response = client.post("/disclaimer/accept/", data)
    accepted = Acceptance.objects.filter(member=member).exists()
    assert accepted is with_token
    assert response.status_code == (
        HTTPStatus.FOUND if with_token else HTTPStatus.FORBIDDEN
    )


def test_anonymous_cannot_accept_the_disclaimer(client, db):
    response = client.post(
        "/disclaimer/accept/", {"version": current_disclaimer().version}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert not Acceptance.objects.exists()
