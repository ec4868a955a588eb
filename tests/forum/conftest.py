import pytest
from django.test import Client

from forum import services
from forum.models import Comment, Discussion, Notification
from tests.factories import MemberFactory, NewMemberFactory


@pytest.fixture
def discussion(host, host_comments):
    """The discussion of `host` (the article, or a topic: see tests/conftest.py)."""
    return services.open_discussion(host=host)


@pytest.fixture
def host_comments(host) -> set[int]:
    """Ids of the comments the host page came with: a topic's opening post,
    none under an article. Tests that count or list a discussion's comments
    leave these out (taken before any fixture posts: `discussion` needs it)."""
    return set(
        Comment.objects.filter(
            discussion__in=Discussion.objects.for_host(host)
        ).values_list("pk", flat=True)
    )


@pytest.fixture
def count(host_comments):
    """`count(discussion)`: the comments readers see in it now, beyond the
    host's own (`host_comments`, published while a test runs)."""

    def _count(discussion) -> int:
        discussion.refresh_from_db()
        return discussion.comment_count - len(host_comments)

    return _count


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


@pytest.fixture
def reader(db, accept):
    """A member who follows, is replied to and is mailed, in the following
    and notification tests."""
    return accept(MemberFactory(display_name="Ruth Reader"))


@pytest.fixture
def writer(db, accept):
    return accept(MemberFactory(display_name="Wyn Writer"))


@pytest.fixture
def say(discussion, writer, mailoutbox):
    """Post a comment as `writer` (or `author`), then forget what the
    fan-out did: the notification email tests write the rows they need."""

    def _say(body="Cooling vests help me in July.", author=None, place=None):
        comment = services.post_comment(
            discussion=place or discussion, author=author or writer, body=body
        )
        Notification.objects.all().delete()
        mailoutbox.clear()
        return comment

    return _say


@pytest.fixture
def mail_site(settings):
    """Links in email start with CAIRN_SITE_URL: a fixed one to look for."""
    from tests.forum.notification_mail import SITE

    settings.CAIRN_SITE_URL = SITE


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
