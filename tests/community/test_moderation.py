"""Pinning, unpinning, moving and locking topics: moderators only."""

from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from community.models import Topic
from community.services.moderation import move_topic, pin_topic
from tests.community.conftest import client_for
from tests.factories import (
    CategoryFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
    TopicFactory,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def keeper(db, accept):
    return accept(ModeratorFactory(display_name="Keeper Kay"))


def test_moderator_pins_and_unpins_and_the_admin_history_says_so(keeper, category):
    topic = TopicFactory(category=category)
    pin_topic(topic=topic, moderator=keeper)
    assert Topic.objects.get().is_pinned
    with pytest.raises(ValidationError):
        pin_topic(topic=topic, moderator=keeper)  # already so
    pin_topic(topic=topic, moderator=keeper, pinned=False)
    assert not Topic.objects.get().is_pinned
    history = LogEntry.objects.filter(object_id=str(topic.pk)).order_by("pk")
    assert [(e.user_id, e.change_message) for e in history] == [
        (keeper.pk, "Pinned."),
        (keeper.pk, "Unpinned."),
    ]


def test_moving_into_a_sensitive_category_makes_the_discussion_sensitive(
    keeper, category, sensitive_category
):
    topic = TopicFactory(category=category)
    move_topic(topic=topic, moderator=keeper, category=sensitive_category)
    topic.refresh_from_db()
    assert topic.category == sensitive_category
    assert topic.discussion.is_sensitive
    entry = LogEntry.objects.get(object_id=str(topic.pk))
    assert entry.change_message == (
        "Moved from \u201cSymptoms and daily life\u201d to \u201cNewly diagnosed\u201d."
    )
    with pytest.raises(ValidationError):
        move_topic(topic=topic, moderator=keeper, category=sensitive_category)


@pytest.mark.parametrize("role", ["member", "columnist"])
def test_members_and_columnists_may_not_pin_or_move(category, accept, role, settings):
    settings.CAIRN_COLUMNISTS_MODERATE = True
    person = accept(MemberFactory() if role == "member" else ColumnistFactory())
    topic = TopicFactory(category=category, author=person)
    other = CategoryFactory()
    with pytest.raises(PermissionDenied):
        pin_topic(topic=topic, moderator=person)
    with pytest.raises(PermissionDenied):
        move_topic(topic=topic, moderator=person, category=other)
    client = client_for(person)
    for path, data in [
        (f"/community/moderation/topics/{topic.pk}/pin/", {}),
        (f"/community/moderation/topics/{topic.pk}/move/", {"category": other.slug}),
        (f"/community/moderation/topics/{topic.pk}/move/", {"category": "nowhere"}),
    ]:
        assert client.post(path, data).status_code == HTTPStatus.FORBIDDEN
    topic.refresh_from_db()
    assert not topic.is_pinned and topic.category == category
    assert not LogEntry.objects.exists()


def test_moderator_tools_on_the_topic_page(keeper, category):
    topic = TopicFactory(category=category)
    CategoryFactory(name="Work and money", slug="work")
    client = client_for(keeper)
    page = client.get(topic.get_absolute_url()).text
    for label in ("Pin topic", "Move topic", "Lock discussion", "Work and money"):
        assert label in page
    response = client.post(f"/community/moderation/topics/{topic.pk}/pin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == topic.get_absolute_url()
    assert "Unpin topic" in client.get(topic.get_absolute_url()).text
    response = client.post(
        f"/community/moderation/topics/{topic.pk}/move/", {"category": "work"}
    )
    assert Topic.objects.get().category.slug == "work"
    member_page = client_for(MemberFactory()).get(topic.get_absolute_url()).text
    assert "Pin topic" not in member_page
    assert "Lock discussion" not in member_page


def test_lock_through_the_engine_closes_the_topic(keeper, category, accept):
    topic = TopicFactory(category=category)
    client = client_for(keeper)
    response = client.post(
        f"/moderation/discussions/{topic.discussion_id}/lock/",
        {"note": "", "next": topic.get_absolute_url()},
    )
    assert response.status_code == HTTPStatus.FOUND
    member = accept(MemberFactory())
    page = client_for(member).get(topic.get_absolute_url()).text
    assert "This discussion is closed to new comments." in page
    refused = client_for(member).post(
        f"/discussions/{topic.discussion_id}/comments/", {"body": "Still here?"}
    )
    assert refused.status_code == HTTPStatus.BAD_REQUEST


def test_missing_topic_is_a_404_for_moderators(keeper, db):
    client = client_for(keeper)
    assert client.post("/community/moderation/topics/999999/pin/").status_code == 404


@pytest.mark.parametrize("action", ["pin", "unpin", "move"])
def test_a_moderator_without_two_factor_is_sent_to_set_it_up_first(
    action, category, sensitive_category
):
    """Pinning and moving are moderation, guarded like the queue
    (forum.two_factor): nothing happens until the second step is set up."""
    topic = TopicFactory(category=category, is_pinned=action == "unpin")
    moderator = ModeratorFactory(two_factor=False)
    response = client_for(moderator).post(
        f"/community/moderation/topics/{topic.pk}/{action}/",
        {"category": sensitive_category.pk},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    unchanged = Topic.objects.get()
    assert (unchanged.is_pinned, unchanged.category) == (action == "unpin", category)
    assert not LogEntry.objects.exists()
