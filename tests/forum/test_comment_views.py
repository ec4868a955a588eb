from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Acceptance, Comment
from tests.forum.conftest import client_for
from tests.hosts import both_hosts


@both_hosts
def test_post_top_level_comment_redirects_to_its_permalink(
    discussion, poster, host_comments
):
    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/",
        {"body": "Hydration *really* helped."},
    )
    comment = Comment.objects.exclude(pk__in=host_comments).get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.author == poster and "<em>really</em>" in comment.body_html


@both_hosts
def test_reply_posts_under_parent_and_shows_on_the_host_page(top, poster, host):
    client = client_for(poster)
    response = client.post(f"/c/{top.pk}/reply/", {"body": "Walking daily."})
    assert response.status_code == HTTPStatus.FOUND
    reply = Comment.objects.get(parent=top)
    assert reply.body == "Walking daily."

    assert response["Location"].startswith(host.get_absolute_url())
    assert response["Location"].endswith(f"#comment-{reply.pk}")

    page = client.get(response["Location"])

    assert f'id="comment-{reply.pk}"' in page.text
    assert reply.body_html in page.text


@both_hosts
def test_reply_form_page_without_javascript(top, poster):
    response = client_for(poster).get(f"/c/{top.pk}/reply/")
    assert response.status_code == HTTPStatus.OK
    assert "Post comment" in response.text
    assert top.body_html in response.text


@both_hosts
def test_reply_form_fragment_for_htmx(top, poster):
    response = client_for(poster).get(
        f"/c/{top.pk}/reply/", headers={"HX-Request": "true"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in response.text
    assert 'name="body"' in response.text


def test_too_long_comment_comes_back_with_text_intact(discussion, poster):
    text = "My long story. " * 700
    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/", {"body": text}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "up to 10,000 characters" in response.text
    assert text.strip()[:200] in response.text
    assert not Comment.objects.exists()


def test_rate_limited_comment_comes_back_with_text_intact(discussion, poster):
    client = client_for(poster)
    client.post(f"/discussions/{discussion.pk}/comments/", {"body": "First thought."})
    response = client.post(
        f"/discussions/{discussion.pk}/comments/", {"body": "Second <b>thought</b>."}
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Please wait" in response.text
    assert "Second &lt;b&gt;thought&lt;/b&gt;." in response.text
    assert Comment.objects.count() == 1


def test_comment_in_locked_discussion_comes_back_with_text_intact(discussion, poster):
    discussion.is_locked = True
    discussion.save()
    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/", {"body": "Still here."}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "closed to new comments" in response.text
    assert "Still here." in response.text


def test_comment_before_accepting_disclaimer_shows_i_understand_and_keeps_text(
    discussion, member
):
    response = client_for(member).post(
        f"/discussions/{discussion.pk}/comments/", {"body": "Hello all."}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "I understand" in response.text
    assert not Comment.objects.exists()


def test_accept_disclaimer_records_current_version_and_redirects(member):
    response = client_for(member).post(
        "/disclaimer/accept/",
        {"version": current_disclaimer().version, "next": "/articles/x/#discussion"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/articles/x/#discussion"
    assert Acceptance.objects.filter(
        member=member, disclaimer=current_disclaimer()
    ).exists()


def test_accept_disclaimer_refuses_offsite_next(member):
    response = client_for(member).post(
        "/disclaimer/accept/",
        {"version": current_disclaimer().version, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_accept_stale_version_records_nothing(member):
    response = client_for(member).post(
        "/disclaimer/accept/", {"version": "999", "next": "/"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Acceptance.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_reader_is_sent_to_sign_in(top, client, method):
    response = getattr(client, method)(
        f"/c/{top.pk}/reply/", {"body": "hi"} if method == "post" else None
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert Comment.objects.count() == 1


def test_unverified_member_cannot_post(top, unverified_member, accept):
    accept(unverified_member)
    response = client_for(unverified_member).post(
        f"/c/{top.pk}/reply/", {"body": "hi there"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "confirm your email" in response.text
    assert "hi there" in response.text


def test_suspended_member_cannot_post(top, poster):
    poster.suspended_until = timezone.now() + timedelta(days=2)
    poster.save()
    response = client_for(poster).post(f"/c/{top.pk}/reply/", {"body": "hi there"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "suspended" in response.text
    assert Comment.objects.count() == 1


def test_post_without_csrf_token_is_forbidden(discussion, poster):
    client = Client(enforce_csrf_checks=True)
    client.force_login(poster)
    response = client.post(
        f"/discussions/{discussion.pk}/comments/", {"body": "no token"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()


def test_edit_own_comment_within_window(top, columnist):
    response = client_for(columnist).post(
        f"/c/{top.pk}/edit/", {"body": "What helped you most, honestly?"}
    )
    assert response.status_code == HTTPStatus.FOUND
    top.refresh_from_db()
    assert top.edited_at is not None and top.body.endswith("honestly?")


@pytest.mark.parametrize("method", ["get", "post"])
def test_edit_by_another_member_is_forbidden(top, poster, method):
    response = getattr(client_for(poster), method)(
        f"/c/{top.pk}/edit/", {"body": "hijacked"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    top.refresh_from_db()
    assert top.body == "What helped you most?"


def test_edit_after_window_is_forbidden(top, columnist):
    Comment.objects.filter(pk=top.pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )
    response = client_for(columnist).post(f"/c/{top.pk}/edit/", {"body": "late change"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "late change" in response.text


def test_delete_own_comment_after_confirmation(top, columnist):
    client = client_for(columnist)
    assert client.get(f"/c/{top.pk}/delete/").status_code == HTTPStatus.OK
    response = client.post(f"/c/{top.pk}/delete/")
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_delete_by_another_member_is_forbidden(top, poster, method):
    response = getattr(client_for(poster), method)(f"/c/{top.pk}/delete/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.filter(pk=top.pk).exists()


def test_permalink_of_unknown_comment_is_404(client, db):
    assert client.get("/c/999999/").status_code == HTTPStatus.NOT_FOUND


def test_rows_fragment_without_htmx_redirects_to_page(top, client):
    response = client.get(f"/discussions/{top.discussion_id}/rows/?from=0001")
    assert response.status_code == HTTPStatus.FOUND
    assert "from=0001" in response["Location"]


@both_hosts
def test_rows_fragment_with_htmx_renders_comments_only(top, client):
    response = client.get(
        f"/discussions/{top.discussion_id}/rows/?from=0001",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == HTTPStatus.OK
    assert f'id="comment-{top.pk}"' in response.text and "<html" not in response.text


def test_disclaimer_page_shows_current_version_and_guidelines(client, db):
    response = client.get("/disclaimer/")
    assert response.status_code == HTTPStatus.OK
    assert current_disclaimer().guidelines_html in response.text
    assert f"Version {current_disclaimer().version}" in response.text


def test_rows_fragment_keeps_the_hosts_badges(top, client):
    response = client.get(
        f"/discussions/{top.discussion_id}/rows/?from=0001",
        headers={"HX-Request": "true"},
    )
    assert '<span class="badge badge-role">Columnist</span>' in response.text


@pytest.fixture
def hidden(columnist, accept):
    """A comment in the discussion of a scheduled (not yet public) article."""
    from tests.factories import ArticleFactory

    scheduled = ArticleFactory(
        author=columnist, published_at=timezone.now() + timedelta(days=2)
    )
    accept(columnist)
    discussion = services.open_discussion(host=scheduled)
    return services.post_comment(
        discussion=discussion, author=columnist, body="Embargoed"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/c/{pk}/",
        "/c/{pk}/reply/",
        "/discussions/{d}/rows/?from=0001",
        "/discussions/{d}/comments/",
    ],
)
def test_discussion_of_unpublished_article_is_404_for_members(hidden, poster, url):
    response = client_for(poster).get(
        url.format(pk=hidden.pk, d=hidden.discussion_id), headers={"HX-Request": "true"}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Embargoed" not in response.text


def test_posting_into_unpublished_articles_discussion_is_refused(hidden, poster):
    response = client_for(poster).post(f"/c/{hidden.pk}/reply/", {"body": "Sneaky"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(PermissionDenied):
        services.post_comment(
            discussion=hidden.discussion, author=poster, body="Sneaky"
        )
    assert Comment.objects.count() == 1


def test_author_of_scheduled_article_can_read_its_discussion(hidden, columnist):
    response = client_for(columnist).get(f"/c/{hidden.pk}/", follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "Embargoed" in response.text


def test_oversized_request_is_refused_with_400_not_an_error(discussion, poster):
    response = client_for(poster).post(
        f"/discussions/{discussion.pk}/comments/", {"body": "x" * 2_000_000}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "?from=%27%20OR%201=1--",
        "?before=zzzz%00",
        "?sort=<script>",
        "?from=" + "0" * 900,
    ],
)
def test_hostile_page_parameters_fall_back_to_the_first_page(article, client, query):
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == HTTPStatus.OK
    assert "<script>" not in response.text  # our scripts all have a src
