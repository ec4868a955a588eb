import pytest
from django.test import Client

from forum import services
from forum.models import Comment
from tests.factories import NewMemberFactory


@pytest.fixture
def discussion(article):
    return services.open_discussion(host=article)


@pytest.fixture
def poster(member, accept):
    """A verified member who has accepted the disclaimer."""
    return accept(member)


@pytest.fixture
def top(discussion, columnist, accept):
    """A top-level comment by the article's columnist."""
    accept(columnist)
    return services.post_comment(
        discussion=discussion, author=columnist, body="What helped you most?"
    )


@pytest.fixture
def newcomer(accept):
    """A new member who accepted the disclaimer: their comments are held."""
    return accept(NewMemberFactory(display_name="Nora Newcomer"))


@pytest.fixture
def pending(discussion, newcomer):
    """A comment by a new member, held for moderation."""
    comment = services.post_comment(
        discussion=discussion, author=newcomer, body="My first question here."
    )
    assert comment.status == Comment.Status.PENDING
    return comment


@pytest.fixture
def held(discussion, newcomer, top):
    """A new member's reply to the columnist's comment, held for review."""
    comment = services.post_comment(
        discussion=discussion,
        author=newcomer,
        body="Is it true that cold showers cure fatigue?",
        parent=top,
    )
    assert comment.status == Comment.Status.PENDING
    return comment


@pytest.fixture
def published(discussion, poster):
    return services.post_comment(
        discussion=discussion,
        author=poster,
        body="Mind the **heat**: <b>cooling</b> vests & fans.",
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
