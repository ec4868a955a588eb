"""Concurrent replies to one parent, in real transactions on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from forum import services
from forum.models import Comment
from tests.concurrency import fire_at_once
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


@pytest.mark.parametrize("with_reply", [False, True], ids=["alone", "with-reply"])
def test_twenty_concurrent_edits_and_deletes_of_one_comment_answer_politely(
    discussion, accept, no_rate_limits, with_reply
):
    from django.test import Client

    author, other = accept(*MemberFactory.create_batch(2))
    target = services.post_comment(discussion=discussion, author=author, body="Mine")
    if with_reply:
        services.post_comment(
            discussion=discussion, author=other, body="An answer", parent=target
        )
    clients = []
    for _ in range(REPLIERS):
        client = Client()
        client.force_login(author)
        clients.append(client)

    def delete(client):
        return lambda: client.post(f"/c/{target.pk}/delete/")

    def edit(client, n):
        return lambda: client.post(f"/c/{target.pk}/edit/", {"body": f"Edit {n}"})

    requests = [delete(c) if n % 2 else edit(c, n) for n, c in enumerate(clients)]
    results = fire_at_once(requests)

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    gone = Comment.objects.filter(pk=target.pk).first()
    if with_reply:
        assert gone.status == Comment.Status.DELETED and gone.body == ""
    else:
        assert gone is None
    discussion.refresh_from_db()
    assert discussion.comment_count == (
        Comment.objects.filter(discussion=discussion, status="published").count()
    )
    # Exactly one delete did it; every other request was told politely.
    said = [
        [str(m) for m in r.wsgi_request._messages._queued_messages] for r in results
    ]
    assert sum("Your comment is deleted." in words for words in said) == 1
    for response in results:
        assert response.status_code in {200, 302, 404, 410}, response.status_code
