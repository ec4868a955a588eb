"""Concurrent replies to one parent, in real transactions on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from forum import services
from forum.models import Comment
from tests.factories import MemberFactory

pytestmark = [
    # serialized_rollback: the disclaimer and groups come from data migrations.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]

REPLIERS = 20


def test_twenty_concurrent_replies_to_one_parent_all_land_with_distinct_paths(
    discussion, accept, no_rate_limits
):
    authors = accept(*MemberFactory.create_batch(REPLIERS))
    parent = services.post_comment(
        discussion=discussion, author=authors[0], body="Start"
    )
    barrier = threading.Barrier(REPLIERS)
    errors: list[BaseException] = []

    def reply(author):
        try:
            barrier.wait(timeout=10)
            services.post_comment(
                discussion=discussion,
                author=author,
                body=f"Reply from {author.pk}",
                parent=parent,
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=reply, args=(a,)) for a in authors]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert errors == []
    replies = list(
        Comment.objects.filter(parent=parent).values_list("path", "author_id")
    )
    assert len(replies) == REPLIERS
    assert len({path for path, _ in replies}) == REPLIERS
    assert {author for _, author in replies} == {a.pk for a in authors}
    parent.refresh_from_db()
    assert parent.child_seq == REPLIERS
    discussion.refresh_from_db()
    assert discussion.comment_count == REPLIERS + 1
