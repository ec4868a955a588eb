"""A deleted comment's author appears nowhere: not in a page, a fragment, a
title, an attribute, a trail or a "replying to" line."""

from http import HTTPStatus

import pytest
from django.test import Client

from forum import paths, services
from forum.models import Comment
from tests.factories import MemberFactory

SECRET_NAME = "Quillon Vantreese"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def scene(discussion, accept, no_rate_limits, settings):
    """A thread whose second comment, by someone who wrote nothing else, is
    deleted after others replied to it, deep enough for trails."""
    settings.CAIRN_COMMENTS_PER_PAGE = 4
    settings.CAIRN_COMMENT_MAX_INDENT = 1
    gone = accept(MemberFactory(display_name=SECRET_NAME))
    talker = accept(MemberFactory(display_name="Wren Okafor"))
    top = services.post_comment(discussion=discussion, author=talker, body="Start")
    deleted = services.post_comment(
        discussion=discussion, author=gone, body="Soon gone", parent=top
    )
    chain = [deleted]
    for n in range(8):
        chain.append(
            services.post_comment(
                discussion=discussion,
                author=talker,
                body=f"Reply {n}",
                parent=chain[-1],
            )
        )
    services.delete_comment(comment=deleted, member=gone)
    deleted.refresh_from_db()
    assert deleted.status == Comment.Status.DELETED
    return discussion, deleted, chain[1:], talker


def urls_referencing(discussion, deleted, replies, article):
    page = article.get_absolute_url()
    child = replies[0]
    deep = replies[-1]
    return [
        (page, {}),
        (f"{page}?from={deleted.path[: paths.SEGMENT]}", {}),
        (f"{page}?from={child.path}", {}),
        (f"{page}?from={deep.path}", {}),
        (f"{page}?before={deep.path}", {}),
        (f"{page}?sort=newest", {}),
        (f"/c/{deleted.pk}/", {}),
        (f"/c/{child.pk}/", {}),
        (f"/c/{deleted.pk}/reply/", {}),
        (f"/c/{deleted.pk}/reply/", HTMX),
        (f"/c/{child.pk}/reply/", {}),
        (f"/c/{child.pk}/reply/", HTMX),
        (f"/c/{deleted.pk}/edit/", {}),
        (f"/c/{deleted.pk}/delete/", {}),
        (f"/discussions/{discussion.pk}/rows/?from={child.path}", HTMX),
        (f"/discussions/{discussion.pk}/rows/?from={deep.path}", HTMX),
    ]


@pytest.mark.parametrize("viewer", ["reader", "member", "former_author"])
def test_deleted_authors_name_is_nowhere(scene, article, viewer):
    discussion, deleted, replies, talker = scene
    client = Client()
    if viewer == "member":
        client.force_login(talker)
    elif viewer == "former_author":
        client.force_login(deleted.author)
    seen = 0
    for url, headers in urls_referencing(discussion, deleted, replies, article):
        response = client.get(url, headers=headers, follow=True)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, url
        body = response.content.decode()
        if viewer == "former_author":
            # Their own name is in the header of every page they see.
            body = body.replace(f">{SECRET_NAME}</a></li>", "")
        assert SECRET_NAME not in body, url
        assert "Soon gone" not in body, url
        seen += "[deleted]" in body
    assert seen >= 5  # the placeholder was really on the pages looked at


def test_replying_to_a_deleted_comment_is_refused_with_a_reason(scene, talker=None):
    discussion, deleted, _replies, talker = scene
    client = Client()
    client.force_login(talker)
    response = client.get(f"/c/{deleted.pk}/reply/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "no longer available" in response.text
    response = client.post(f"/c/{deleted.pk}/reply/", {"body": "Hello?"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.filter(parent=deleted, body="Hello?").exists()
