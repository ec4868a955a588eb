import pytest
from django.test import Client

from tests.factories import CategoryFactory, MemberFactory, NewMemberFactory


@pytest.fixture
def category(db):
    return CategoryFactory(name="Symptoms and daily life", slug="symptoms")


@pytest.fixture
def sensitive_category(db):
    return CategoryFactory(
        name="Newly diagnosed", slug="newly-diagnosed", is_sensitive=True
    )


@pytest.fixture
def starter(db, accept):
    """A verified, trusted member who accepted the disclaimer."""
    return accept(MemberFactory(display_name="Starter Sam"))


@pytest.fixture
def newcomer(db, accept):
    return accept(NewMemberFactory(display_name="Nell Newcomer"))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
