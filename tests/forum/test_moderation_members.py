"""Suspending members and lifting suspensions, and what a suspension stops."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum import services
from forum.models import PERMANENT_SUSPENSION, Comment, ModerationAction
from forum.services.standing import Block
from tests.factories import ColumnistFactory, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind


# --- suspending members -----------------------------------------------------


@pytest.mark.parametrize("days", [1, 7, 30, None])
def test_suspend_member_sets_until_and_reason_logs_it_and_stops_posting(
    discussion, poster, moderator, accept, days
):
    own = services.post_comment(discussion=discussion, author=poster, body="Mine")
    now = timezone.now()

    services.suspend_member(
        member=poster, moderator=moderator, days=days, reason="Repeated abuse.", now=now
    )

    poster.refresh_from_db()
    until = PERMANENT_SUSPENSION if days is None else now + timedelta(days=days)
    assert poster.suspended_until == until
    assert poster.suspension_reason == "Repeated abuse."
    assert poster.unseen_notices == 1
    log = ModerationAction.objects.get()
    assert (log.kind, log.member, log.actor, log.until, log.note) == (
        Kind.SUSPEND,
        poster,
        moderator,
        until,
        "Repeated abuse.",
    )
    with pytest.raises(PermissionDenied) as refused:
        services.check_can_post(poster, discussion=discussion)
    message = str(refused.value)
    assert "Repeated abuse." in message
    assert ("until further notice" in message) is (days is None)
    with pytest.raises(PermissionDenied):
        services.post_comment(discussion=discussion, author=poster, body="Again")
    others = services.post_comment(
        discussion=discussion, author=accept(moderator), body="A word."
    )
    with pytest.raises(PermissionDenied):
        services.report_comment(comment=others, reporter=poster, reason="abuse")

    services.delete_comment(comment=own, member=poster)
    assert not Comment.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("days", [1, 7, 30])
def test_suspension_ends_by_itself(discussion, poster, moderator, days):
    now = timezone.now()
    services.suspend_member(
        member=poster, moderator=moderator, days=days, reason="Cool off.", now=now
    )
    poster.refresh_from_db()
    end = now + timedelta(days=days)

    before_end = end - timedelta(seconds=1)
    after_end = end + timedelta(seconds=1)
    assert poster.is_suspended(before_end) is True
    assert services.posting_block(poster, now=before_end) == Block.SUSPENDED
    assert poster.is_suspended(after_end) is False
    assert services.posting_block(poster, discussion=discussion, now=after_end) is None
    services.check_can_post(poster, discussion=discussion, now=after_end)


def test_permanent_suspension_does_not_end(poster, moderator):
    services.suspend_member(member=poster, moderator=moderator, days=None, reason="x")
    poster.refresh_from_db()

    years_later = timezone.now() + timedelta(days=365 * 50)
    assert poster.is_suspended(years_later) is True
    assert poster.is_suspended_for_good() is True


@pytest.mark.parametrize("days", [0, 2, -1, 365])
def test_suspend_member_for_unoffered_length_raises_validation_error(
    poster, moderator, days
):
    with pytest.raises(ValidationError) as refused:
        services.suspend_member(
            member=poster, moderator=moderator, days=days, reason="x"
        )
    assert refused.value.code == "days"
    poster.refresh_from_db()
    assert poster.suspended_until is None


def test_suspend_member_without_reason_raises_validation_error(poster, moderator):
    with pytest.raises(ValidationError) as refused:
        services.suspend_member(member=poster, moderator=moderator, days=7, reason=" ")
    assert refused.value.code == "reason"
    poster.refresh_from_db()
    assert poster.suspended_until is None


@pytest.mark.parametrize(
    "make",
    [ModeratorFactory, lambda: MemberFactory(is_staff=True)],
    ids=["moderator", "staff"],
)
def test_moderator_cannot_suspend_moderator_or_staff_but_superuser_can(
    moderator, superuser, make
):
    target = make()

    with pytest.raises(PermissionDenied):
        services.suspend_member(
            member=target, moderator=moderator, days=7, reason="Rude."
        )
    target.refresh_from_db()
    assert target.suspended_until is None
    assert not ModerationAction.objects.exists()

    services.suspend_member(member=target, moderator=superuser, days=7, reason="Rude.")
    target.refresh_from_db()
    assert target.is_suspended()


def test_moderator_cannot_suspend_themselves(moderator):
    with pytest.raises(PermissionDenied):
        services.suspend_member(
            member=moderator, moderator=moderator, days=1, reason="Tired."
        )
    moderator.refresh_from_db()
    assert moderator.suspended_until is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: MemberFactory(),
        lambda: MemberFactory(is_staff=True),
        lambda: ColumnistFactory(),
    ],
    ids=["member", "plain-staff", "columnist"],
)
def test_suspend_member_by_non_moderator_raises_permission_denied(
    poster, settings, make
):
    settings.CAIRN_COLUMNISTS_MODERATE = True
    with pytest.raises(PermissionDenied):
        services.suspend_member(member=poster, moderator=make(), days=1, reason="x")
    poster.refresh_from_db()
    assert poster.suspended_until is None


def test_lift_suspension_lets_member_post_again(discussion, poster, moderator):
    services.suspend_member(member=poster, moderator=moderator, days=30, reason="x")

    services.lift_suspension(member=poster, moderator=moderator, note="Apologised.")

    poster.refresh_from_db()
    assert poster.suspended_until is None
    assert poster.suspension_reason == ""
    services.check_can_post(poster, discussion=discussion)
    log = ModerationAction.objects.filter(kind=Kind.UNSUSPEND).get()
    assert (log.member, log.actor, log.note) == (poster, moderator, "Apologised.")


def test_lift_suspension_of_member_not_suspended_raises_already_handled(
    poster, moderator
):
    with pytest.raises(ValidationError) as refused:
        services.lift_suspension(member=poster, moderator=moderator)
    assert refused.value.code == "already_handled"
    assert not ModerationAction.objects.exists()


def test_lift_suspension_by_non_moderator_raises_permission_denied(poster, moderator):
    services.suspend_member(member=poster, moderator=moderator, days=1, reason="x")

    with pytest.raises(PermissionDenied):
        services.lift_suspension(member=poster, moderator=MemberFactory(is_staff=True))
    poster.refresh_from_db()
    assert poster.is_suspended()
