"""What moderators do to comments, members and discussions, and the log."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InternalError, ProgrammingError, connection, transaction
from django.utils import timezone

from forum import services
from forum.models import (
    PERMANENT_SUSPENSION,
    Comment,
    Flag,
    Member,
    ModerationAction,
    Reason,
)
from forum.services.standing import Block
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
    NewMemberFactory,
)

pytestmark = pytest.mark.django_db

Status = Comment.Status
Kind = ModerationAction.Kind


@pytest.fixture
def newcomer(accept):
    return accept(NewMemberFactory())


@pytest.fixture
def pending(discussion, newcomer):
    comment = services.post_comment(
        discussion=discussion, author=newcomer, body="My first question here."
    )
    assert comment.status == Status.PENDING
    return comment


@pytest.fixture
def published(discussion, poster):
    return services.post_comment(
        discussion=discussion,
        author=poster,
        body="Mind the **heat**: <b>cooling</b> vests & fans.",
    )


@pytest.fixture
def reply_to(discussion, accept):
    def _reply(parent):
        return services.post_comment(
            discussion=discussion,
            author=accept(MemberFactory()),
            body="An answer.",
            parent=parent,
        )

    return _reply


def count(discussion) -> int:
    discussion.refresh_from_db()
    return discussion.comment_count


def fresh(comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


def notices(member) -> int:
    member.refresh_from_db()
    return member.unseen_notices


def report(comment, n=1):
    for reporter in MemberFactory.create_batch(n):
        services.report_comment(comment=comment, reporter=reporter, reason="abuse")


# --- approving ---------------------------------------------------------------


def test_approve_comment_publishes_counts_logs_and_tells_author(
    pending, discussion, moderator, newcomer
):
    now = timezone.now()

    services.approve_comment(comment=pending, moderator=moderator, now=now)

    comment = fresh(pending)
    assert comment.status == Status.PUBLISHED
    assert comment.listed is True
    assert comment.hold_reason == ""
    assert comment.needs_review_since is None
    assert comment in Comment.objects.in_thread()
    assert count(discussion) == 1
    discussion.refresh_from_db()
    assert discussion.last_activity_at == now
    log = ModerationAction.objects.get()
    assert (log.kind, log.actor, log.comment, log.created_at) == (
        Kind.APPROVE,
        moderator,
        comment,
        now,
    )
    assert notices(newcomer) == 1


def test_approve_reported_comment_dismisses_its_reports(published, moderator):
    report(published, 2)
    now = timezone.now()

    services.approve_comment(comment=fresh(published), moderator=moderator, now=now)

    comment = fresh(published)
    assert comment.status == Status.PUBLISHED
    assert comment.open_flags == 0
    assert comment.needs_review_since is None
    assert comment not in Comment.objects.awaiting_review()
    flags = list(Flag.objects.filter(comment=published))
    assert len(flags) == 2
    assert all(f.resolved_at == now for f in flags)
    assert {f.outcome for f in flags} == {Flag.Outcome.DISMISSED}


def test_approve_hidden_comment_publishes_and_counts_it_again(
    published, discussion, moderator
):
    report(published, 3)
    assert fresh(published).status == Status.HIDDEN
    assert count(discussion) == 0

    services.approve_comment(comment=fresh(published), moderator=moderator)

    comment = fresh(published)
    assert comment.status == Status.PUBLISHED and comment.listed is True
    assert count(discussion) == 1
    assert not Flag.objects.open().exists()


def test_approve_comment_twice_raises_already_handled_naming_first_moderator(
    pending, discussion, moderator
):
    second = ModeratorFactory()
    services.approve_comment(comment=fresh(pending), moderator=moderator)

    with pytest.raises(services.AlreadyHandled) as handled:
        services.approve_comment(comment=fresh(pending), moderator=second)

    assert handled.value.code == "already_handled"
    assert handled.value.messages[0].startswith(
        f"Already handled by {moderator.display_name}"
    )
    assert ModerationAction.objects.filter(kind=Kind.APPROVE).count() == 1
    assert count(discussion) == 1


def test_approve_published_comment_without_reports_raises_already_handled(
    published, moderator
):
    with pytest.raises(services.AlreadyHandled):
        services.approve_comment(comment=published, moderator=moderator)
    assert not ModerationAction.objects.exists()


def test_approve_comments_reports_each_outcome(discussion, moderator, accept):
    first, second = (
        services.post_comment(
            discussion=discussion, author=accept(NewMemberFactory()), body="Held"
        )
        for _ in range(2)
    )
    services.approve_comment(comment=second, moderator=moderator)

    outcomes = services.approve_comments(
        comments=[fresh(first), fresh(second)], moderator=ModeratorFactory()
    )

    assert outcomes[0] == (outcomes[0][0], "")
    assert outcomes[1][1].startswith(f"Already handled by {moderator.display_name}")
    assert fresh(first).status == Status.PUBLISHED
    assert count(discussion) == 2


# --- removing, spam, restoring ----------------------------------------------


def test_remove_comment_keeps_text_unlists_uncounts_and_upholds_reports(
    published, discussion, moderator, poster
):
    report(published, 1)
    body, body_html = published.body, published.body_html
    assert count(discussion) == 1

    services.remove_comment(
        comment=fresh(published),
        moderator=moderator,
        reason=Reason.ABUSE,
        note="Personal attack.",
    )

    comment = fresh(published)
    assert comment.status == Status.REMOVED
    assert (comment.body, comment.body_html) == (body, body_html)
    assert comment.listed is False
    assert comment not in Comment.objects.in_thread()
    assert count(discussion) == 0
    flag = Flag.objects.get(comment=published)
    assert flag.outcome == Flag.Outcome.UPHELD and flag.resolved_at is not None
    log = ModerationAction.objects.get()
    assert (log.kind, log.reason, log.note, log.actor) == (
        Kind.REMOVE,
        "abuse",
        "Personal attack.",
        moderator,
    )
    assert notices(poster) == 1


def test_remove_comment_with_reply_keeps_it_listed_as_placeholder(
    published, discussion, moderator, reply_to
):
    reply = reply_to(published)
    assert count(discussion) == 2

    services.remove_comment(
        comment=fresh(published), moderator=moderator, reason=Reason.ABUSE
    )

    comment = fresh(published)
    assert comment.status == Status.REMOVED
    assert comment.listed is True
    assert comment.is_placeholder()
    assert set(Comment.objects.in_thread()) == {comment, fresh(reply)}
    assert count(discussion) == 1


def test_remove_pending_comment_does_not_change_count(pending, discussion, moderator):
    services.remove_comment(comment=pending, moderator=moderator, reason=Reason.SPAM)

    assert fresh(pending).status == Status.REMOVED
    assert count(discussion) == 0


@pytest.mark.parametrize("reason", ["", "rude", None])
def test_remove_comment_without_valid_reason_raises_validation_error(
    published, discussion, moderator, reason
):
    with pytest.raises(ValidationError) as refused:
        services.remove_comment(comment=published, moderator=moderator, reason=reason)

    assert refused.value.code == "reason"
    assert fresh(published).status == Status.PUBLISHED
    assert count(discussion) == 1
    assert not ModerationAction.objects.exists()


def test_remove_comment_twice_raises_already_handled(published, moderator):
    services.remove_comment(comment=published, moderator=moderator, reason="abuse")

    with pytest.raises(services.AlreadyHandled):
        services.remove_comment(
            comment=fresh(published), moderator=ModeratorFactory(), reason="spam"
        )
    assert ModerationAction.objects.count() == 1


def test_remove_of_pending_comment_approved_meanwhile_raises_already_handled(
    pending, discussion, moderator
):
    seen_by_second = fresh(pending)
    services.approve_comment(comment=fresh(pending), moderator=moderator)

    with pytest.raises(services.AlreadyHandled) as handled:
        services.remove_comment(
            comment=seen_by_second, moderator=ModeratorFactory(), reason="abuse"
        )

    assert handled.value.messages[0].startswith(
        f"Already handled by {moderator.display_name}"
    )
    assert fresh(pending).status == Status.PUBLISHED
    assert count(discussion) == 1
    assert ModerationAction.objects.count() == 1


def test_mark_spam_of_pending_comment_removed_meanwhile_raises_already_handled(
    pending, moderator, newcomer
):
    seen_by_second = fresh(pending)
    services.remove_comment(comment=fresh(pending), moderator=moderator, reason="abuse")

    with pytest.raises(services.AlreadyHandled):
        services.mark_spam(comment=seen_by_second, moderator=ModeratorFactory())

    assert fresh(pending).status == Status.REMOVED
    assert ModerationAction.objects.count() == 1


def test_note_on_comment_approved_meanwhile_is_saved(pending, moderator):
    seen_by_second = fresh(pending)
    services.approve_comment(comment=fresh(pending), moderator=moderator)

    services.note_comment(comment=seen_by_second, moderator=moderator, note="Sources?")

    assert fresh(pending).moderator_note == "Sources?"


def test_remove_comments_reports_each_outcome(published, pending, moderator):
    services.remove_comment(comment=published, moderator=moderator, reason="abuse")

    outcomes = services.remove_comments(
        comments=[fresh(pending), fresh(published)],
        moderator=ModeratorFactory(),
        reason=Reason.SPAM,
    )

    assert [error for _comment, error in outcomes][0] == ""
    assert outcomes[1][1].startswith(f"Already handled by {moderator.display_name}")
    assert fresh(pending).status == Status.REMOVED


def test_restore_comment_gives_back_exact_text_and_counts_it(
    published, discussion, moderator
):
    body, body_html = published.body, published.body_html
    services.remove_comment(comment=published, moderator=moderator, reason="abuse")

    services.restore_comment(
        comment=fresh(published), moderator=moderator, note="On reflection, fine."
    )

    comment = fresh(published)
    assert comment.status == Status.PUBLISHED
    assert comment.listed is True
    assert (comment.body, comment.body_html) == (body, body_html)
    assert count(discussion) == 1
    log = ModerationAction.objects.filter(kind=Kind.RESTORE).get()
    assert log.note == "On reflection, fine."


def test_restore_published_comment_raises_already_handled(published, moderator):
    with pytest.raises(services.AlreadyHandled):
        services.restore_comment(comment=published, moderator=moderator)


def test_mark_spam_hides_comment_and_demotes_author(
    published, discussion, moderator, poster
):
    services.mark_spam(comment=published, moderator=moderator)

    comment = fresh(published)
    assert comment.status == Status.SPAM
    assert comment.body == published.body
    assert count(discussion) == 0
    poster.refresh_from_db()
    assert poster.trust == Member.Trust.NEW
    log = ModerationAction.objects.get()
    assert (log.kind, log.reason) == (Kind.SPAM, "spam")


def test_mark_spam_of_removed_comment_demotes_author(published, moderator, poster):
    services.remove_comment(comment=published, moderator=moderator, reason="abuse")

    services.mark_spam(comment=fresh(published), moderator=moderator)

    assert fresh(published).status == Status.SPAM
    poster.refresh_from_db()
    assert poster.trust == Member.Trust.NEW


def test_restore_spam_gives_comment_back(published, discussion, moderator):
    services.mark_spam(comment=published, moderator=moderator)

    services.restore_comment(comment=fresh(published), moderator=moderator)

    assert fresh(published).status == Status.PUBLISHED
    assert count(discussion) == 1


# --- notes ------------------------------------------------------------------


def test_note_comment_stores_sanitised_note_and_tells_author(
    published, moderator, poster
):
    note = "Correction: <script>alert(1)</script> see **the NICE guidance**."

    services.note_comment(comment=published, moderator=moderator, note=note)

    comment = fresh(published)
    assert comment.moderator_note == note
    assert "<script" not in comment.moderator_note_html
    assert "&lt;script&gt;" in comment.moderator_note_html
    assert "<strong>the NICE guidance</strong>" in comment.moderator_note_html
    assert comment.status == Status.PUBLISHED
    log = ModerationAction.objects.get()
    assert (log.kind, log.note) == (Kind.NOTE, note)
    assert notices(poster) == 1


def test_note_comment_with_empty_note_clears_the_note(published, moderator, poster):
    services.note_comment(comment=published, moderator=moderator, note="A note.")

    services.note_comment(comment=fresh(published), moderator=moderator, note="  ")

    comment = fresh(published)
    assert (comment.moderator_note, comment.moderator_note_html) == ("", "")
    assert ModerationAction.objects.filter(kind=Kind.NOTE).count() == 2
    assert notices(poster) == 1


# --- who moderates ----------------------------------------------------------


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


# --- suspending members -----------------------------------------------------


@pytest.mark.parametrize("days", [1, 7, 30, None])
def test_suspend_member_sets_until_and_reason_logs_it_and_stops_posting(
    discussion, poster, moderator, accept, days
):
    own = services.post_comment(discussion=discussion, author=poster, body="Mine")
    now = timezone.now()

    services.suspend_member(
        member=poster, moderator=moderator, days=days, reason="Repeated abuse.", now=now
    )

    poster.refresh_from_db()
    until = PERMANENT_SUSPENSION if days is None else now + timedelta(days=days)
    assert poster.suspended_until == until
    assert poster.suspension_reason == "Repeated abuse."
    assert poster.unseen_notices == 1
    log = ModerationAction.objects.get()
    assert (log.kind, log.member, log.actor, log.until, log.note) == (
        Kind.SUSPEND,
        poster,
        moderator,
        until,
        "Repeated abuse.",
    )
    with pytest.raises(PermissionDenied) as refused:
        services.check_can_post(poster, discussion=discussion)
    message = str(refused.value)
    assert "Repeated abuse." in message
    assert ("until further notice" in message) is (days is None)
    with pytest.raises(PermissionDenied):
        services.post_comment(discussion=discussion, author=poster, body="Again")
    others = services.post_comment(
        discussion=discussion, author=accept(moderator), body="A word."
    )
    with pytest.raises(PermissionDenied):
        services.report_comment(comment=others, reporter=poster, reason="abuse")

    services.delete_comment(comment=own, member=poster)
    assert not Comment.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("days", [1, 7, 30])
def test_suspension_ends_by_itself(discussion, poster, moderator, days):
    now = timezone.now()
    services.suspend_member(
        member=poster, moderator=moderator, days=days, reason="Cool off.", now=now
    )
    poster.refresh_from_db()
    end = now + timedelta(days=days)

    before_end = end - timedelta(seconds=1)
    after_end = end + timedelta(seconds=1)
    assert poster.is_suspended(before_end) is True
    assert services.posting_block(poster, now=before_end) == Block.SUSPENDED
    assert poster.is_suspended(after_end) is False
    assert services.posting_block(poster, discussion=discussion, now=after_end) is None
    services.check_can_post(poster, discussion=discussion, now=after_end)


def test_permanent_suspension_does_not_end(poster, moderator):
    services.suspend_member(member=poster, moderator=moderator, days=None, reason="x")
    poster.refresh_from_db()

    years_later = timezone.now() + timedelta(days=365 * 50)
    assert poster.is_suspended(years_later) is True
    assert poster.is_suspended_for_good() is True


@pytest.mark.parametrize("days", [0, 2, -1, 365])
def test_suspend_member_for_unoffered_length_raises_validation_error(
    poster, moderator, days
):
    with pytest.raises(ValidationError) as refused:
        services.suspend_member(
            member=poster, moderator=moderator, days=days, reason="x"
        )
    assert refused.value.code == "days"
    poster.refresh_from_db()
    assert poster.suspended_until is None


def test_suspend_member_without_reason_raises_validation_error(poster, moderator):
    with pytest.raises(ValidationError) as refused:
        services.suspend_member(member=poster, moderator=moderator, days=7, reason=" ")
    assert refused.value.code == "reason"
    poster.refresh_from_db()
    assert poster.suspended_until is None


@pytest.mark.parametrize(
    "make",
    [ModeratorFactory, lambda: MemberFactory(is_staff=True)],
    ids=["moderator", "staff"],
)
def test_moderator_cannot_suspend_moderator_or_staff_but_superuser_can(
    moderator, superuser, make
):
    target = make()

    with pytest.raises(PermissionDenied):
        services.suspend_member(
            member=target, moderator=moderator, days=7, reason="Rude."
        )
    target.refresh_from_db()
    assert target.suspended_until is None
    assert not ModerationAction.objects.exists()

    services.suspend_member(member=target, moderator=superuser, days=7, reason="Rude.")
    target.refresh_from_db()
    assert target.is_suspended()


def test_moderator_cannot_suspend_themselves(moderator):
    with pytest.raises(PermissionDenied):
        services.suspend_member(
            member=moderator, moderator=moderator, days=1, reason="Tired."
        )
    moderator.refresh_from_db()
    assert moderator.suspended_until is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: MemberFactory(),
        lambda: MemberFactory(is_staff=True),
        lambda: ColumnistFactory(),
    ],
    ids=["member", "plain-staff", "columnist"],
)
def test_suspend_member_by_non_moderator_raises_permission_denied(
    poster, settings, make
):
    settings.CAIRN_COLUMNISTS_MODERATE = True
    with pytest.raises(PermissionDenied):
        services.suspend_member(member=poster, moderator=make(), days=1, reason="x")
    poster.refresh_from_db()
    assert poster.suspended_until is None


def test_lift_suspension_lets_member_post_again(discussion, poster, moderator):
    services.suspend_member(member=poster, moderator=moderator, days=30, reason="x")

    services.lift_suspension(member=poster, moderator=moderator, note="Apologised.")

    poster.refresh_from_db()
    assert poster.suspended_until is None
    assert poster.suspension_reason == ""
    services.check_can_post(poster, discussion=discussion)
    log = ModerationAction.objects.filter(kind=Kind.UNSUSPEND).get()
    assert (log.member, log.actor, log.note) == (poster, moderator, "Apologised.")


def test_lift_suspension_of_member_not_suspended_raises_already_handled(
    poster, moderator
):
    with pytest.raises(ValidationError) as refused:
        services.lift_suspension(member=poster, moderator=moderator)
    assert refused.value.code == "already_handled"
    assert not ModerationAction.objects.exists()


def test_lift_suspension_by_non_moderator_raises_permission_denied(poster, moderator):
    services.suspend_member(member=poster, moderator=moderator, days=1, reason="x")

    with pytest.raises(PermissionDenied):
        services.lift_suspension(member=poster, moderator=MemberFactory(is_staff=True))
    poster.refresh_from_db()
    assert poster.is_suspended()


# --- discussions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "undo", "field"),
    [
        (Kind.LOCK, Kind.UNLOCK, "is_locked"),
        (Kind.HOLD_ALL, Kind.RELEASE_ALL, "holds_comments"),
    ],
)
def test_set_discussion_switches_and_repeating_raises_already_handled(
    discussion, moderator, kind, undo, field
):
    with pytest.raises(ValidationError) as refused:
        services.set_discussion(discussion=discussion, moderator=moderator, kind=undo)
    assert refused.value.code == "already_handled"

    services.set_discussion(discussion=discussion, moderator=moderator, kind=kind)
    discussion.refresh_from_db()
    assert getattr(discussion, field) is True
    with pytest.raises(ValidationError) as refused:
        services.set_discussion(discussion=discussion, moderator=moderator, kind=kind)
    assert refused.value.code == "already_handled"

    services.set_discussion(discussion=discussion, moderator=moderator, kind=undo)
    discussion.refresh_from_db()
    assert getattr(discussion, field) is False

    logged = list(
        ModerationAction.objects.order_by("pk").values_list("kind", "discussion")
    )
    assert logged == [(kind, discussion.pk), (undo, discussion.pk)]


def test_set_discussion_with_unknown_kind_raises_validation_error(
    discussion, moderator
):
    with pytest.raises(ValidationError) as refused:
        services.set_discussion(
            discussion=discussion, moderator=moderator, kind="approve"
        )
    assert refused.value.code == "kind"


def test_locked_discussion_refuses_member_but_not_moderator(
    discussion, poster, moderator, accept
):
    services.set_discussion(discussion=discussion, moderator=moderator, kind="lock")
    discussion.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.post_comment(discussion=discussion, author=poster, body="Hello")
    assert refused.value.code == "locked"
    services.post_comment(
        discussion=discussion, author=accept(moderator), body="Locked: see above."
    )


# --- the author takes back their words ---------------------------------------


def _hide(comment, moderator):
    report(comment, 3)


def _remove(comment, moderator):
    services.remove_comment(comment=comment, moderator=moderator, reason="abuse")


def _spam(comment, moderator):
    services.mark_spam(comment=comment, moderator=moderator)


@pytest.mark.parametrize("moderate", [_hide, _remove, _spam])
def test_author_deletes_own_moderated_comment_and_log_survives(
    published, discussion, moderator, poster, moderate
):
    moderate(published, moderator)
    logged = list(ModerationAction.objects.values_list("pk", "kind", "comment_id"))
    assert logged
    assert count(discussion) == 0

    services.delete_comment(comment=fresh(published), member=poster)

    comment = fresh(published)
    assert comment.status == Status.DELETED
    assert (comment.body, comment.body_html) == ("", "")
    assert comment.listed is False
    assert (
        list(ModerationAction.objects.values_list("pk", "kind", "comment_id")) == logged
    )
    assert not Flag.objects.open().exists()
    assert count(discussion) == 0


def test_author_deletes_own_pending_comment(pending, discussion, newcomer):
    services.delete_comment(comment=pending, member=newcomer)

    assert not Comment.objects.filter(pk=pending.pk).exists()
    assert count(discussion) == 0


def test_moderator_acting_on_deleted_comment_is_told_it_is_gone(
    pending, newcomer, moderator
):
    services.remove_comment(comment=pending, moderator=moderator, reason="spam")
    services.delete_comment(comment=fresh(pending), member=newcomer)

    with pytest.raises(ValidationError) as refused:
        services.restore_comment(comment=fresh(pending), moderator=moderator)
    assert refused.value.code == "comment_gone"


# --- the log is append-only --------------------------------------------------


@pytest.fixture
def logged(pending, moderator):
    services.approve_comment(comment=pending, moderator=moderator)
    return ModerationAction.objects.get()


def test_moderation_log_row_cannot_be_saved_again(logged):
    logged.note = "Rewritten history."
    with pytest.raises(TypeError):
        logged.save()
    assert ModerationAction.objects.get().note == ""


def test_moderation_log_row_cannot_be_deleted(logged):
    with pytest.raises(TypeError):
        logged.delete()
    assert ModerationAction.objects.filter(pk=logged.pk).exists()


def test_moderation_log_queryset_cannot_update_or_delete(logged):
    with pytest.raises(TypeError):
        ModerationAction.objects.filter(pk=logged.pk).update(note="x")
    with pytest.raises(TypeError):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.get().note == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE forum_moderationaction SET note = 'x' WHERE id = %s",
        "DELETE FROM forum_moderationaction WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_moderation_log_refuses_raw_sql_update_and_delete(logged, sql):
    # The savepoint is rolled back before the error reaches pytest.raises, so
    # the test's transaction can still be read from.
    with (
        pytest.raises((ProgrammingError, InternalError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [logged.pk])

    assert ModerationAction.objects.get(pk=logged.pk).note == ""
