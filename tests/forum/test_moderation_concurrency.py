"""Moderators acting on one comment at the same moment, in real transactions
on PostgreSQL: one of them acts, the others are told it is already handled."""

import pytest
from django.db import connection

from forum import services
from forum.models import Comment, ModerationAction, Reason
from tests.concurrency import fire_at_once
from tests.factories import ModeratorFactory, NewMemberFactory

pytestmark = [
    # serialized_rollback: the disclaimer and groups come from data migrations.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]

MODERATORS = 20
Kind = ModerationAction.Kind


@pytest.fixture
def pending(discussion, accept):
    comment = services.post_comment(
        discussion=discussion, author=accept(NewMemberFactory()), body="Held."
    )
    assert comment.status == Comment.Status.PENDING
    return comment


def as_seen_by_each(comment, n) -> list[Comment]:
    """What each moderator's request loaded before acting: its own copy."""
    return [
        Comment.objects.select_related("discussion").get(pk=comment.pk)
        for _ in range(n)
    ]


def published_count(discussion) -> int:
    return Comment.objects.filter(discussion=discussion, status="published").count()


def test_twenty_moderators_approving_one_comment_at_once_approve_it_once(
    discussion, pending
):
    moderators = ModeratorFactory.create_batch(MODERATORS)
    copies = as_seen_by_each(pending, MODERATORS)
    discussion.refresh_from_db()
    before = discussion.comment_count

    def approve(comment, moderator):
        return lambda: services.approve_comment(comment=comment, moderator=moderator)

    results = fire_at_once(
        [approve(c, m) for c, m in zip(copies, moderators, strict=True)]
    )

    approved = [r for r in results if isinstance(r, Comment)]
    handled = [r for r in results if isinstance(r, services.AlreadyHandled)]
    assert len(approved) == 1, results
    assert len(handled) == MODERATORS - 1, results
    assert ModerationAction.objects.filter(kind=Kind.APPROVE).count() == 1
    winner = ModerationAction.objects.get(kind=Kind.APPROVE).actor
    for refusal in handled:
        assert f"Already handled by {winner.display_name}" in refusal.messages[0]
    discussion.refresh_from_db()
    assert discussion.comment_count == before + 1
    assert discussion.comment_count == published_count(discussion)
    assert Comment.objects.get(pk=pending.pk).status == Comment.Status.PUBLISHED


def test_moderators_approving_and_removing_one_comment_at_once_do_one_thing(
    discussion, pending
):
    moderators = ModeratorFactory.create_batch(MODERATORS)
    copies = as_seen_by_each(pending, MODERATORS)

    def approve(comment, moderator):
        return lambda: services.approve_comment(comment=comment, moderator=moderator)

    def remove(comment, moderator):
        return lambda: services.remove_comment(
            comment=comment, moderator=moderator, reason=Reason.SPAM
        )

    results = fire_at_once(
        [
            (approve if n % 2 else remove)(c, m)
            for n, (c, m) in enumerate(zip(copies, moderators, strict=True))
        ]
    )

    done = [r for r in results if isinstance(r, Comment)]
    handled = [r for r in results if isinstance(r, services.AlreadyHandled)]
    assert len(done) == 1, results
    assert len(handled) == MODERATORS - 1, results
    actions = ModerationAction.objects.filter(kind__in=[Kind.APPROVE, Kind.REMOVE])
    assert actions.count() == 1
    outcome = Comment.objects.get(pk=pending.pk).status
    expected = {Kind.APPROVE: "published", Kind.REMOVE: "removed"}
    assert outcome == expected[actions.get().kind]
    discussion.refresh_from_db()
    assert discussion.comment_count == published_count(discussion)
