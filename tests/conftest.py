import pytest
from django.test import Client

from forum.disclaimers import current_disclaimer
from forum.models import Acceptance
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def other_member(db):
    return MemberFactory()


@pytest.fixture
def unverified_member(db):
    return MemberFactory(verified=False)


@pytest.fixture
def columnist(db):
    return ColumnistFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def article(db, columnist):
    return ArticleFactory(author=columnist)


@pytest.fixture
def host(request, db):
    """The page a discussion is on: the article, unless a test is
    parametrised over both hosts with
    `pytest.mark.parametrize("host", ["article", "topic"], indirect=True)`,
    when "topic" gives a visible community topic (`community_topic`)."""
    kind = getattr(request, "param", "article")
    return request.getfixturevalue(
        {"article": "article", "topic": "community_topic"}[kind]
    )


@pytest.fixture
def community_topic(db, accept):
    """A visible topic in a listed category, started by a trusted member:
    its discussion's first comment is the opening post (so, unlike an
    article's, its discussion already holds one published comment)."""
    from tests.hosts import visible_topic

    return visible_topic(starter=accept(MemberFactory(display_name="Tove Starter")))


@pytest.fixture
def member_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def csrf_client() -> Client:
    """A client that, like a browser, must present a CSRF token."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def staff(db):
    # With an authenticator app: staff sign in with a second step.
    return MemberFactory(is_staff=True, two_factor=True)


@pytest.fixture
def superuser(db):
    return MemberFactory(is_staff=True, is_superuser=True, two_factor=True)


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def accept():
    """Accept the disclaimer in force on a member's behalf."""

    def _accept(*members):
        for member in members:
            # Set-up, not the act under test: unverified members too.
            Acceptance.objects.get_or_create(
                member=member, disclaimer=current_disclaimer()
            )
        return members[0] if len(members) == 1 else members

    return _accept


@pytest.fixture
def no_rate_limits(settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = []
    settings.CAIRN_COMMENT_DUPLICATE_WINDOW = 0
