import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from community.models import Category, Topic
from forum import services
from forum.models import Discussion, Treatment
from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def _search_settings(settings, no_rate_limits):
    settings.CAIRN_SEARCH_RATE_LIMIT = "1000/m/ip"


@pytest.fixture
def poster(member, accept):
    return accept(member)


@pytest.fixture
def lemtrada(db):
    return Treatment.objects.create(
        name="Alemtuzumab",
        slug="alemtuzumab",
        other_names="Lemtrada\nCampath",
        kind=Treatment.Kind.INFUSION,
    )


def discussion_of(host) -> Discussion:
    return services.open_discussion(host=host)


def say(host, author, body, **kwargs):
    """A comment on `host`'s discussion through the real service."""
    return services.post_comment(
        discussion=discussion_of(host), author=author, body=body, **kwargs
    )


def article(**kwargs):
    return ArticleFactory(**kwargs)


def topic(*, starter, title, opening, treatment=None, tags=()) -> Topic:
    """A community topic made with community.models directly: its discussion,
    then its opening post through forum.services (held for a new member)."""
    category, _created = Category.objects.get_or_create(
        slug="search-tests",
        defaults={"name": "Search tests", "description": "Topics for search tests."},
    )
    with transaction.atomic():
        discussion = Discussion.objects.create(
            host_type=ContentType.objects.get_for_model(Topic), host_id=0
        )
        made = Topic.objects.create(
            title=title, category=category, discussion=discussion, treatment=treatment
        )
        Discussion.objects.filter(pk=discussion.pk).update(host_id=made.pk)
    made.discussion.refresh_from_db()
    made.tags.add(*tags)
    # The opening post is the discussion's first comment.
    comment = services.post_comment(
        discussion=made.discussion, author=starter, body=opening
    )
    Topic.objects.filter(pk=made.pk).update(opening=comment)
    made.refresh_from_db()
    return made
