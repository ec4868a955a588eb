"""Member pages (/members/<display name>/): who is found, what is listed,
what search engines are told, and the bylines that link to them."""

import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from forum import services
from forum.bylines import byline, member_url
from forum.models import Comment, Discussion, Reason
from forum.services import guests
from forum.views.members import COMMENTS_PER_PAGE
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]

# Reading a member page: session, viewer, member, comments (count, page,
# pages' hosts), roles, journey and its two treatment lists.
MAX_QUERIES = 12


@pytest.fixture
def writer(accept):
    return accept(MemberFactory(display_name="Wren Writer", bio="Hello"))


def say(discussion, author, body, **options) -> Comment:
    return services.post_comment(
        discussion=discussion, author=author, body=body, **options
    )


def page_of(member, client=None):
    return (client or Client()).get(member_url(member.display_name))


# --- finding the member -------------------------------------------------------


def test_member_page_shows_name_join_month_and_bio(writer):
    writer.date_joined = datetime(2024, 3, 9, tzinfo=UTC)
    writer.bio = "First line <script>alert(1)</script>\nSecond line"
    writer.save()

    response = page_of(writer)

    assert response.status_code == HTTPStatus.OK
    html = response.text
    assert "<bdi>Wren Writer</bdi>" in html
    assert "Member since March 2024" in html
    assert "First line &lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in html
    assert "<script>alert(1)" not in html


def test_member_page_tells_search_engines_not_to_index_it(writer):
    html = page_of(writer).text
    assert '<meta name="robots" content="noindex">' in html
    assert (
        '<link rel="canonical" href="http://testserver/members/Wren%20Writer/">' in html
    )


def test_member_page_is_not_in_the_sitemap(writer):
    sitemap = Client().get("/sitemap.xml")
    assert sitemap.status_code == HTTPStatus.OK
    assert "/members/" not in sitemap.text


@pytest.mark.parametrize("typed", ["wren writer", "WREN  WRITER", "Wr3n Writer"])
def test_a_name_spelt_otherwise_redirects_permanently_to_the_member_page(writer, typed):
    response = Client().get(f"/members/{typed}/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/members/Wren%20Writer/"


@pytest.mark.parametrize("name", ["Nobody Here", "...", "x" * 300])
def test_an_unknown_name_is_not_found(writer, name):
    assert Client().get(f"/members/{name}/").status_code == HTTPStatus.NOT_FOUND


def test_an_inactive_member_has_no_page(writer):
    writer.is_active = False
    writer.save()
    assert page_of(writer).status_code == HTTPStatus.NOT_FOUND


def test_member_page_answers_only_reads(writer, member_client):
    response = member_client.post(member_url(writer.display_name))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize(
    ("factory", "badges"),
    [
        (ColumnistFactory, ["Columnist"]),
        (ModeratorFactory, ["Moderator"]),
        (MemberFactory, []),
    ],
)
def test_role_badge_shows_for_columnists_and_moderators(factory, badges):
    html = page_of(factory()).text
    shown = re.findall(r'<span class="badge badge-role">([^<]*)</span>', html)
    assert shown == badges


# --- what is listed -----------------------------------------------------------


@pytest.fixture
def every_state(discussion, writer, moderator, accept, settings):
    """One comment of the writer's in every state, and one posted without
    their name, in one discussion; and one in an article not published."""
    accept(moderator)
    shown = say(discussion, writer, "Shown words, under my name.")
    removed = say(discussion, writer, "Removed words.")
    services.remove_comment(comment=removed, moderator=moderator, reason=Reason.SPAM)
    spam = say(discussion, writer, "Spam words.")
    services.mark_spam(comment=spam, moderator=moderator, note="")
    deleted = say(discussion, writer, "Deleted words.")
    services.delete_comment(comment=deleted, member=writer)
    hidden = say(discussion, writer, "Hidden words.")
    settings.CAIRN_REPORTS_TO_HIDE = 1
    services.report_comment(
        comment=hidden,
        reporter=accept(MemberFactory()),
        reason=Reason.OTHER,
        note="Off topic.",
    )
    hidden.refresh_from_db()
    assert hidden.status == Comment.Status.HIDDEN
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="hold_all"
    )
    held = say(discussion, writer, "Held words.")
    assert held.status == Comment.Status.PENDING
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="release_all"
    )
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="sensitive"
    )
    anonymous = say(discussion, writer, "Words without my name.", anonymous=True)
    assert anonymous.pseudonym
    draft = ArticleFactory()
    hidden_place = services.open_discussion(host=draft)
    elsewhere = say(hidden_place, writer, "Words under a draft.")
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    return {
        "shown": shown,
        "unlisted": [removed, spam, hidden, held, anonymous, elsewhere],
        "deleted_text": "Deleted words.",
    }


def test_on_member_page_lists_only_published_comments_under_their_name(
    writer, every_state
):
    listed = list(Comment.objects.on_member_page(writer))
    assert listed == [every_state["shown"]]


@pytest.mark.parametrize("viewer", ["reader", "member", "themself", "moderator"])
def test_member_page_never_lists_held_removed_anonymous_or_hidden_place_comments(
    writer, every_state, viewer, moderator
):
    client = Client()
    if viewer != "reader":
        client.force_login(
            {"member": MemberFactory(), "themself": writer, "moderator": moderator}[
                viewer
            ]
        )
    html = page_of(writer, client).text
    assert "Shown words, under my name." in html
    assert f'href="/c/{every_state["shown"].pk}/"' in html
    for comment in every_state["unlisted"]:
        assert comment.body not in html
        assert f"/c/{comment.pk}/" not in html
    assert every_state["deleted_text"] not in html


def test_member_page_says_where_each_comment_was_posted(writer, discussion, article):
    say(discussion, writer, "Heat makes my legs heavy.")
    html = page_of(writer).text
    assert (
        f'In <a href="{article.get_absolute_url()}#discussion">“{article.title}”</a>'
        in html
    )


def test_member_page_lists_newest_first_and_pages_by_twenty(writer, discussion):
    now = timezone.now()
    for number in range(COMMENTS_PER_PAGE + 1):
        say(
            discussion,
            writer,
            f"Comment number {number:02d}.",
            now=now - timedelta(minutes=100 - number),
        )
    first = page_of(writer).text
    assert first.index("Comment number 20.") < first.index("Comment number 19.")
    assert "Comment number 00." not in first
    assert "Page 1 of 2" in first
    second = Client().get(member_url(writer.display_name) + "?page=2").text
    assert "Comment number 00." in second
    assert "Comment number 01." not in second
    assert 'href="http://testserver/members/Wren%20Writer/?page=2"' in second
    # A page that is no number, or past the end, is the nearest page.
    assert "Comment number 20." in Client().get("/members/Wren%20Writer/?page=x").text
    assert "Comment number 00." in Client().get("/members/Wren%20Writer/?page=9").text


def test_member_page_without_comments_says_so(writer):
    assert "No comments to show yet." in page_of(writer).text


def test_public_discussions_leave_out_unpublished_hosts(writer):
    shown = services.open_discussion(host=ArticleFactory())
    draft = ArticleFactory()
    hidden = services.open_discussion(host=draft)
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    later = ArticleFactory()
    scheduled = services.open_discussion(host=later)
    Article.objects.filter(pk=later.pk).update(
        published_at=timezone.now() + timedelta(days=1)
    )
    public = set(Discussion.objects.public())
    assert shown in public
    assert hidden not in public and scheduled not in public
    for discussion in (shown, hidden, scheduled):
        assert (discussion in public) == services.discussion_visible_to(
            discussion, AnonymousUser()
        )


@pytest.mark.parametrize("signed_in", [False, True])
def test_member_page_queries_do_not_grow_with_comments(
    writer, discussion, accept, signed_in, django_assert_max_num_queries
):
    client = Client()
    if signed_in:
        client.force_login(accept(MemberFactory()))
    say(discussion, writer, "The only one so far.")
    client.get(member_url(writer.display_name))  # content types cached
    with CaptureQueriesContext(connection) as few:
        page_of(writer, client)
    for number in range(30):
        other = services.open_discussion(host=ArticleFactory())
        say(other if number % 2 else discussion, writer, f"More words {number}.")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = page_of(writer, client)
    assert response.text.count('class="card mb-3"') == COMMENTS_PER_PAGE
    with CaptureQueriesContext(connection) as many:
        page_of(writer, client)
    assert len(many) == len(few)


# --- bylines link to member pages ----------------------------------------------


def test_byline_of_a_named_member_links_to_their_page(writer, discussion):
    comment = Comment.objects.for_thread_page().get(
        pk=say(discussion, writer, "Under my name.").pk
    )
    assert byline(comment).url == "/members/Wren%20Writer/"


def test_byline_of_anonymous_guest_placeholder_and_former_member_has_no_link(
    writer, discussion, moderator, accept, settings
):
    accept(moderator)
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="sensitive"
    )
    anonymous = say(discussion, writer, "No name.", anonymous=True)
    removed = say(discussion, writer, "To remove.")
    services.remove_comment(comment=removed, moderator=moderator, reason=Reason.SPAM)
    settings.CAIRN_GUEST_COMMENTS = True
    guest = guests.send_guest_comment(
        discussion=discussion,
        parent=None,
        name="Passing Visitor",
        email="visitor@guest.example",
        body="A guest's words.",
        ip="192.0.2.1",
        accepted_disclaimer=True,
    )
    guests.confirm(token=guests.confirmation_token(guest))
    # A former member's comment: kept when they left, with neither author
    # nor guest (set up directly, as forum.services.leaving leaves it).
    former = say(discussion, writer, "Words I left behind.")
    Comment.objects.filter(pk=former.pk).update(author=None)
    rows = Comment.objects.for_thread_page()
    for comment in (
        rows.get(pk=anonymous.pk),
        rows.get(pk=removed.pk),
        rows.get(guest=guest),
        rows.get(pk=former.pk),
    ):
        assert byline(comment).url == ""
        assert byline(comment, viewer=writer).url == ""


def test_discussion_links_named_authors_and_nobody_else(
    writer, discussion, article, moderator, accept
):
    accept(moderator)
    say(discussion, writer, "Named words.")
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="sensitive"
    )
    say(discussion, writer, "Nameless words.", anonymous=True)

    html = Client().get(article.get_absolute_url()).text

    assert html.count('href="/members/Wren%20Writer/"') == 1
    assert (
        '<a class="comment-author" id="comment-' in html
        and 'href="/members/Wren%20Writer/"><bdi>Wren Writer</bdi></a>' in html
    )


def test_byline_links_cost_no_query(writer, discussion, article, accept):
    """The page's own query already holds every display name."""
    for number in range(5):
        say(discussion, writer, f"Words {number}.")
    client = Client()
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(article.get_absolute_url())
    for number in range(20):
        say(discussion, accept(MemberFactory()), f"Other words {number}.")
    with CaptureQueriesContext(connection) as many:
        html = client.get(article.get_absolute_url()).text
    assert html.count('class="comment-author" id=') == 25
    assert len(many) == len(few)


def test_a_byline_link_opens_the_member_page(writer, discussion, article):
    say(discussion, writer, "Follow me there.")
    html = Client().get(article.get_absolute_url()).text
    assert 'href="/members/Wren%20Writer/"' in html
    assert page_of(writer).status_code == HTTPStatus.OK
