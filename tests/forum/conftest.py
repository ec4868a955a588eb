import pytest
from django.test import Client

from forum import services


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


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
