"""Every refusal is a designed page: the reason, in the site's look, and
never a control that can only fail."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from forum import services
from forum.models import Comment
from tests.forum.conftest import client_for

HTMX = {"HX-Request": "true"}


def assert_site_page(response):
    """The site's own skeleton, once: one header, one main, one footer."""
    text = response.text
    assert text.count('id="main"') == 1
    assert text.count('class="site-header') == 1
    assert text.count('class="site-footer') == 1


# The 403 page


def test_forbidden_edit_is_the_sites_designed_page_with_the_reason(top, poster):
    response = client_for(poster).get(f"/c/{top.pk}/edit/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert_site_page(response)
    assert "You can only edit your own comments." in response.text
    assert "Sorry, that is not open to you" in response.text


def test_forbidden_page_is_designed_with_debug_off(top, poster, settings):
    settings.DEBUG = False
    response = client_for(poster).get(f"/c/{top.pk}/delete/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert_site_page(response)
    assert "You can only delete your own comments." in response.text


def test_failed_csrf_check_is_a_designed_page_that_knows_the_member(discussion, poster):
    client = Client(enforce_csrf_checks=True)
    client.force_login(poster)
    response = client.post(
        f"/discussions/{discussion.pk}/comments/", {"body": "Without a token"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert_site_page(response)
    assert "Please try that again" in response.text
    assert poster.display_name in response.text  # rendered with the request
    assert not Comment.objects.exists()


# Signed out: htmx requests leave the fragment


def test_signed_out_htmx_reply_is_sent_to_sign_in_and_back_to_the_reply(top, client):
    response = client.get(f"/c/{top.pk}/reply/", headers=HTMX)
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response["HX-Redirect"] == f"/accounts/login/?next=/c/{top.pk}/reply/"
    assert response.content == b""


def test_signed_out_plain_reply_still_redirects(top, client):
    response = client.get(f"/c/{top.pk}/reply/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/accounts/login/?next=/c/{top.pk}/reply/"


def test_signing_in_from_the_reply_redirect_lands_on_the_reply(top, poster, client):
    from tests.factories import PASSWORD

    location = client.get(f"/c/{top.pk}/reply/", headers=HTMX)["HX-Redirect"]
    response = client.post(
        location, {"login": poster.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/c/{top.pk}/reply/"
    assert "Your reply" in response.text


# Editing after the window closed


@pytest.fixture
def expired(top, settings):
    Comment.objects.filter(pk=top.pk).update(
        created_at=timezone.now()
        - timedelta(seconds=settings.CAIRN_COMMENT_EDIT_WINDOW + 5)
    )
    top.refresh_from_db()
    return top


def test_opening_expired_edit_says_the_window_closed_and_offers_the_text(
    expired, columnist
):
    response = client_for(columnist).get(f"/c/{expired.pk}/edit/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert_site_page(response)
    assert "The time for editing this comment has closed" in response.text
    assert "Copy your text" in response.text
    assert "What helped you most?" in response.text
    assert "Save changes" not in response.text
    assert "was not posted yet" not in response.text


def test_saving_after_window_closed_keeps_the_new_text_without_save_button(
    expired, columnist
):
    response = client_for(columnist).post(
        f"/c/{expired.pk}/edit/", {"body": "My better second thoughts"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "The time for editing this comment has closed" in response.text
    assert "My better second thoughts" in response.text
    assert "Save changes" not in response.text
    assert (
        "not posted yet" not in response.text and "not saved yet" not in response.text
    )
    expired.refresh_from_db()
    assert expired.body == "What helped you most?"


def test_edit_link_shows_the_minutes_left(top, columnist, article, settings):
    Comment.objects.filter(pk=top.pk).update(
        created_at=timezone.now()
        - timedelta(seconds=settings.CAIRN_COMMENT_EDIT_WINDOW - 12 * 60 + 1)
    )
    response = client_for(columnist).get(article.get_absolute_url())
    link = re.search(r'href="/c/\d+/edit/">(.*?)</a>', response.text, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", link).split() == [
        "Edit",
        "·",
        "12",
        "min",
        "left",
    ]


def test_no_edit_link_once_the_window_closed(expired, columnist, article):
    response = client_for(columnist).get(article.get_absolute_url())
    assert f"/c/{expired.pk}/edit/" not in response.text


# Members who cannot post are not offered controls that can only fail


def controls(response) -> dict:
    text = response.text
    return {
        "reply": ">Reply<" in text,
        "post": "Post comment" in text,
        "edit": "/edit/" in text,
    }


def test_suspended_member_sees_why_and_until_when_and_no_reply(top, poster, article):
    poster.suspended_until = timezone.now() + timedelta(hours=2, minutes=50)
    poster.save()
    response = client_for(poster).get(article.get_absolute_url())
    assert controls(response) == {"reply": False, "post": False, "edit": False}
    assert "Your account is suspended until" in response.text
    assert "about 3 hours from now" in response.text
    local = timezone.localtime(poster.suspended_until)
    assert local.strftime("%H:%M") in response.text


def test_suspended_members_own_comment_offers_no_edit(discussion, poster, article):
    mine = services.post_comment(discussion=discussion, author=poster, body="Mine")
    poster.suspended_until = timezone.now() + timedelta(days=1)
    poster.save()
    response = client_for(poster).get(article.get_absolute_url())
    assert f"/c/{mine.pk}/edit/" not in response.text


def test_locked_discussion_offers_no_reply_and_says_why(top, poster, article):
    top.discussion.is_locked = True
    top.discussion.save()
    response = client_for(poster).get(article.get_absolute_url())
    assert controls(response)["reply"] is False and controls(response)["post"] is False
    assert "This discussion is closed to new comments." in response.text


def test_unverified_member_sees_no_reply_and_a_way_to_confirm(
    top, unverified_member, article, accept
):
    accept(unverified_member)
    response = client_for(unverified_member).get(article.get_absolute_url())
    assert controls(response)["reply"] is False and controls(response)["post"] is False
    assert "Please confirm your email address" in response.text


@pytest.mark.parametrize("who", ["anonymous", "must_accept", "poster"])
def test_reply_is_offered_to_whoever_it_can_open_for(top, article, member, accept, who):
    client = Client()
    if who != "anonymous":
        client.force_login(member)
    if who == "poster":
        accept(member)
    response = client.get(article.get_absolute_url())
    assert controls(response)["reply"] is True


def test_blocked_post_keeps_the_text_but_offers_no_post_button(top, poster):
    poster.suspended_until = timezone.now() + timedelta(days=2)
    poster.save()
    response = client_for(poster).post(
        f"/c/{top.pk}/reply/", {"body": "Words I do not want to lose"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Words I do not want to lose" in response.text
    assert "Post comment" not in response.text
    assert "Copy your text" in response.text
    assert "suspended until" in response.text


def test_rate_limit_wait_is_in_words(discussion, poster, settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = [(1, 3600)]
    client = client_for(poster)
    client.post(f"/discussions/{discussion.pk}/comments/", {"body": "First"})
    response = client.post(
        f"/discussions/{discussion.pk}/comments/", {"body": "Second"}
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Please wait about 1 hour and post again" in response.text
    assert "seconds" not in response.text


def test_rate_limited_answer_says_when_to_retry(discussion, poster, settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = [(1, 600)]
    client = client_for(poster)
    client.post(f"/discussions/{discussion.pk}/comments/", {"body": "First"})
    response = client.post(f"/discussions/{discussion.pk}/comments/", {"body": "Next"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 590 <= int(response["Retry-After"]) <= 600
