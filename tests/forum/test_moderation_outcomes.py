"""What an author learns of moderation: "My comments" shows each
comment's state, the next page tells each outcome once, and no page they
can open ever names who reported them."""

import re
from http import HTTPStatus

import pytest
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from forum import services
from forum.models import Comment, Reason
from tests.forum.conftest import client_for
from tests.forum.moderation_helpers import (
    held_in,
    report_by_new_member,
)
from tests.hosts import both_hosts

pytestmark = pytest.mark.usefixtures("no_rate_limits")

Status = Comment.Status


# --- what an author learns -----------------------------------------------------


def test_my_comments_shows_each_state_and_only_own_comments(
    discussion, newcomer, moderator, poster
):
    waiting = held_in(discussion, newcomer, "Still waiting for review.")
    approved = held_in(discussion, newcomer, "Approved in the end.")
    removed = held_in(discussion, newcomer, "Buy my supplements here.")
    services.approve_comment(comment=approved, moderator=moderator)
    services.remove_comment(
        comment=removed,
        moderator=moderator,
        reason=Reason.SELLING,
        note="Please do not advertise.",
    )
    others = services.post_comment(
        discussion=discussion, author=poster, body="Someone else's words."
    )

    response = client_for(newcomer).get("/account/comments/")

    def card(comment) -> str:
        match = re.search(
            rf'<li class="card mb-3" id="my-comment-{comment.pk}">(.*?)</li>',
            response.text,
            re.S,
        )
        assert match, comment
        return match.group(1)

    assert "Awaiting review" in card(waiting)
    assert "Published" in card(approved)
    assert "Removed by a moderator" in card(removed)
    assert "Reason: Selling or sourcing medicines." in card(removed)
    assert "Please do not advertise." in card(removed)
    assertNotContains(response, others.body_html)
    assertNotContains(response, f"my-comment-{others.pk}")
    # Told once, on this first page after the decisions, too.
    assertContains(response, "A moderator approved your comment", count=1)
    assertContains(response, "A moderator removed your comment", count=1)


@both_hosts
def test_author_is_told_of_a_removal_with_its_reason_exactly_once(
    discussion, host, newcomer, moderator
):
    comment = held_in(discussion, newcomer, "Buy my supplements here.")
    client_for(moderator).post(
        f"/moderation/c/{comment.pk}/remove/",
        {"reason": Reason.SELLING, "note": "Please do not advertise."},
    )
    author = client_for(newcomer)
    notice = escape(
        f"A moderator removed your comment in “{host.title}”. Reason: "
        "Selling or sourcing medicines. Please do not advertise."
    )

    first = author.get("/")
    again = author.get("/account/comments/")

    assertContains(first, notice, count=1)
    assertNotContains(again, notice)


@both_hosts
def test_reporters_are_never_named_on_any_page_their_author_opens(
    discussion, poster, moderator
):
    comment = services.post_comment(
        discussion=discussion, author=poster, body="Stop your infusions."
    )
    notes = ["Rita's note", "Rex's note", "Ruth's note"]
    reporters = [
        report_by_new_member(comment, Reason.MISINFORMATION, note, name)
        for note, name in zip(
            notes, ["Rita Reporter", "Rex Reporter", "Ruth Reporter"], strict=True
        )
    ]
    author = client_for(poster)
    article_page = discussion.get_absolute_url().removesuffix("#discussion")

    def pages():
        return [
            author.get("/account/comments/"),
            author.get(article_page),
            author.get(f"/c/{comment.pk}/", follow=True),
        ]

    hidden = pages()
    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    services.remove_comment(
        comment=comment, moderator=moderator, reason=Reason.MISINFORMATION
    )
    removed = pages()

    for response in hidden + removed:
        assert response.status_code == HTTPStatus.OK
        for reporter in reporters:
            assertNotContains(response, reporter.display_name)
        for note in notes:
            assertNotContains(response, escape(note))
    assertContains(removed[0], "A moderator removed your comment")
