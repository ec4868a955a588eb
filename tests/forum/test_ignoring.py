"""Ignoring a member (issue 19): the service's rules, the collapsed comment
in a discussion (notes and anonymous comments untouched, no extra query),
no notification from the ignored, and the buttons and the list as the
right and the wrong person."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import (
    Comment,
    EmailFrequency,
    Ignore,
    Member,
    Notification,
    Reason,
)
from forum.services import following, ignoring
from forum.views.members import member_url
from tests.factories import MemberFactory, ModeratorFactory
from tests.forum.conftest import client_for

pytestmark = pytest.mark.usefixtures("no_rate_limits")

# The page's bound (tests/articles/test_discussion_page.py), unchanged.
MAX_QUERIES = 12
COLLAPSED = '<details class="ignored-comment">'
HTMX = {"HX-Request": "true"}
TOKEN = "a" * 32


def summary(name: str) -> str:
    return (
        f"You ignore <bdi>{name}</bdi> — show"
        '<span class="visually-hidden"> their comment</span>'
    )


def row(html: str, comment: Comment) -> str:
    """The <article> of `comment` on a discussion page."""
    found = re.search(rf'<article id="comment-{comment.pk}"(.*?)</article>', html, re.S)
    assert found, f"comment {comment.pk} is not on the page"
    return found.group(1)


@pytest.fixture
def ignorer(db, accept):
    return accept(
        MemberFactory(
            display_name="Iris Ignorer",
            email_notifications=EmailFrequency.IMMEDIATELY,
        )
    )


@pytest.fixture
def ignored(db, accept):
    return accept(MemberFactory(display_name="Olan Ignored"))


@pytest.fixture
def bystander(db, accept):
    return accept(MemberFactory(display_name="Bea Bystander"))


def post(discussion, author, body, parent=None, **kwargs):
    return services.post_comment(
        discussion=discussion, author=author, body=body, parent=parent, **kwargs
    )


# --- the service -------------------------------------------------------------


def test_ignore_member_is_one_row_however_often_asked(ignorer, ignored):
    first = ignoring.ignore_member(member=ignorer, ignored=ignored)
    again = ignoring.ignore_member(member=ignorer, ignored=ignored)
    assert first.pk == again.pk
    assert Ignore.objects.filter(member=ignorer, ignored=ignored).count() == 1
    assert ignoring.is_ignoring(ignorer, ignored)
    # One way only: the ignored member ignores nobody.
    assert not ignoring.is_ignoring(ignored, ignorer)


def test_ignore_member_refuses_oneself(ignorer):
    with pytest.raises(ValidationError) as refused:
        ignoring.ignore_member(member=ignorer, ignored=ignorer)
    assert refused.value.code == "self"
    assert not Ignore.objects.exists()


def test_ignore_member_refuses_a_member_no_longer_active(ignorer, ignored):
    Member.objects.filter(pk=ignored.pk).update(is_active=False)
    ignored.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        ignoring.ignore_member(member=ignorer, ignored=ignored)
    assert refused.value.code == "not_a_member"
    assert not Ignore.objects.exists()


def test_ignore_member_refuses_someone_not_signed_in(ignored):
    with pytest.raises(PermissionDenied):
        ignoring.ignore_member(member=AnonymousUser(), ignored=ignored)
    with pytest.raises(PermissionDenied):
        ignoring.unignore_member(member=AnonymousUser(), ignored=ignored)


def test_unverified_and_suspended_members_may_ignore(db, ignored, moderator):
    unverified = MemberFactory(verified=False)
    suspended = MemberFactory()
    services.suspend_member(
        member=suspended, moderator=moderator, days=7, reason="Rude replies."
    )
    suspended.refresh_from_db()
    for who in (unverified, suspended):
        ignoring.ignore_member(member=who, ignored=ignored)
        assert ignoring.is_ignoring(who, ignored)


def test_unignore_member_says_whether_there_was_anything_to_undo(ignorer, ignored):
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    assert ignoring.unignore_member(member=ignorer, ignored=ignored) is True
    assert ignoring.unignore_member(member=ignorer, ignored=ignored) is False
    assert not ignoring.is_ignoring(ignorer, ignored)


def test_unignore_member_works_for_a_member_who_left(ignorer, ignored):
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    Member.objects.filter(pk=ignored.pk).update(is_active=False)
    ignored.refresh_from_db()
    assert ignoring.unignore_member(member=ignorer, ignored=ignored) is True


def test_ignored_by_lists_only_the_members_own_ignores_by_name(
    ignorer, ignored, bystander
):
    zed = MemberFactory(display_name="zed Last")
    ignoring.ignore_member(member=ignorer, ignored=zed)
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    ignoring.ignore_member(member=bystander, ignored=ignorer)
    names = [i.ignored.display_name for i in ignoring.ignored_by(ignorer)]
    assert names == ["Olan Ignored", "zed Last"]


def test_ignoring_settles_what_they_already_notified(
    discussion, ignorer, ignored, bystander, moderator, mailoutbox
):
    """Unread notifications from the ignored member's own-name comments are
    read and mailed no more; others', and their anonymous ones, stay."""
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="sensitive"
    )
    mine = post(discussion, ignorer, "How do you keep cool at night?")
    Member.objects.filter(pk=ignorer.pk).update(
        email_notifications=EmailFrequency.DAILY
    )
    theirs = post(discussion, ignored, "A fan by the bed.", mine)
    hidden = post(discussion, ignored, "Cold water bottle.", mine, anonymous=True)
    other = post(discussion, bystander, "Cotton sheets.", mine)
    pending = Notification.objects.filter(recipient=ignorer)
    assert set(pending.email_due().values_list("comment_id", flat=True)) == {
        theirs.pk,
        hidden.pk,
        other.pk,
    }

    ignoring.ignore_member(member=ignorer, ignored=ignored)

    unread = set(pending.unread().values_list("comment_id", flat=True))
    assert unread == {hidden.pk, other.pk}
    due = set(pending.email_due().values_list("comment_id", flat=True))
    assert due == {hidden.pk, other.pk}


def test_collapses_never_a_guest_or_anonymous_comment():
    guest_comment = Comment(author=None, pseudonym="")
    anonymous = Comment(author_id=7, pseudonym="Blue Heron")
    named = Comment(author_id=7, pseudonym="")
    for comment in (guest_comment, anonymous, named):
        comment.author_ignored = True
    assert not ignoring.collapses(guest_comment)
    assert not ignoring.collapses(anonymous)
    assert ignoring.collapses(named)
    named.author_ignored = False
    assert not ignoring.collapses(named)


# --- the discussion ----------------------------------------------------------


def test_comment_by_an_ignored_member_shows_collapsed_to_the_ignorer_only(
    article, discussion, ignorer, ignored, bystander
):
    theirs = post(discussion, ignored, "Heat makes my legs heavy.")
    answer = post(discussion, bystander, "Mine too, every July.", theirs)
    ignoring.ignore_member(member=ignorer, ignored=ignored)

    html = client_for(ignorer).get(article.get_absolute_url()).text
    mine = row(html, theirs)
    assert COLLAPSED in mine
    assert summary("Olan Ignored") in mine
    # The comment itself is inside, one click (or key) away.
    inside = mine.split(COLLAPSED, 1)[1]
    assert "Heat makes my legs heavy." in inside.split("</details>")[0]
    # Replies by others stay as they are.
    assert COLLAPSED not in row(html, answer)
    assert "Mine too, every July." in row(html, answer)

    for viewer in (client_for(bystander), client_for(ignored), Client()):
        other = viewer.get(article.get_absolute_url()).text
        assert COLLAPSED not in other
        assert "You ignore" not in other
        assert "Heat makes my legs heavy." in row(other, theirs)


def test_collapsed_comment_keeps_its_moderator_note_in_view(
    article, discussion, ignorer, ignored, moderator, accept
):
    theirs = post(discussion, ignored, "Stop your pills in summer.")
    services.note_comment(
        comment=theirs, moderator=moderator, note="Talk to your neurologist first."
    )
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    mine = row(client_for(ignorer).get(article.get_absolute_url()).text, theirs)
    collapsed, after = mine.split("</details>", 1)
    assert COLLAPSED in collapsed
    assert "Talk to your neurologist first." not in collapsed
    assert '<aside class="moderator-note"' in after
    assert "Talk to your neurologist first." in after


def test_ignoring_a_moderator_never_hides_their_notes(
    article, discussion, ignorer, bystander, accept
):
    """A moderator (or a columnist) ignored: their own comments collapse,
    their notes on others' comments show as for everyone."""
    moderator = accept(ModeratorFactory(display_name="Mona Moderator"))
    said = post(discussion, moderator, "Please keep medication talk factual.")
    noted = post(discussion, bystander, "Double the dose on bad days.")
    services.note_comment(
        comment=noted, moderator=moderator, note="Never change a dose alone."
    )
    ignoring.ignore_member(member=ignorer, ignored=moderator)
    ignoring.ignore_member(member=ignorer, ignored=article.author)
    html = client_for(ignorer).get(article.get_absolute_url()).text
    assert summary("Mona Moderator") in row(html, said)
    assert COLLAPSED not in row(html, noted)
    assert "Never change a dose alone." in row(html, noted)


def test_anonymous_comment_by_an_ignored_member_is_never_collapsed(
    article, discussion, ignorer, ignored, moderator
):
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="sensitive"
    )
    hidden = post(discussion, ignored, "Bladder trouble, since May.", anonymous=True)
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    client = client_for(ignorer)
    for url, headers in (
        (article.get_absolute_url(), {}),
        (f"/discussions/{discussion.pk}/rows/?from={hidden.path}", HTMX),
    ):
        html = client.get(url, headers=headers).text
        assert COLLAPSED not in html
        assert "Bladder trouble, since May." in row(html, hidden)
        assert "Olan Ignored" not in html


def test_trail_and_rows_fragment_collapse_the_ignored_member_too(
    article, discussion, ignorer, ignored, bystander
):
    top = post(discussion, ignored, "Cooling vests: worth it?")
    reply = post(discussion, bystander, "Worth every penny.", top)
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    client = client_for(ignorer)
    # A page that starts at the reply quotes the comment it answers.
    html = client.get(f"{article.get_absolute_url()}?from={reply.path}").text
    trail = html.split('<nav class="thread-trail"', 1)[1].split("</nav>", 1)[0]
    assert COLLAPSED in trail
    assert summary("Olan Ignored") in trail
    fragment = client.get(
        f"/discussions/{discussion.pk}/rows/?from={top.path}", headers=HTMX
    ).text
    assert summary("Olan Ignored") in row(fragment, top)
    assert COLLAPSED not in row(fragment, reply)


def test_questions_view_collapses_a_question_by_an_ignored_member(
    discussion, ignorer, ignored
):
    post(discussion, ignored, "Does cold water help?", question=True)
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    html = client_for(ignorer).get(f"/discussions/{discussion.pk}/questions/").text
    assert summary("Olan Ignored") in html
    assert (
        COLLAPSED not in Client().get(f"/discussions/{discussion.pk}/questions/").text
    )


def _page_queries(client, url, headers=None) -> int:
    client.get(url, headers=headers)  # the visit is recorded once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_ignoring_adds_no_query_to_the_discussion_page(
    article, discussion, ignorer, ignored, bystander, django_assert_max_num_queries
):
    top = post(discussion, ignored, "First words.")
    for number in range(30):
        post(discussion, bystander if number % 2 else ignored, f"Words {number}.", top)
    client = client_for(ignorer)
    url = article.get_absolute_url()
    rows = f"/discussions/{discussion.pk}/rows/?from={top.path}"
    before = _page_queries(client, url)
    before_rows = _page_queries(client, rows, HTMX)
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    ignoring.ignore_member(member=ignorer, ignored=bystander)
    assert _page_queries(client, url) == before
    with django_assert_max_num_queries(MAX_QUERIES):
        html = client.get(url).text
    assert html.count(COLLAPSED) == 31
    assert _page_queries(client, rows, HTMX) == before_rows
    print(f"\nDiscussion page: {before} queries, rows fragment: {before_rows}.")


# --- notifications -----------------------------------------------------------


def told(member) -> set[int]:
    return set(
        Notification.objects.filter(recipient=member).values_list(
            "comment_id", flat=True
        )
    )


def test_no_notification_or_email_from_an_ignored_member(
    discussion, ignorer, ignored, bystander, mailoutbox
):
    mine = post(discussion, ignorer, "Has anyone tried pool therapy?")
    following.set_following(member=ignorer, discussion=discussion, following=True)
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    mailoutbox.clear()

    reply = post(discussion, ignored, "Yes, twice a week.", mine)
    mention = post(discussion, ignored, "@Iris Ignorer the pool is warm.")
    followed = post(discussion, ignored, "New pool hours from Monday.")
    assert told(ignorer) == set()
    assert not [m for m in mailoutbox if ignorer.email in m.to]

    # Someone else saying the same things still reaches them.
    others = {
        post(discussion, bystander, "Same here.", mine).pk,
        post(discussion, bystander, "@Iris Ignorer try the slow lane.").pk,
    }
    assert told(ignorer) == others
    assert [m for m in mailoutbox if ignorer.email in m.to]
    assert {reply.pk, mention.pk, followed.pk}.isdisjoint(told(ignorer))
    # Ignoring is one way: the ignored member is told as before.
    answer = post(discussion, ignorer, "Thanks.", reply)
    assert answer.pk in told(ignored)


def test_no_notification_of_an_answer_from_an_ignored_columnist(
    discussion, ignorer, accept
):
    columnist = accept(discussion.host.author)
    question = post(discussion, ignorer, "Is heat a relapse?", question=True)
    ignoring.ignore_member(member=ignorer, ignored=columnist)
    answer = post(discussion, columnist, "Usually not: it passes.", question)
    question.refresh_from_db()
    assert question.answer_id == answer.pk  # answered all the same
    assert told(ignorer) == set()


def test_an_anonymous_comment_by_an_ignored_member_still_notifies(
    discussion, ignorer, ignored, moderator, mailoutbox
):
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="sensitive"
    )
    mine = post(discussion, ignorer, "Nights are the worst for me.")
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    reply = post(discussion, ignored, "Mine too.", mine, anonymous=True)
    assert Notification.objects.get(recipient=ignorer).comment_id == reply.pk
    assert [m for m in mailoutbox if ignorer.email in m.to]


def test_an_ignored_moderator_still_tells_what_they_decided(
    discussion, ignorer, accept
):
    """A moderation notice is no notification: ignoring never stops it."""
    moderator = accept(ModeratorFactory())
    mine = post(discussion, ignorer, "Buy these pills from my shop.")
    ignoring.ignore_member(member=ignorer, ignored=moderator)
    services.remove_comment(comment=mine, moderator=moderator, reason=Reason.SPAM)
    ignorer.refresh_from_db()
    assert ignorer.unseen_notices == 1


# --- the buttons and the list ----------------------------------------------


def test_ignore_and_stop_ignoring_redirect_back_with_a_message(ignorer, ignored):
    client = client_for(ignorer)
    response = client.post(
        f"/members/{ignored.pk}/ignore/", {"next": "/account/comments/"}, follow=True
    )
    assert response.redirect_chain[-1] == ("/account/comments/", HTTPStatus.FOUND)
    assert "You ignore Olan Ignored now" in response.text
    assert ignoring.is_ignoring(ignorer, ignored)
    response = client.post(
        f"/members/{ignored.pk}/unignore/", {"next": "//evil.example/"}, follow=True
    )
    assert response.redirect_chain[-1] == ("/account/ignored/", HTTPStatus.FOUND)
    assert "You no longer ignore Olan Ignored." in response.text
    assert not ignoring.is_ignoring(ignorer, ignored)


def test_ignoring_oneself_is_refused_politely_on_the_list(ignorer):
    response = client_for(ignorer).post(f"/members/{ignorer.pk}/ignore/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "You cannot ignore yourself." in response.text
    assert not Ignore.objects.exists()


def test_ignoring_a_member_who_left_is_refused_and_a_missing_one_not_found(
    ignorer, ignored
):
    Member.objects.filter(pk=ignored.pk).update(is_active=False)
    client = client_for(ignorer)
    response = client.post(f"/members/{ignored.pk}/ignore/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "no longer on Cairn" in response.text
    assert client.post("/members/999999999/ignore/").status_code == 404
    assert not Ignore.objects.exists()


@pytest.mark.parametrize("action", ["ignore", "unignore"])
def test_the_writes_ask_a_visitor_to_sign_in_and_refuse_get(action, ignored, ignorer):
    response = Client().post(f"/members/{ignored.pk}/{action}/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")
    response = client_for(ignorer).get(f"/members/{ignored.pk}/{action}/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not Ignore.objects.exists()


def test_the_writes_need_a_csrf_token(ignorer, ignored):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ignorer)
    client.cookies["csrftoken"] = TOKEN
    assert client.post(f"/members/{ignored.pk}/ignore/").status_code == 403
    assert not Ignore.objects.exists()
    response = client.post(
        f"/members/{ignored.pk}/ignore/", {"csrfmiddlewaretoken": TOKEN}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ignoring.is_ignoring(ignorer, ignored)


def test_the_list_shows_only_whom_i_ignore_with_stop_ignoring(
    ignorer, ignored, bystander
):
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    ignoring.ignore_member(member=bystander, ignored=ignorer)
    html = client_for(ignorer).get("/account/ignored/").text
    assert "Olan Ignored" in html
    assert f'action="/members/{ignored.pk}/unignore/"' in html
    assert "Stop ignoring" in html
    assert "Bea Bystander" not in html
    # Bea's own list: nothing about who ignores her, or whom she is ignored by.
    assert (
        "You do not ignore anyone" in client_for(ignored).get("/account/ignored/").text
    )
    assert Client().get("/account/ignored/")["Location"].startswith("/accounts/login/")


def test_profile_page_leads_to_the_list(ignorer):
    html = client_for(ignorer).get("/account/profile/").text
    assert 'href="/account/ignored/"' in html
    assert "Ignored members" in html


def test_member_page_offers_ignore_or_stop_ignoring(ignorer, ignored):
    url = member_url(ignored)
    client = client_for(ignorer)
    assert f'action="/members/{ignored.pk}/ignore/"' in client.get(url).text
    ignoring.ignore_member(member=ignorer, ignored=ignored)
    html = client.get(url).text
    assert f'action="/members/{ignored.pk}/unignore/"' in html
    assert "Stop ignoring" in html
    # Not to a visitor, and not on one's own page.
    assert "ignore-form" not in Client().get(url).text
    assert "ignore-form" not in client_for(ignored).get(url).text


def test_the_ignored_member_is_never_told(
    article, discussion, ignorer, ignored, mailoutbox
):
    post(discussion, ignorer, "Pacing helps me.")
    post(discussion, ignored, "Pacing is hard.")
    mailoutbox.clear()
    before = told(ignored)
    client_for(ignorer).post(f"/members/{ignored.pk}/ignore/")
    assert told(ignored) == before
    assert not mailoutbox
    theirs = client_for(ignored)
    ignored.refresh_from_db()
    assert ignored.unseen_notices == 0
    for url in (
        article.get_absolute_url(),
        member_url(ignorer),
        "/notifications/",
        "/account/ignored/",
    ):
        html = theirs.get(url).text
        assert "ignores you" not in html
        assert "Stop ignoring" not in html
        assert COLLAPSED not in html
