"""Acting on what the moderator saw, and never losing what they typed.

A moderation form carries the state the comment was in when the moderator
chose (`seen`): if another moderator changed it since, the answer is
"already handled", not a second outcome. A refused action comes back with
the note the moderator typed, with or without htmx.
"""

from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains

from forum import services
from forum.bylines import byline
from forum.models import Comment, ModerationAction, WatchedPhrase
from forum.services.holding import watched_phrase_in
from tests.factories import ModeratorFactory, NewMemberFactory
from tests.forum.conftest import client_for

pytestmark = pytest.mark.usefixtures("no_rate_limits")

Status = Comment.Status
HTMX = {"HX-Request": "true"}


@pytest.fixture
def held(discussion, accept, top):
    newcomer = accept(NewMemberFactory())
    return services.post_comment(
        discussion=discussion, author=newcomer, body="Held words", parent=top
    )


def test_remove_of_a_comment_approved_since_it_was_seen_is_already_handled(held):
    first = ModeratorFactory(display_name="Mona Moderator")
    services.approve_comment(comment=held, moderator=first)

    response = client_for(ModeratorFactory()).post(
        f"/moderation/c/{held.pk}/remove/",
        {"seen": Status.PENDING, "reason": "spam", "next": "/moderation/"},
        follow=True,
    )

    assertContains(response, "Already handled by Mona Moderator: approved.")
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED
    assert not ModerationAction.objects.filter(
        comment=held, kind=ModerationAction.Kind.REMOVE
    ).exists()


def test_bulk_remove_skips_a_comment_approved_since_it_was_seen(
    held, discussion, accept
):
    other = services.post_comment(
        discussion=discussion, author=accept(NewMemberFactory()), body="Also held"
    )
    services.approve_comment(comment=held, moderator=ModeratorFactory())

    client_for(ModeratorFactory()).post(
        "/moderation/bulk/",
        {
            "comments": [held.pk, other.pk],
            f"seen-{held.pk}": Status.PENDING,
            f"seen-{other.pk}": Status.PENDING,
            "action": "remove",
            "reason": "spam",
        },
    )

    held.refresh_from_db()
    other.refresh_from_db()
    assert (held.status, other.status) == (Status.PUBLISHED, Status.REMOVED)


def test_refused_removal_without_htmx_keeps_the_note_typed(held, moderator):
    note = "Please see the safety section. " * 40  # over the 1,000 allowed

    response = client_for(moderator).post(
        f"/moderation/c/{held.pk}/remove/",
        {"seen": Status.PENDING, "reason": "misinformation", "note": note},
    )

    assertContains(
        response,
        "Notes can be up to 1000 characters.",
        status_code=HTTPStatus.BAD_REQUEST,
    )
    assertContains(response, note.strip(), status_code=HTTPStatus.BAD_REQUEST)
    assert "<html" in response.text  # the case page, not a bare fragment
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING


def test_refused_note_with_htmx_keeps_the_note_typed_in_an_open_form(held, moderator):
    note = "x" * 2_001

    response = client_for(moderator).post(
        f"/moderation/c/{held.pk}/note/", {"note": note}, headers=HTMX
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert note in response.text
    assert '<details class="queue-note" open>' in response.text
    assert Comment.objects.get(pk=held.pk).moderator_note == ""


def test_moderator_comments_carry_the_moderator_badge(discussion, accept, top):
    keeper = accept(ModeratorFactory())
    said = services.post_comment(
        discussion=discussion, author=keeper, body="Please keep it kind."
    )
    row = Comment.objects.for_thread_page().get(pk=said.pk)
    columnist_row = Comment.objects.for_thread_page().get(pk=top.pk)

    assert byline(row).badge == "Moderator"
    # The page's own role comes first: the columnist is the "Columnist".
    assert byline(columnist_row, {top.author_id: "Columnist"}).badge == "Columnist"
    assert byline(columnist_row).badge == ""


def test_moderator_badge_shows_on_the_article_page(discussion, accept, client):
    keeper = accept(ModeratorFactory(display_name="Keeper Kay"))
    services.post_comment(discussion=discussion, author=keeper, body="Welcome all.")

    page = client.get(discussion.get_absolute_url())

    assertContains(page, '<span class="badge badge-role">Moderator</span>', html=True)


def test_watched_phrases_are_read_once_not_on_every_post(db, django_assert_num_queries):
    WatchedPhrase.objects.create(phrase="miracle cure")
    assert watched_phrase_in("A Miracle  cure!") is not None
    with django_assert_num_queries(0):
        assert watched_phrase_in("a miracle cure") is not None
        assert watched_phrase_in("nothing here") is None


def test_a_new_watched_phrase_applies_at_once(discussion, poster):
    assert watched_phrase_in("buy cheap pills") is None
    WatchedPhrase.objects.create(phrase="cheap pills")

    comment = services.post_comment(
        discussion=discussion, author=poster, body="Buy cheap pills here"
    )

    assert comment.status == Status.PENDING


def test_member_permalink_to_a_comment_in_the_thread_costs_no_member_lookup(
    top, poster, django_assert_max_num_queries
):
    client = client_for(poster)
    with django_assert_max_num_queries(3):
        response = client.get(f"/c/{top.pk}/")
    assert response.status_code == HTTPStatus.FOUND
