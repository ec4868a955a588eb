"""The admin's categories and topics."""

import pytest

from tests.factories import TopicFactory

pytestmark = pytest.mark.usefixtures("no_rate_limits")


def test_topic_admin_lists_and_opens_a_topic_but_adds_and_deletes_none(
    superuser_client, category
):
    topic = TopicFactory(category=category, title="Admin can find this topic")
    listing = superuser_client.get("/admin/community/topic/?q=find+this")
    assert listing.status_code == 200
    assert "Admin can find this topic" in listing.text
    page = superuser_client.get(f"/admin/community/topic/{topic.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/forum/comment/{topic.opening_id}/change/" in page.text
    assert topic.opening.author.display_name not in page.text
    assert superuser_client.get("/admin/community/topic/add/").status_code == 403
    deleting = superuser_client.get(f"/admin/community/topic/{topic.pk}/delete/")
    assert deleting.status_code == 403


def test_category_admin_refuses_a_reserved_slug(superuser_client, db):
    response = superuser_client.post(
        "/admin/community/category/add/",
        {
            "name": "Start here",
            "slug": "start",
            "description": "Would hide the start page.",
            "position": 0,
            "is_listed": "on",
        },
    )
    assert response.status_code == 200
    assert "taken by the community pages" in response.text
    ok = superuser_client.post(
        "/admin/community/category/add/",
        {
            "name": "Start here",
            "slug": "start-here",
            "description": "Fine.",
            "position": 0,
        },
    )
    assert ok.status_code == 302
