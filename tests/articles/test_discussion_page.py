"""The article page with its discussion: bounded in queries and in size."""

from http import HTTPStatus

import pytest
from django.test import Client

from forum import paths, services, threads
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion
from tests.factories import ArticleFactory, MemberFactory
from tests.perf import shape

MAX_QUERIES = 12


@pytest.fixture
def authors(db):
    return MemberFactory.create_batch(10)


def article_with(size, authors, columnist):
    article = ArticleFactory(author=columnist)
    shape.build(Discussion.objects.for_host(article).get(), size=size, authors=authors)
    return article


def member_client(member) -> Client:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    client = Client()
    client.force_login(member)
    return client


def rendered(response) -> int:
    return response.text.count('class="comment ')


@pytest.mark.parametrize("size", [10, 10_000])
def test_article_page_queries_do_not_grow_with_discussion_size(
    size, authors, columnist, member, client, django_assert_max_num_queries
):
    article = article_with(size, authors, columnist)
    signed_in = member_client(member)
    discussion = Discussion.objects.for_host(article).get()
    deep = (
        Comment.objects.filter(discussion=discussion)
        .order_by("-depth", "-path")
        .first()
    )
    urls = [
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?from={threads.locate(deep)}",
        f"{article.get_absolute_url()}?sort=newest",
        f"{article.get_absolute_url()}?before={deep.path}",
    ]
    for url in urls:
        for viewer in (client, signed_in):
            with django_assert_max_num_queries(MAX_QUERIES):
                response = viewer.get(url)
            assert response.status_code == HTTPStatus.OK
            assert 0 < rendered(response) <= 100


def test_page_renders_at_most_the_configured_number_of_comments(
    authors, columnist, client, settings
):
    settings.CAIRN_COMMENTS_PER_PAGE = 25
    article = article_with(600, authors, columnist)
    response = client.get(article.get_absolute_url())
    assert rendered(response) <= 25
    assert "Next comments" in response.text


def test_long_thread_shows_how_many_replies_continue(
    authors, columnist, client, settings
):
    settings.CAIRN_COMMENTS_PER_PAGE = 10
    article = article_with(300, authors, columnist)
    response = client.get(article.get_absolute_url())
    assert "more replies in this thread" in response.text


def test_continuation_page_shows_the_trail_of_ancestors(
    authors, columnist, client, settings
):
    settings.CAIRN_COMMENTS_PER_PAGE = 10
    article = article_with(300, authors, columnist)
    discussion = Discussion.objects.for_host(article).get()
    deep = (
        Comment.objects.filter(discussion=discussion, depth=4).order_by("-path").first()
    )
    response = client.get(f"{article.get_absolute_url()}?from={deep.path}")
    assert "Continuing a conversation" in response.text
    for ancestor in paths.ancestors_of(deep.path):
        pk = Comment.objects.get(discussion=discussion, path=ancestor).pk
        assert f'href="/c/{pk}/"' in response.text


def test_permalink_lands_on_the_page_showing_the_comment(
    authors, columnist, client, settings
):
    settings.CAIRN_COMMENTS_PER_PAGE = 20
    article = article_with(800, authors, columnist)
    discussion = Discussion.objects.for_host(article).get()
    for comment in Comment.objects.filter(discussion=discussion).order_by("?")[:15]:
        response = client.get(f"/c/{comment.pk}/", follow=True)
        assert response.status_code == HTTPStatus.OK
        assert f'id="comment-{comment.pk}"' in response.text
        assert response.redirect_chain[-1][0].endswith(f"#comment-{comment.pk}")


def test_columnist_reply_carries_columnist_badge(article, columnist, member, client):
    services.accept_disclaimer(member=columnist, disclaimer=current_disclaimer())
    discussion = Discussion.objects.for_host(article).get()
    services.post_comment(
        discussion=discussion, author=columnist, body="Thanks for reading."
    )
    response = client.get(article.get_absolute_url())
    assert '<span class="badge badge-role">Columnist</span>' in response.text


def test_top_level_comments_are_numbered(article, member, client, settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = []
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    discussion = Discussion.objects.for_host(article).get()
    for n in range(3):
        services.post_comment(discussion=discussion, author=member, body=f"Point {n}")
    response = client.get(article.get_absolute_url())
    assert '<span class="comment-number">3.</span>' in response.text


def test_reader_sees_sign_in_prompt_and_member_sees_form(article, member, client):
    response = client.get(article.get_absolute_url())
    assert "Sign in to join the discussion" in response.text
    assert 'name="body"' not in response.text
    response = member_client(member).get(article.get_absolute_url())
    assert "Post comment" in response.text
    assert "Not medical advice." in response.text


def test_member_who_has_not_accepted_sees_i_understand(article, member):
    client = Client()
    client.force_login(member)
    response = client.get(article.get_absolute_url())
    assert "I understand" in response.text
    assert "Post comment" not in response.text


def test_deleted_comment_with_replies_shows_placeholder(
    article, member, other_member, client
):
    for person in (member, other_member):
        services.accept_disclaimer(member=person, disclaimer=current_disclaimer())
    discussion = Discussion.objects.for_host(article).get()
    top = services.post_comment(
        discussion=discussion, author=member, body="A secret story"
    )
    services.post_comment(
        discussion=discussion, author=other_member, body="Kind reply", parent=top
    )
    services.delete_comment(comment=top, member=member)
    response = client.get(article.get_absolute_url())
    assert "[deleted]" in response.text and "Kind reply" in response.text
    assert "A secret story" not in response.text
    assert member.display_name not in response.text


def test_draft_article_has_no_public_discussion(columnist, client):
    draft = ArticleFactory(author=columnist, status="draft", published_at=None)
    assert not Discussion.objects.for_host(draft).exists()
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
