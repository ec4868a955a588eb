"""Switching a discussion (lock, hold all) and the append-only moderation log."""

import pytest
from django.core.exceptions import ValidationError
from django.db import InternalError, ProgrammingError, connection, transaction

from forum import services
from forum.models import ModerationAction

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind


# --- discussions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "undo", "field"),
    [
        (Kind.LOCK, Kind.UNLOCK, "is_locked"),
        (Kind.HOLD_ALL, Kind.RELEASE_ALL, "holds_comments"),
    ],
)
def test_set_discussion_switches_and_repeating_raises_already_handled(
    discussion, moderator, kind, undo, field
):
    with pytest.raises(ValidationError) as refused:
        services.set_discussion(discussion=discussion, moderator=moderator, kind=undo)
    assert refused.value.code == "already_handled"

    services.set_discussion(discussion=discussion, moderator=moderator, kind=kind)
    discussion.refresh_from_db()
    assert getattr(discussion, field) is True
    with pytest.raises(ValidationError) as refused:
        services.set_discussion(discussion=discussion, moderator=moderator, kind=kind)
    assert refused.value.code == "already_handled"

    services.set_discussion(discussion=discussion, moderator=moderator, kind=undo)
    discussion.refresh_from_db()
    assert getattr(discussion, field) is False

    logged = list(
        ModerationAction.objects.order_by("pk").values_list("kind", "discussion")
    )
    assert logged == [(kind, discussion.pk), (undo, discussion.pk)]


def test_set_discussion_with_unknown_kind_raises_validation_error(
    discussion, moderator
):
    with pytest.raises(ValidationError) as refused:
        services.set_discussion(
            discussion=discussion, moderator=moderator, kind="approve"
        )
    assert refused.value.code == "kind"


def test_locked_discussion_refuses_member_but_not_moderator(
    discussion, poster, moderator, accept
):
    services.set_discussion(discussion=discussion, moderator=moderator, kind="lock")
    discussion.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.post_comment(discussion=discussion, author=poster, body="Hello")
    assert refused.value.code == "locked"
    services.post_comment(
        discussion=discussion, author=accept(moderator), body="Locked: see above."
    )


# --- the log is append-only --------------------------------------------------


@pytest.fixture
def logged(pending, moderator):
    services.approve_comment(comment=pending, moderator=moderator)
    return ModerationAction.objects.get()


def test_moderation_log_row_cannot_be_saved_again(logged):
    logged.note = "Rewritten history."
    with pytest.raises(TypeError):
        logged.save()
    assert ModerationAction.objects.get().note == ""


def test_moderation_log_row_cannot_be_deleted(logged):
    with pytest.raises(TypeError):
        logged.delete()
    assert ModerationAction.objects.filter(pk=logged.pk).exists()


def test_moderation_log_queryset_cannot_update_or_delete(logged):
    with pytest.raises(TypeError):
        ModerationAction.objects.filter(pk=logged.pk).update(note="x")
    with pytest.raises(TypeError):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.get().note == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE forum_moderationaction SET note = 'x' WHERE id = %s",
        "DELETE FROM forum_moderationaction WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_moderation_log_refuses_raw_sql_update_and_delete(logged, sql):
    # The savepoint is rolled back before the error reaches pytest.raises, so
    # the test's transaction can still be read from.
    with (
        pytest.raises((ProgrammingError, InternalError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [logged.pk])

    assert ModerationAction.objects.get(pk=logged.pk).note == ""
