"""A discussion's comments feed: public, valid Atom, bylines only."""

from datetime import timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.disclaimers import current_disclaimer
from forum.feeds import FEED_SIZE
from forum.models import Comment, Discussion, Reason
from tests.factories import ArticleFactory, MemberFactory, ModeratorFactory
from tests.perf import shape

pytestmark = pytest.mark.django_db

# Discussion, its host's content type and row, the comments with their
# authors, and the disclaimer (cached after the first read).
MAX_QUERIES = 5


def feed_url(discussion: Discussion) -> str:
    return reverse("forum:discussion_feed", kwargs={"pk": discussion.pk})


def read_feed(client, discussion: Discussion) -> feedparser.FeedParserDict:
    response = client.get(feed_url(discussion))
    assert response.status_code == HTTPStatus.OK
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def permalink(comment: Comment) -> str:
    return f"http://testserver{comment.get_absolute_url()}"


def test_discussion_feed_is_atom_named_after_its_host(client, discussion, published):
    response = client.get(feed_url(discussion))

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = read_feed(client, discussion)
    article = discussion.host
    assert feed.version == "atom10"
    assert feed.feed.title == f"Comments on “{article.title}”"
    assert feed.feed.link == f"http://testserver{article.get_absolute_url()}#discussion"
    assert feed.feed.subtitle == current_disclaimer().summary


def test_discussion_feed_without_comments_is_valid_and_empty(client, discussion):
    assert read_feed(client, discussion).entries == []


def test_discussion_feed_entry_carries_byline_body_and_permalink(
    client, discussion, published, poster
):
    [entry] = read_feed(client, discussion).entries

    assert entry.author == poster.display_name
    assert entry.title == (
        f"Comment by {poster.display_name} on “{discussion.host.title}”"
    )
    assert entry.link == permalink(published)
    assert entry.id == entry.link
    assert entry.summary == published.body_html


def test_discussion_feed_never_carries_an_email(client, discussion, published, poster):
    response = client.get(feed_url(discussion))

    assert poster.email.encode() not in response.content
    assert b"<email>" not in response.content


def test_discussion_feed_title_carries_the_role_the_host_grants(
    client, discussion, top, columnist, accept
):
    moderator = accept(ModeratorFactory())
    answer = services.post_comment(
        discussion=discussion, author=moderator, body="Please keep it kind.", parent=top
    )

    entries = {e.link: e for e in read_feed(client, discussion).entries}

    assert entries[permalink(top)].author == columnist.display_name
    assert f"{columnist.display_name} (Columnist)" in entries[permalink(top)].title
    assert entries[permalink(answer)].author == moderator.display_name
    assert f"{moderator.display_name} (Moderator)" in entries[permalink(answer)].title


def test_discussion_feed_lists_newest_first(client, discussion, poster, no_rate_limits):
    now = timezone.now()
    # Posted out of id order, so that only the time can sort them right.
    hours_ago = [3, 1, 2]
    comments = {
        hours: services.post_comment(
            discussion=discussion,
            author=poster,
            body=f"Written {hours} hours ago.",
            now=now - timedelta(hours=hours),
        )
        for hours in hours_ago
    }

    links = [e.link for e in read_feed(client, discussion).entries]

    assert links == [permalink(comments[hours]) for hours in sorted(hours_ago)]


def test_discussion_feed_holds_at_most_feed_size_entries(
    client, discussion, poster, no_rate_limits
):
    comments = [
        services.post_comment(discussion=discussion, author=poster, body=f"Note {n}.")
        for n in range(FEED_SIZE + 2)
    ]

    links = [e.link for e in read_feed(client, discussion).entries]

    assert links == [permalink(c) for c in reversed(comments[-FEED_SIZE:])]


def test_discussion_feed_leaves_out_every_comment_readers_cannot_see(
    client,
    discussion,
    top,
    published,
    held,
    poster,
    moderator,
    settings,
    accept,
    no_rate_limits,
):
    settings.CAIRN_REPORTS_TO_HIDE = 1

    def post(body: str, parent: Comment | None = None) -> Comment:
        return services.post_comment(
            discussion=discussion, author=poster, body=body, parent=parent
        )

    # Removed and deleted with a reply: placeholders in the thread, not here.
    removed = post("Words a moderator takes away.")
    services.remove_comment(comment=removed, moderator=moderator, reason=Reason.ABUSE)
    deleted = post("Words their author takes back.")
    reply_to_deleted = post("A reply that keeps its place.", parent=deleted)
    services.delete_comment(comment=deleted, member=poster)
    spam = post("Words marked as spam.")
    services.mark_spam(comment=spam, moderator=moderator)
    hidden = post("Words readers reported.")
    services.report_comment(
        comment=hidden, reporter=accept(MemberFactory()), reason=Reason.MISINFORMATION
    )
    for comment in (removed, deleted, spam, hidden):
        comment.refresh_from_db()
    assert [removed.status, deleted.status, spam.status, hidden.status] == [
        Comment.Status.REMOVED,
        Comment.Status.DELETED,
        Comment.Status.SPAM,
        Comment.Status.HIDDEN,
    ]
    assert deleted.listed  # a placeholder in the thread

    response = client.get(feed_url(discussion))
    feed = read_feed(client, discussion)

    assert {e.link for e in feed.entries} == {
        permalink(c) for c in (top, published, reply_to_deleted)
    }
    for gone in (held, removed, spam, hidden):
        assert gone.body.encode() not in response.content
    for placeholder in (b"[deleted]", b"[removed]", b"[hidden]"):
        assert placeholder not in response.content


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_discussion_feed_of_unpublished_host_is_not_found_even_for_its_author(
    state, client, columnist, accept
):
    accept(columnist)
    article = ArticleFactory(author=columnist, published_at=timezone.now())
    discussion = services.open_discussion(host=article)
    services.post_comment(
        discussion=discussion, author=columnist, body="Before anyone else."
    )
    changes = {
        "draft": {"status": article.Status.DRAFT, "published_at": None},
        "scheduled": {"published_at": timezone.now() + timedelta(days=2)},
    }[state]
    type(article).objects.filter(pk=article.pk).update(**changes)
    client.force_login(columnist)

    response = client.get(feed_url(discussion))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_discussion_feed_of_missing_discussion_is_not_found(client, discussion):
    response = client.get(
        reverse("forum:discussion_feed", kwargs={"pk": discussion.pk + 1})
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("size", [10, 300])
def test_discussion_feed_queries_do_not_grow_with_discussion_size(
    size, client, columnist, django_assert_max_num_queries
):
    authors = [*MemberFactory.create_batch(8), ModeratorFactory()]
    article = ArticleFactory(author=columnist)
    discussion = Discussion.objects.for_host(article).get()
    shape.build(discussion, size=size, authors=authors, mix=shape.MODERATED)
    newest = (
        Comment.objects.filter(discussion=discussion, status=Comment.Status.PUBLISHED)
        .order_by("-created_at")
        .select_related("author")[:FEED_SIZE]
    )

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(feed_url(discussion))

    entries = feedparser.parse(response.content).entries
    assert [e.link for e in entries] == [permalink(c) for c in newest]
    assert [e.author for e in entries] == [c.author.display_name for c in newest]
