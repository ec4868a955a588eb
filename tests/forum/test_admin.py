from http import HTTPStatus

import pytest

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Comment, ModerationAction
from tests.factories import NewMemberFactory


def test_admin_adds_comment_through_the_posting_service(
    superuser, superuser_client, discussion
):
    services.accept_disclaimer(member=superuser, disclaimer=current_disclaimer())
    response = superuser_client.post(
        "/admin/forum/comment/add/",
        {
            "discussion": discussion.pk,
            "parent": "",
            "body": "Pinned *note* from the desk.",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get()
    assert comment.author == superuser and comment.path == "0001"
    assert "<em>note</em>" in comment.body_html
    discussion.refresh_from_db()
    assert discussion.comment_count == 1


def test_admin_add_comment_refused_without_disclaimer_acceptance(
    superuser_client, discussion
):
    response = superuser_client.post(
        "/admin/forum/comment/add/",
        {"discussion": discussion.pk, "parent": "", "body": "Hi"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "accept the medical disclaimer" in response.text
    assert not Comment.objects.exists()


def test_admin_comment_and_discussion_pages_load(
    superuser, superuser_client, discussion
):
    services.accept_disclaimer(member=superuser, disclaimer=current_disclaimer())
    comment = services.post_comment(
        discussion=discussion, author=superuser, body="Seen"
    )
    for url in (
        "/admin/forum/comment/",
        f"/admin/forum/comment/{comment.pk}/change/",
        "/admin/forum/discussion/",
        f"/admin/forum/discussion/{discussion.pk}/change/",
    ):
        assert superuser_client.get(url).status_code == HTTPStatus.OK, url


def test_admin_locks_a_discussion_through_the_logged_service(
    superuser, superuser_client, discussion
):
    response = superuser_client.post(
        "/admin/forum/discussion/",
        {"action": "discussion_lock", "_selected_action": [discussion.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    discussion.refresh_from_db()
    assert discussion.is_locked
    logged = ModerationAction.objects.get(discussion=discussion)
    assert (logged.kind, logged.actor) == (ModerationAction.Kind.LOCK, superuser)


def test_admin_cannot_lock_a_discussion_by_editing_the_field(
    superuser_client, discussion
):
    superuser_client.post(
        f"/admin/forum/discussion/{discussion.pk}/change/", {"is_locked": "on"}
    )
    discussion.refresh_from_db()
    assert not discussion.is_locked


def test_admin_approves_a_held_comment_through_the_service(
    superuser, superuser_client, discussion, accept
):
    newcomer = accept(NewMemberFactory())
    held = services.post_comment(discussion=discussion, author=newcomer, body="Hi")
    superuser_client.post(
        "/admin/forum/comment/",
        {"action": "approve_selected", "_selected_action": [held.pk]},
    )
    held.refresh_from_db()
    discussion.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED
    assert discussion.comment_count == real_count(discussion) == 1
    assert ModerationAction.objects.filter(
        comment=held, kind=ModerationAction.Kind.APPROVE, actor=superuser
    ).exists()


def test_admin_moderation_log_is_read_only(superuser, superuser_client, discussion):
    services.set_discussion(
        discussion=discussion,
        moderator=superuser,
        kind=ModerationAction.Kind.HOLD_ALL,
    )
    logged = ModerationAction.objects.get()
    page = superuser_client.get(f"/admin/forum/moderationaction/{logged.pk}/change/")
    assert page.status_code == HTTPStatus.OK
    assert b'name="note"' not in page.content
    assert (
        superuser_client.post(
            f"/admin/forum/moderationaction/{logged.pk}/delete/", {"post": "yes"}
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert ModerationAction.objects.filter(pk=logged.pk).exists()


def real_count(discussion) -> int:
    return Comment.objects.filter(
        discussion=discussion, status=Comment.Status.PUBLISHED
    ).count()


@pytest.fixture
def thread(discussion, member, other_member, accept, no_rate_limits):
    accept(member, other_member)
    top = services.post_comment(discussion=discussion, author=member, body="Top")
    reply = services.post_comment(
        discussion=discussion, author=other_member, body="Reply", parent=top
    )
    alone = services.post_comment(discussion=discussion, author=member, body="Alone")
    return top, reply, alone


def test_admin_delete_page_goes_through_the_service(
    superuser_client, discussion, thread
):
    top, reply, _alone = thread
    page = superuser_client.get(f"/admin/forum/comment/{top.pk}/delete/")
    assert page.status_code == HTTPStatus.OK
    assert "protected" not in page.text.lower()
    response = superuser_client.post(
        f"/admin/forum/comment/{top.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    top.refresh_from_db()
    assert top.status == Comment.Status.DELETED and top.body == ""
    assert Comment.objects.filter(pk=reply.pk).exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == real_count(discussion) == 2


def test_admin_delete_selected_goes_through_the_service(
    superuser_client, discussion, thread
):
    top, reply, alone = thread
    response = superuser_client.post(
        "/admin/forum/comment/",
        {
            "action": "delete_selected",
            "_selected_action": [top.pk, reply.pk, alone.pk],
            "post": "yes",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.filter(discussion=discussion).exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == real_count(discussion) == 0


def test_admin_cannot_delete_a_discussion(superuser_client, discussion):
    response = superuser_client.get(f"/admin/forum/discussion/{discussion.pk}/delete/")
    assert response.status_code == HTTPStatus.FORBIDDEN
