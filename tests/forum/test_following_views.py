"""Following on the page: the follow button, the inbox and its header
count, "New" markers and "Next new comment", within the page's bounds."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Notification, Subscription
from forum.services import following
from tests.factories import MemberFactory
from tests.forum.conftest import client_for
from tests.hosts import both_hosts
from tests.perf import shape

pytestmark = pytest.mark.usefixtures("no_rate_limits")
HTMX = {"HX-Request": "true"}
MAX_QUERIES = 12
NEW = re.compile(r'id="comment-(\d+)"[^>]*>(?:(?!</h3>).)*badge-new', re.S)


def post(discussion, author, body="A reply about cooling vests.", parent=None):
    return services.post_comment(
        discussion=discussion, author=author, body=body, parent=parent
    )


@both_hosts
def test_follow_and_unfollow_are_forms_htmx_swaps_in_place(discussion, host, reader):
    client = client_for(reader)
    page = client.get(host.get_absolute_url())
    assert "Follow discussion" in page.text
    follow = reverse("forum:discussion_follow", args=[discussion.pk])
    response = client.post(follow, headers=HTMX)
    assert response.status_code == HTTPStatus.OK
    assert "Unfollow discussion" in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert Subscription.objects.get(member=reader).following is True
    unfollow = reverse("forum:discussion_unfollow", args=[discussion.pk])
    response = client.post(unfollow)
    assert response.status_code == HTTPStatus.FOUND
    assert Subscription.objects.get(member=reader).following is False
    page = client.get(response.url)
    assert "You no longer follow this discussion." in page.text
    assert "Follow discussion" in page.text


@both_hosts
def test_anonymous_readers_are_not_offered_follow_and_are_sent_to_sign_in(
    client, discussion, host
):
    assert "Follow discussion" not in client.get(host.get_absolute_url()).text
    # Under a topic, its starter follows it from the opening post.
    before = list(Subscription.objects.all())
    response = client.post(reverse("forum:discussion_follow", args=[discussion.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response.url
    assert list(Subscription.objects.all()) == before


@both_hosts
def test_the_header_counts_unread_and_the_inbox_groups_them(discussion, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    mine = post(discussion, reader, "Heat makes my legs heavy.")
    for n in range(4):
        post(discussion, writer, f"Comment number {n}.")
    reply = post(discussion, writer, "Same for me & mine.", mine)
    client = client_for(reader)
    inbox = client.get(reverse("forum:notifications"))
    assert re.search(r"Notifications <span[^>]*>5<span", inbox.text)
    assert "<bdi>Wyn Writer</bdi> replied to you in" in inbox.text
    assert "4 new comments in" in inbox.text
    assert "Same for me &amp; mine." in inbox.text
    assert f'href="/c/{reply.pk}/"' in inbox.text
    assert reader.email not in inbox.text and writer.email not in inbox.text


def test_mark_as_read_and_mark_all_as_read(discussion, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    mine = post(discussion, reader, "Heat makes my legs heavy.")
    post(discussion, writer, "Comment.")
    post(discussion, writer, "Reply.", mine)
    client = client_for(reader)
    key = Notification.objects.get(reason="reply").pk
    response = client.post(reverse("forum:notification_read", args=[key]))
    assert response.status_code == HTTPStatus.FOUND
    assert Notification.objects.filter(recipient=reader, read_at=None).count() == 1
    client.post(reverse("forum:notifications_read_all"))
    assert not Notification.objects.filter(recipient=reader, read_at=None).exists()


def test_the_inbox_is_paged(discussion, reader, writer, settings):
    settings.CAIRN_NOTIFICATIONS_PER_PAGE = 2
    parent = post(discussion, reader, "Question one.")
    for n in range(5):
        post(discussion, writer, f"Answer {n}.", parent)
    client = client_for(reader)
    first = client.get(reverse("forum:notifications"))
    assert first.text.count('class="card mb-3 notification') == 2
    assert "Page 1 of 3" in first.text
    last = client.get(reverse("forum:notifications") + "?page=3")
    assert last.text.count('class="card mb-3 notification') == 1


@both_hosts
def test_reading_the_page_reads_its_notifications(discussion, host, reader, writer):
    following.set_following(member=reader, discussion=discussion, following=True)
    post(discussion, writer)
    client = client_for(reader)
    page = client.get(host.get_absolute_url())
    assert "badge-unread" not in page.text.split("</header>")[0]
    assert not Notification.objects.filter(recipient=reader, read_at=None).exists()


@both_hosts
def test_new_markers_show_what_came_since_the_last_visit(
    discussion, host, host_comments, reader, writer
):
    old = post(discussion, writer, "Before the visit.")
    client = client_for(reader)
    client.get(host.get_absolute_url())
    # The visit ended an hour ago.
    Subscription.objects.filter(member=reader).update(
        seen_at=timezone.now() - timedelta(hours=1)
    )
    from forum.models import Comment

    # And so was everything before it (a topic's opening post too).
    Comment.objects.filter(pk__in=[old.pk, *host_comments]).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    first = post(discussion, writer, "New one.")
    second = post(discussion, writer, "Another new one.")
    mine = post(discussion, reader, "My own is never new to me.")
    page = client.get(host.get_absolute_url())
    assert set(map(int, NEW.findall(page.text))) == {first.pk, second.pk}
    assert mine.pk not in set(map(int, NEW.findall(page.text)))
    assert f'href="#comment-{first.pk}">Next new comment' in page.text
    assert f'href="#comment-{second.pk}">Next new comment' in page.text
    # Within the visit (another page, a reload) the markers stay.
    again = client.get(host.get_absolute_url())
    assert set(map(int, NEW.findall(again.text))) == {first.pk, second.pk}


@both_hosts
def test_a_first_visit_marks_nothing_new(discussion, host, reader, writer):
    post(discussion, writer)
    page = client_for(reader).get(host.get_absolute_url())
    assert NEW.findall(page.text) == []
    assert "Next new comment" not in page.text


@pytest.mark.parametrize("size", [10, 10_000])
def test_the_page_stays_in_its_query_bound_with_notifications_and_new_comments(
    size, discussion, article, reader, writer, django_assert_max_num_queries
):
    shape.build(discussion, size=size, authors=MemberFactory.create_batch(5))
    discussion.refresh_from_db()
    following.set_following(member=reader, discussion=discussion, following=True)
    client = client_for(reader)
    client.get(article.get_absolute_url())
    Subscription.objects.filter(member=reader).update(
        seen_at=timezone.now() - timedelta(hours=1)
    )
    new = [post(discussion, writer, f"Comment {n}.") for n in range(5)]
    assert Notification.objects.filter(recipient=reader, read_at=None).count() == 5
    # The newest first: all five on the first page, each with "Next new".
    url = article.get_absolute_url() + "?sort=newest"
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(url)
    assert set(map(int, NEW.findall(page.text))) == {c.pk for c in new}
    assert not Notification.objects.filter(recipient=reader, read_at=None).exists()
    # Oldest first, the new ones are past the first page: "Next new comment"
    # leads to the earliest of them, on its own page.
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(article.get_absolute_url())
    if size > 100:
        assert f'href="/c/{new[0].pk}/">Next new comment' in page.text
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("forum:notifications"))


def test_an_item_whose_page_was_deleted_is_named_so_and_not_linked(
    discussion, article, reader, writer
):
    parent = post(discussion, reader, "Question one.")
    reply = post(discussion, writer, "Answer.", parent)
    article.delete()
    inbox = client_for(reader).get(reverse("forum:notifications"))
    assert inbox.status_code == HTTPStatus.OK
    assert "replied to you in “a page no longer on Cairn”" in inbox.text
    assert f'href="/c/{reply.pk}/"' not in inbox.text
