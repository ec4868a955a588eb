"""Small helpers the moderation tests share (fixtures are in conftest.py)."""

from forum import services
from forum.models import Comment, Reason
from tests.factories import MemberFactory, ModeratorFactory

HTMX = {"HX-Request": "true"}


def held_in(discussion, author, body: str) -> Comment:
    comment = services.post_comment(discussion=discussion, author=author, body=body)
    assert comment.status == Comment.Status.PENDING
    return comment


def report_by_new_member(comment, reason=Reason.MISINFORMATION, note="", name=None):
    """Report `comment` as a new member (named `name`); return the reporter."""
    reporter = MemberFactory(**({"display_name": name} if name else {}))
    services.report_comment(
        comment=comment, reporter=reporter, reason=reason, note=note
    )
    return reporter


def suspended_moderator(superuser):
    keeper = ModeratorFactory()
    services.suspend_member(
        member=keeper, moderator=superuser, days=7, reason="Taking a break."
    )
    keeper.refresh_from_db()
    return keeper


def queue_item(comment) -> str:
    """The anchor of `comment`'s item in the moderation queue."""
    return f'id="queue-item-{comment.pk}"'
