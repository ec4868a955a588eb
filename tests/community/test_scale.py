"""A category page asks the same number of queries with 10,000 topics as
with three, on its first page and on a late one (issue 20)."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Topic
from forum import paths, services
from forum.models import Comment, Discussion
from forum.sanitize import render_comment
from tests.community.conftest import client_for
from tests.factories import MemberFactory, TopicFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")

MANY = 10_000


def _bulk_topics(category, author, count: int) -> None:
    """`count` visible topics with discussions and opening posts, written in
    a few statements (set-up: no services, no per-row round trips)."""
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        Topic(
            category=category,
            title=f"Bulk topic number {n:05d}",
            slug=f"bulk-topic-number-{n:05d}",
            is_pinned=n % 997 == 0,
        )
        for n in range(count)
    )
    kind = ContentType.objects.get_for_model(Topic)
    discussions = Discussion.objects.bulk_create(
        Discussion(
            host_type=kind,
            host_id=topic.pk,
            comment_count=1,
            top_level_seq=1,
            last_activity_at=now - timedelta(minutes=n),
        )
        for n, topic in enumerate(topics)
    )
    body = "An opening post written in bulk."
    html = render_comment(body)
    openings = Comment.objects.bulk_create(
        Comment(
            discussion=discussion,
            author=author,
            body=body,
            body_html=html,
            path=paths.encode(1),
            depth=0,
            thread_number=1,
            created_at=now - timedelta(minutes=n),
        )
        for n, discussion in enumerate(discussions)
    )
    del openings
    # Each topic points at its discussion and opening post: one statement.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE community_topic t SET discussion_id = d.id, opening_id = c.id "
            "FROM forum_discussion d JOIN forum_comment c ON c.discussion_id = d.id "
            "WHERE d.host_type_id = %s AND d.host_id = t.id AND t.opening_id IS NULL",
            [kind.pk],
        )


def _count(client, path: str) -> int:
    cache.clear()  # as cold as every page measured after it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_category_page_queries_do_not_grow_with_10000_topics(
    django_assert_max_num_queries, category, accept
):
    author = accept(MemberFactory(display_name="Bulk Author"))
    replier = accept(MemberFactory(display_name="Late Replier"))
    clients = {"visitor": Client(), "member": client_for(replier)}
    for n in range(3):
        topic = TopicFactory(
            category=category, author=author, title=f"Topic {n} of three"
        )
        services.post_comment(
            discussion=topic.discussion, author=replier, body=f"Reply {n}"
        )
    path = category.get_absolute_url()
    bounds = {viewer: _count(client, path) for viewer, client in clients.items()}
    # With a cold cache: one of each is the current disclaimer (cached for a
    # minute after it).
    assert bounds["visitor"] <= 5, bounds
    assert bounds["member"] <= 8, bounds

    _bulk_topics(category, author, MANY)
    assert Topic.objects.visible().in_category(category).count() == MANY + 3
    last_page = (MANY + 3 + 19) // 20
    pages = [path, f"{path}?page=2", f"{path}?page={last_page - 3}"]
    pages.append(f"{path}?page={last_page}")
    for (viewer, client), page in itertools.product(clients.items(), pages):
        # Cold, like the bound: building 10,000 topics can outlast what the
        # first pages had cached (the disclaimer, for CACHE_SECONDS).
        cache.clear()
        with django_assert_max_num_queries(bounds[viewer]):
            response = client.get(page)
        assert response.status_code == 200
        assert response.text.count('class="topic-row') in (20, (MANY + 3) % 20)
