"""The two kinds of page that carry a discussion, for the engine's tests:
an article and a community topic (tests/conftest.py: `host`).

`both_hosts` runs a test once under each: the same test, not a copy, so a
topic is shown to go through holding, moderation, replies, reports and
following exactly as an article's discussion does.
"""

import pytest

from community.models import Category, Topic
from forum import services
from forum.models import Comment

both_hosts = pytest.mark.parametrize("host", ["article", "topic"], indirect=True)

OPENING = "Since my diagnosis I nap after lunch. How do you plan a day?"


def visible_topic(*, starter, title="Planning a day around fatigue") -> Topic:
    """A topic in a listed category whose opening post, by `starter` (a
    trusted member who accepted the disclaimer), is published."""
    category, _created = Category.objects.get_or_create(
        slug="daily-life",
        defaults={
            "name": "Daily life",
            "description": "Getting through ordinary days with MS.",
        },
    )
    # In the order the model allows: the topic, then its discussion (which
    # names the topic as its host), then the opening post as the
    # discussion's first comment, through the engine's one way of posting.
    topic = Topic.objects.create(title=title, category=category)
    topic.discussion = services.open_discussion(host=topic)
    topic.save(update_fields=["discussion"])
    opening = services.post_comment(
        discussion=topic.discussion, author=starter, body=OPENING
    )
    assert opening.status == Comment.Status.PUBLISHED
    topic.opening = opening
    topic.save(update_fields=["opening"])
    return topic
