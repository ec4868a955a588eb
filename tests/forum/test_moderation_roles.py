"""Who moderates: the permission (the Moderators group), superusers, and
an article's own columnist when CAIRN_COLUMNISTS_MODERATE is on; nobody
else, and a refusal changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from forum import services
from forum.models import Comment, Flag, ModerationAction, Reason
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.django_db

Status = Comment.Status
Kind = ModerationAction.Kind


def fresh(comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


def _snapshot(comment, discussion):
    comment = fresh(comment)
    discussion.refresh_from_db()
    return (
        comment.status,
        comment.listed,
        comment.body,
        comment.moderator_note,
        comment.needs_review_since,
        discussion.comment_count,
        discussion.is_locked,
        discussion.holds_comments,
        ModerationAction.objects.count(),
        list(Flag.objects.values_list("resolved_at", "outcome")),
    )


def _attempts(comment, discussion, actor):
    return [
        lambda: services.approve_comment(comment=comment, moderator=actor),
        lambda: services.remove_comment(
            comment=comment, moderator=actor, reason=Reason.ABUSE
        ),
        lambda: services.mark_spam(comment=comment, moderator=actor),
        lambda: services.note_comment(comment=comment, moderator=actor, note="Hm."),
        lambda: services.set_discussion(
            discussion=discussion, moderator=actor, kind="lock"
        ),
    ]


@pytest.mark.parametrize(
    "make",
    [
        lambda article: MemberFactory(is_staff=True),
        lambda article: MemberFactory(),
        lambda article: article.author,
        lambda article: ColumnistFactory(),
    ],
    ids=["plain-staff", "member", "own-columnist", "other-columnist"],
)
def test_non_moderators_cannot_moderate_and_nothing_changes(
    pending, discussion, article, settings, make
):
    settings.CAIRN_COLUMNISTS_MODERATE = False
    actor = make(article)
    before = _snapshot(pending, discussion)

    assert services.can_moderate(actor, discussion) is False
    for attempt in _attempts(fresh(pending), discussion, actor):
        with pytest.raises(PermissionDenied):
            attempt()

    assert _snapshot(pending, discussion) == before


def test_restore_by_non_moderator_raises_permission_denied(published, moderator):
    services.remove_comment(comment=published, moderator=moderator, reason="abuse")

    with pytest.raises(PermissionDenied):
        services.restore_comment(
            comment=fresh(published), moderator=MemberFactory(is_staff=True)
        )
    assert fresh(published).status == Status.REMOVED


def test_suspended_moderator_cannot_moderate(pending, discussion):
    suspended = ModeratorFactory(suspended_until=timezone.now() + timedelta(days=1))
    before = _snapshot(pending, discussion)

    assert services.can_moderate(suspended) is False
    assert services.can_moderate(suspended, discussion) is False
    for attempt in _attempts(fresh(pending), discussion, suspended):
        with pytest.raises(PermissionDenied):
            attempt()

    assert _snapshot(pending, discussion) == before


def test_superuser_moderates_without_the_group(pending, superuser):
    services.approve_comment(comment=pending, moderator=superuser)
    assert fresh(pending).status == Status.PUBLISHED


def test_columnist_moderates_own_articles_discussion_when_setting_is_on(
    pending, discussion, columnist, settings
):
    settings.CAIRN_COLUMNISTS_MODERATE = True

    assert services.can_moderate(columnist, discussion) is True
    services.approve_comment(comment=pending, moderator=columnist)

    assert fresh(pending).status == Status.PUBLISHED
    assert ModerationAction.objects.get().actor == columnist
    assert services.can_moderate(columnist) is False
    assert services.can_suspend(columnist) is False


def test_columnist_cannot_moderate_another_columnists_article_when_setting_is_on(
    columnist, newcomer, settings
):
    settings.CAIRN_COLUMNISTS_MODERATE = True
    elsewhere = services.open_discussion(host=ArticleFactory())
    comment = services.post_comment(
        discussion=elsewhere, author=newcomer, body="Held elsewhere."
    )
    before = _snapshot(comment, elsewhere)

    assert services.can_moderate(columnist, elsewhere) is False
    for attempt in _attempts(fresh(comment), elsewhere, columnist):
        with pytest.raises(PermissionDenied):
            attempt()

    assert _snapshot(comment, elsewhere) == before
