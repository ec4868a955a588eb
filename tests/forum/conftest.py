import pytest

from forum import services
from forum.disclaimers import current_disclaimer


@pytest.fixture
def discussion(article):
    return services.open_discussion(host=article)


@pytest.fixture
def accept():
    """Accept the disclaimer in force on a member's behalf."""

    def _accept(*members):
        for member in members:
            services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
        return members[0] if len(members) == 1 else members

    return _accept


@pytest.fixture
def poster(member, accept):
    """A verified member who has accepted the disclaimer."""
    return accept(member)


@pytest.fixture
def no_rate_limits(settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = []
    settings.CAIRN_COMMENT_DUPLICATE_WINDOW = 0
