"""Rules that match what members are promised."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Acceptance, Comment, Member, NameReservation
from tests.factories import ColumnistFactory, MemberFactory, ModeratorFactory
from tests.forum.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(poster):
    poster.suspended_until = timezone.now() + timedelta(days=3)
    poster.save()
    return poster


def test_suspended_member_can_still_delete_their_own_comment(discussion, poster):
    mine = services.post_comment(discussion=discussion, author=poster, body="Mine")
    poster.suspended_until = timezone.now() + timedelta(days=3)
    poster.save()
    response = client_for(poster).post(f"/c/{mine.pk}/delete/")
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.filter(pk=mine.pk).exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == 0


def test_suspended_member_sees_delete_on_their_comment(discussion, poster, article):
    mine = services.post_comment(discussion=discussion, author=poster, body="Mine")
    poster.suspended_until = timezone.now() + timedelta(days=3)
    poster.save()
    response = client_for(poster).get(article.get_absolute_url())
    assert f"/c/{mine.pk}/delete/" in response.text


def test_suspended_member_cannot_change_name_or_bio(suspended):
    before = (suspended.display_name, suspended.bio)
    client = client_for(suspended)
    page = client.get("/account/profile/")
    assert "suspended until" in page.text and "Save profile" not in page.text
    response = client.post(
        "/account/profile/", {"display_name": "Brand New Name", "bio": "changed"}
    )
    suspended.refresh_from_db()
    assert (suspended.display_name, suspended.bio) == before
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FORBIDDEN}
    with pytest.raises(PermissionDenied):
        services.update_profile(member=suspended, display_name="Other", bio="")


@pytest.fixture
def locked(discussion):
    discussion.is_locked = True
    discussion.save()
    return discussion


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_moderators_and_staff_may_post_in_a_locked_discussion(locked, accept, role):
    person = ModeratorFactory() if role == "moderator" else MemberFactory(is_staff=True)
    accept(person)
    response = client_for(person).post(
        f"/discussions/{locked.pk}/comments/", {"body": "Locked, and here is why."}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(discussion=locked, author=person).exists()


@pytest.mark.parametrize("role", ["member", "columnist"])
def test_nobody_else_may_post_in_a_locked_discussion(locked, accept, role):
    person = MemberFactory() if role == "member" else ColumnistFactory()
    accept(person)
    with pytest.raises(ValidationError):
        services.post_comment(discussion=locked, author=person, body="Let me in")
    assert not Comment.objects.exists()


def test_moderator_sees_the_form_and_a_lock_notice(locked, accept, article):
    moderator = accept(ModeratorFactory())
    response = client_for(moderator).get(article.get_absolute_url())
    assert "Post comment" in response.text
    assert "As a moderator you can still post" in response.text


def rename(member, name):
    return services.update_profile(member=member, display_name=name, bio="")


def test_a_name_given_up_is_held_for_thirty_days(member, settings):
    old = member.display_name
    rename(member, "Fresh Start")
    assert Member.objects.name_taken(old)
    assert not Member.objects.name_taken(old, exclude=member)  # theirs to take back
    held = NameReservation.objects.get(member=member)
    days = (held.reserved_until - timezone.now()).days
    assert days == settings.CAIRN_NAME_RESERVATION_DAYS - 1
    NameReservation.objects.update(reserved_until=timezone.now() - timedelta(1))
    assert not Member.objects.name_taken(old)


def test_a_name_held_back_is_refused_at_sign_up_with_the_usual_message(member, client):
    old = member.display_name
    rename(member, "Fresh Start")
    response = client.post(
        "/accounts/signup/",
        {
            "display_name": old,
            "email": "newcomer@example.org",
            "password1": "long-quiet-meadow-17",
            "password2": "long-quiet-meadow-17",
        },
    )
    assert "That display name is taken." in response.text
    assert not Member.objects.filter(email="newcomer@example.org").exists()


@pytest.mark.parametrize("factory", [ColumnistFactory, ModeratorFactory])
def test_trusted_voices_old_names_are_never_free(factory):
    voice = factory()
    old = voice.display_name
    rename(voice, "Someone Else Now")
    assert NameReservation.objects.get(member=voice).reserved_until is None
    other = MemberFactory()
    with pytest.raises(ValidationError):
        rename(other, old)


def test_unverified_member_cannot_accept_the_disclaimer(unverified_member):
    client = Client()
    client.force_login(unverified_member)
    response = client.post(
        "/disclaimer/accept/", {"version": current_disclaimer().version, "next": "/"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "confirm your email address" in response.text
    assert not Acceptance.objects.filter(member=unverified_member).exists()


def test_unverified_member_cannot_change_their_profile(unverified_member):
    client = client_for(unverified_member)
    client.post("/account/profile/", {"display_name": "Changed Name", "bio": "x"})
    unverified_member.refresh_from_db()
    assert unverified_member.display_name != "Changed Name"


def test_a_rename_in_the_admin_holds_a_columnists_old_name(superuser_client):
    voice = ColumnistFactory()
    old = voice.display_name
    response = superuser_client.post(
        f"/admin/forum/member/{voice.pk}/change/",
        {
            "email": voice.email,
            "display_name": "Renamed By Desk",
            "bio": "",
            "trust": voice.trust,
            "is_active": "on",
            "groups": [g.pk for g in voice.groups.all()],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.text[:3000]
    assert NameReservation.objects.get(member=voice).reserved_until is None
    assert Member.objects.name_taken(old)
