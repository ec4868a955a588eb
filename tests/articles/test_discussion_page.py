"""The article page with its discussion: bounded in queries and in size."""

import re
from dataclasses import dataclass
from http import HTTPStatus
from itertools import pairwise

import pytest
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.test import Client

from articles.models import Article
from forum import paths, services, threads
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion, Flag, Member, Reason
from tests.factories import ArticleFactory, MemberFactory, NewMemberFactory
from tests.perf import shape

MAX_QUERIES = 12
HTMX = {"HX-Request": "true"}
ROW = re.compile(r'<article id="comment-(\d+)"(.*?)</article>', re.S)
BODY = re.compile(r'<div class="comment-body" dir="auto">(.*?)</div>', re.S)
# Any mention of a comment by its id: its anchor, a link to it or into it.
ANCHOR = re.compile(r"(?:/c/|comment-)(\d+)")
CURSOR = re.compile(r"\b(?:from|before)=([0-9a-z]+)")
HEADING = re.compile(r'id="discussion-heading">\s*(\d+) comments?\s*</h2>')
VIEWERS = ["reader", "member_with_held_comments", "moderator"]


@pytest.fixture
def authors(db):
    return MemberFactory.create_batch(10)


def article_with(size, authors, columnist):
    """An article whose discussion has every way of speaking in it: named,
    anonymous (it is sensitive), guests' comments and questions, answered
    and not (shape.SPEAKERS)."""
    article = ArticleFactory(author=columnist)
    discussion = Discussion.objects.for_host(article).get()
    shape.build(
        discussion,
        size=size,
        authors=authors,
        speaking=shape.SPEAKERS,
        columnist=columnist,
    )
    Discussion.objects.filter(pk=discussion.pk).update(is_sensitive=True)
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


@dataclass
class Moderated:
    """A 10,000-comment discussion in every moderation state (tests/perf/
    shape.py's mix), and on its first pages a comment the services removed,
    one they hid after reports, and held comments by two newcomers."""

    article: Article
    discussion: Discussion
    newcomer: Member
    moderator: Member
    own_held: list[Comment]
    removed: Comment
    hidden: Comment

    def url(self, query: str = "") -> str:
        return f"{self.article.get_absolute_url()}{query}"

    def client_for(self, viewer: str) -> Client:
        if viewer == "reader":
            return Client()
        if viewer == "moderator":
            return member_client(self.moderator)
        return member_client(self.newcomer)

    def statuses(self) -> dict[int, tuple[str, str, str]]:
        """Every comment's id: (status, path, body_html)."""
        return {
            pk: rest
            for pk, *rest in Comment.objects.filter(
                discussion=self.discussion
            ).values_list("pk", "status", "path", "body_html")
        }


def _answered_and_unanswered(rows: list[Comment]) -> tuple[list, list]:
    """Published rows of a page followed by a published reply, and published
    rows not followed by one (both before the last row)."""
    answered, unanswered = [], []
    for row, following in pairwise(rows):
        if row.status != Comment.Status.PUBLISHED:
            continue
        if following.depth > row.depth:
            if following.status == Comment.Status.PUBLISHED:
                answered.append(row)
        else:
            unanswered.append(row)
    return answered, unanswered


@pytest.fixture
def moderated(authors, columnist, moderator, no_rate_limits) -> Moderated:
    article = ArticleFactory(author=columnist)
    discussion = Discussion.objects.for_host(article).get()
    shape.build(discussion, size=10_000, authors=authors, mix=shape.MODERATED)
    answered, unanswered = _answered_and_unanswered(
        threads.read_page(discussion).comments
    )
    removed, hidden = answered[0], answered[-1]
    services.remove_comment(comment=removed, moderator=moderator, reason=Reason.ABUSE)
    reporters = [a for a in authors if a.pk != hidden.author_id]
    for reporter in reporters[: settings.CAIRN_REPORTS_TO_HIDE]:
        services.report_comment(
            comment=hidden, reporter=reporter, reason=Reason.MISINFORMATION
        )
    newcomer, stranger = NewMemberFactory(), NewMemberFactory()
    for person in (newcomer, stranger):
        services.accept_disclaimer(member=person, disclaimer=current_disclaimer())
    own_held = []
    for parent in (unanswered[0], None):
        own_held.append(
            services.post_comment(
                discussion=discussion,
                author=newcomer,
                body=f"My own held words {len(own_held)}",
                parent=parent,
            )
        )
        services.post_comment(
            discussion=discussion,
            author=stranger,
            body=f"A stranger's held words {len(own_held)}",
            parent=parent or unanswered[1],
        )
    removed.refresh_from_db()
    hidden.refresh_from_db()
    discussion.refresh_from_db()
    assert [c.status for c in own_held] == [Comment.Status.PENDING] * 2
    assert (removed.status, removed.listed) == (Comment.Status.REMOVED, True)
    assert (hidden.status, hidden.listed) == (Comment.Status.HIDDEN, True)
    return Moderated(
        article=article,
        discussion=discussion,
        newcomer=newcomer,
        moderator=moderator,
        own_held=own_held,
        removed=removed,
        hidden=hidden,
    )


def _pages(moderated: Moderated) -> list[str]:
    """The first page each way, the page after it, a permalink's page deep in
    a thread and the page before that comment."""
    discussion = moderated.discussion
    deep = (
        Comment.objects.filter(discussion=discussion)
        .in_thread()
        .order_by("-depth", "-path")
        .first()
    )
    second = threads.read_page(discussion).next_start
    return [
        moderated.url(),
        moderated.url("?sort=newest"),
        moderated.url(f"?from={second}"),
        moderated.url(f"?from={threads.locate(deep)}"),
        moderated.url(f"?before={deep.path}"),
    ]


def _own_held(moderated: Moderated, viewer: str) -> set[int]:
    if viewer != "member_with_held_comments":
        return set()
    return {comment.pk for comment in moderated.own_held}


def test_moderated_discussion_rows_are_what_the_services_would_store(moderated):
    rows = Comment.objects.filter(discussion=moderated.discussion).annotate(
        listed_replies=Exists(
            Comment.objects.filter(parent=OuterRef("pk"), listed=True)
        )
    )
    published = rows.filter(status=Comment.Status.PUBLISHED)
    assert moderated.discussion.comment_count == published.count()
    for status in (*Comment.MODERATED_STATUSES, Comment.Status.PENDING):
        assert rows.filter(status=status).count() >= 150, status
    placeholders = rows.filter(status__in=Comment.MODERATED_STATUSES)
    assert not placeholders.filter(listed=True, listed_replies=False)
    assert not placeholders.filter(listed=False, listed_replies=True)
    for status in Comment.MODERATED_STATUSES:
        assert placeholders.filter(status=status, listed=True).exists(), status
    held = rows.filter(status=Comment.Status.PENDING)
    assert not held.filter(listed=True) and not held.filter(replies__isnull=False)
    assert not held.filter(needs_review_since__isnull=True)
    reported = published.filter(open_flags__gt=0)
    assert reported.count() >= 150
    assert not reported.filter(needs_review_since__isnull=True)
    assert Flag.objects.open().filter(comment__in=reported).count() == sum(
        reported.values_list("open_flags", flat=True)
    )


@pytest.mark.parametrize("viewer", VIEWERS)
def test_moderated_discussion_page_stays_bounded_and_shows_what_viewer_may_see(
    viewer, moderated, django_assert_max_num_queries
):
    client = moderated.client_for(viewer)
    statuses = moderated.statuses()
    own = _own_held(moderated, viewer)
    others_held = {
        pk for pk, row in statuses.items() if row[0] == Comment.Status.PENDING
    } - own
    held_paths = {statuses[pk][1] for pk in others_held}
    # Words nobody reading this page may see: others' held comments, and
    # every hidden, removed or spam one (the viewers wrote none of them).
    unseen = {
        row[2]
        for pk, row in statuses.items()
        if row[0] in Comment.MODERATED_STATUSES or pk in others_held
    }
    published = sum(row[0] == Comment.Status.PUBLISHED for row in statuses.values())
    placeholders_seen = set()
    pages = {}
    for url in _pages(moderated):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        html = pages[url] = response.text
        rows = dict(ROW.findall(html))
        assert 0 < len(rows) == rendered(response) <= 100, url
        assert not {int(pk) for pk in ANCHOR.findall(html)} & others_held, url
        assert not set(BODY.findall(html)) & unseen, url
        for pk, block in rows.items():
            status = statuses[int(pk)][0]
            if status in (Comment.Status.REMOVED, Comment.Status.SPAM):
                assert "Removed by a moderator" in block
                placeholders_seen.add(Comment.Status.REMOVED)
            elif status == Comment.Status.HIDDEN:
                assert "Hidden while a moderator looks at it" in block
                placeholders_seen.add(Comment.Status.HIDDEN)
            assert ("Awaiting review" in block) == (int(pk) in own), url
        assert int(HEADING.search(html).group(1)) == published
        if not own:
            assert not set(CURSOR.findall(html)) & held_paths, url
    assert placeholders_seen == {Comment.Status.REMOVED, Comment.Status.HIDDEN}
    first, newest = list(pages.values())[:2]
    first_rows = dict(ROW.findall(first))
    assert "Removed by a moderator" in first_rows[str(moderated.removed.pk)]
    assert "Hidden while a moderator" in first_rows[str(moderated.hidden.pk)]
    for comment, html in zip(moderated.own_held, (first, newest), strict=True):
        assert (f'<article id="comment-{comment.pk}"' in html) == bool(own)
        assert (comment.body in html) == bool(own)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_moderated_discussion_rows_fragment_stays_bounded(
    viewer, moderated, django_assert_max_num_queries
):
    client = moderated.client_for(viewer)
    discussion = moderated.discussion
    held = Comment.objects.filter(
        discussion=discussion, status=Comment.Status.PENDING
    ).exclude(pk__in=_own_held(moderated, viewer))
    others_held = set(held.values_list("pk", flat=True))
    held_paths = set(held.values_list("path", flat=True))
    deep = (
        Comment.objects.filter(discussion=discussion, depth=4)
        .in_thread()
        .order_by("-path")
        .first()
    )
    for start in (threads.read_page(discussion).next_start, deep.path, "0001"):
        url = f"/discussions/{discussion.pk}/rows/?from={start}&sort=oldest"
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url, headers=HTMX)
        assert response.status_code == HTTPStatus.OK
        assert 0 < rendered(response) <= 100
        assert not {int(pk) for pk in ANCHOR.findall(response.text)} & others_held
        if viewer != "member_with_held_comments":
            assert not set(CURSOR.findall(response.text)) & held_paths


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
