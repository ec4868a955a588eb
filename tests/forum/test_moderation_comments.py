"""What moderators do to comments (who may: test_moderation_roles.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum import services
from forum.models import Comment, Flag, Member, ModerationAction, Reason
from tests.factories import (
    MemberFactory,
    ModeratorFactory,
    NewMemberFactory,
)
from tests.hosts import both_hosts

pytestmark = [pytest.mark.django_db, both_hosts]

Status = Comment.Status
Kind = ModerationAction.Kind


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
    pending, discussion, moderator, newcomer, count
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
    published, discussion, moderator, count
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
    pending, discussion, moderator, count
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


def test_approve_comments_reports_each_outcome(discussion, moderator, accept, count):
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
    published, discussion, moderator, poster, count
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
    published, discussion, moderator, reply_to, count, host_comments
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
    thread = Comment.objects.in_thread().exclude(pk__in=host_comments)
    assert set(thread) == {comment, fresh(reply)}
    assert count(discussion) == 1


def test_remove_pending_comment_does_not_change_count(
    pending, discussion, moderator, count
):
    services.remove_comment(comment=pending, moderator=moderator, reason=Reason.SPAM)

    assert fresh(pending).status == Status.REMOVED
    assert count(discussion) == 0


@pytest.mark.parametrize("reason", ["", "rude", None])
def test_remove_comment_without_valid_reason_raises_validation_error(
    published, discussion, moderator, reason, count
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
    pending, discussion, moderator, count
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
    published, discussion, moderator, count
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
    published, discussion, moderator, poster, count
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


def test_restore_spam_gives_comment_back(published, discussion, moderator, count):
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


# --- the author takes back their words ---------------------------------------


def _hide(comment, moderator):
    report(comment, 3)


def _remove(comment, moderator):
    services.remove_comment(comment=comment, moderator=moderator, reason="abuse")


def _spam(comment, moderator):
    services.mark_spam(comment=comment, moderator=moderator)


@pytest.mark.parametrize("moderate", [_hide, _remove, _spam])
def test_author_deletes_own_moderated_comment_and_log_survives(
    published, discussion, moderator, poster, moderate, count
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


def test_author_deletes_own_pending_comment(pending, discussion, newcomer, count):
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
