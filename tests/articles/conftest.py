from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory

# Who may be looking at an article. "other_columnist" is the member most
# likely to try a colleague's draft URL: a writer, but not this article's.
ROLES = ["anonymous", "member", "moderator", "other_columnist", "author", "staff"]
ROLES_WHO_SEE_UNPUBLISHED = {"author", "staff"}
STATES = ["draft", "scheduled", "published"]


@pytest.fixture
def draft_article(columnist) -> Article:
    return ArticleFactory(
        author=columnist, status=Article.Status.DRAFT, published_at=None
    )


@pytest.fixture
def scheduled_article(columnist) -> Article:
    return ArticleFactory(
        author=columnist, published_at=timezone.now() + timedelta(days=3)
    )


@pytest.fixture
def article_in_state(columnist) -> Callable[[str], Article]:
    """An article by `columnist` in one of STATES."""

    def make(state: str) -> Article:
        now = timezone.now()
        return {
            "draft": lambda: ArticleFactory(
                author=columnist, status=Article.Status.DRAFT, published_at=None
            ),
            "scheduled": lambda: ArticleFactory(
                author=columnist, published_at=now + timedelta(days=3)
            ),
            "published": lambda: ArticleFactory(
                author=columnist, published_at=now - timedelta(days=3)
            ),
        }[state]()

    return make


@pytest.fixture
def user_in_role(columnist, moderator, staff) -> Callable[[str], object]:
    """The user behind a role in ROLES; `columnist` is the author."""

    def make(role: str):
        return {
            "anonymous": lambda: None,
            "member": MemberFactory,
            "moderator": lambda: moderator,
            "other_columnist": ColumnistFactory,
            "author": lambda: columnist,
            "staff": lambda: staff,
        }[role]()

    return make


@pytest.fixture
def client_as(user_in_role) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        client = Client()
        user = user_in_role(role)
        if user is not None:
            client.force_login(user)
        return client

    return make
