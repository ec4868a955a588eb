"""Members reporting comments, and hiding after enough reports."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum import services
from forum.models import Comment, Flag, ModerationAction, Reason
from forum.services.standing import Block
from tests.factories import MemberFactory, ModeratorFactory, NewMemberFactory
from tests.hosts import both_hosts

pytestmark = [pytest.mark.django_db, both_hosts]

Status = Comment.Status


@pytest.fixture(autouse=True)
def _three_reports_hide(settings):
    settings.CAIRN_REPORTS_TO_HIDE = 3
    settings.CAIRN_REPORTS_PER_DAY = 20


@pytest.fixture
def comment(discussion, poster):
    return services.post_comment(
        discussion=discussion, author=poster, body="Stop your medication, it's poison."
    )


def report(comment, reporter, reason=Reason.MISINFORMATION, **kw):
    return services.report_comment(
        comment=comment, reporter=reporter, reason=reason, **kw
    )


def test_report_comment_records_flag_and_queues_comment_for_review(comment):
    reporter = MemberFactory()
    now = timezone.now()

    flag = report(comment, reporter, Reason.ABUSE, note="Unkind.", now=now)

    assert (flag.comment, flag.reporter, flag.reason) == (comment, reporter, "abuse")
    assert flag.note == "Unkind."
    assert flag.resolved_at is None and flag.outcome == ""
    comment.refresh_from_db()
    assert comment.open_flags == 1
    assert comment.needs_review_since == now
    assert comment.status == Status.PUBLISHED
    assert list(Comment.objects.awaiting_review()) == [comment]


def test_report_comment_twice_by_same_member_raises_already_reported(comment):
    reporter = MemberFactory()
    report(comment, reporter)

    with pytest.raises(services.AlreadyReported):
        report(comment, reporter, Reason.ABUSE)

    assert Flag.objects.count() == 1
    comment.refresh_from_db()
    assert comment.open_flags == 1


def test_report_own_comment_raises_permission_denied(comment, poster):
    with pytest.raises(PermissionDenied):
        report(comment, poster)
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    "make",
    [
        lambda: MemberFactory(suspended_until=timezone.now() + timedelta(days=1)),
        lambda: MemberFactory(verified=False),
        lambda: MemberFactory(is_active=False),
    ],
    ids=["suspended", "unverified", "inactive"],
)
def test_report_comment_by_blocked_member_raises_permission_denied(comment, make):
    with pytest.raises(PermissionDenied):
        report(comment, make())
    assert not Flag.objects.exists()
    comment.refresh_from_db()
    assert comment.open_flags == 0


def test_report_comment_by_member_who_has_not_accepted_disclaimer_is_recorded(
    comment,
):
    reporter = MemberFactory()
    assert services.posting_block(reporter) == Block.MUST_ACCEPT

    report(comment, reporter)

    assert Flag.objects.filter(reporter=reporter).count() == 1


@pytest.mark.parametrize("reason", ["", "rude", "SPAM", None])
def test_report_comment_with_unknown_reason_raises_validation_error(comment, reason):
    with pytest.raises(ValidationError) as refused:
        report(comment, MemberFactory(), reason)
    assert refused.value.code == "reason"
    assert not Flag.objects.exists()


@pytest.mark.parametrize("note", ["", "   \n "])
def test_report_comment_for_other_reason_without_note_raises_validation_error(
    comment, note
):
    with pytest.raises(ValidationError) as refused:
        report(comment, MemberFactory(), Reason.OTHER, note=note)
    assert refused.value.code == "note_required"
    assert not Flag.objects.exists()


def test_report_comment_for_other_reason_with_note_is_recorded(comment):
    flag = report(comment, MemberFactory(), Reason.OTHER, note="  Advertising.  ")
    assert flag.note == "Advertising."


def test_report_comment_over_daily_limit_raises_validation_error(
    discussion, poster, settings, no_rate_limits
):
    settings.CAIRN_REPORTS_PER_DAY = 3
    comments = [
        services.post_comment(discussion=discussion, author=poster, body=f"Tip {n}")
        for n in range(5)
    ]
    reporter = MemberFactory()
    now = timezone.now()
    # Yesterday's reports are not counted towards today's.
    report(comments[0], reporter, now=now - timedelta(hours=25))
    for target in comments[1:4]:
        report(target, reporter, now=now)

    with pytest.raises(ValidationError) as refused:
        report(comments[4], reporter, now=now)

    assert refused.value.code == "rate_limited"
    assert Flag.objects.filter(reporter=reporter).count() == 4
    assert not comments[4].flags.exists()


def test_reports_below_threshold_queue_comment_but_keep_it_published(
    comment, discussion, count
):
    for reporter in MemberFactory.create_batch(2):
        report(comment, reporter)

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.open_flags == 2
    assert comment in Comment.objects.awaiting_review()
    assert comment in Comment.objects.in_thread()
    assert count(discussion) == 1
    assert not ModerationAction.objects.exists()


def test_third_distinct_report_hides_comment_and_logs_hide_by_cairn(
    comment, discussion, count
):
    for reporter in MemberFactory.create_batch(3):
        report(comment, reporter)

    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert comment.listed is False
    assert comment.open_flags == 3
    assert comment in Comment.objects.awaiting_review()
    assert comment not in Comment.objects.in_thread()
    assert count(discussion) == 0
    hide = ModerationAction.objects.get()
    assert (hide.kind, hide.comment, hide.actor) == ("hide", comment, None)


def test_repeated_reports_by_one_member_do_not_hide_comment(comment):
    reporter = MemberFactory()
    report(comment, reporter)
    for _ in range(2):
        with pytest.raises(services.AlreadyReported):
            report(comment, reporter)

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.open_flags == 1


def test_hidden_comment_with_reply_stays_listed_as_placeholder_with_its_reply(
    comment, discussion, other_member, accept, count, host_comments
):
    reply = services.post_comment(
        discussion=discussion,
        author=accept(other_member),
        body="Please don't, talk to your neurologist.",
        parent=comment,
    )
    assert count(discussion) == 2

    for reporter in MemberFactory.create_batch(3):
        report(comment, reporter)

    comment.refresh_from_db()
    reply.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert comment.listed is True
    assert reply.status == Status.PUBLISHED and reply.listed is True
    thread = Comment.objects.in_thread().exclude(pk__in=host_comments)
    assert set(thread) == {comment, reply}
    assert count(discussion) == 1


def test_report_on_hidden_comment_is_recorded_without_hiding_again(comment):
    for reporter in MemberFactory.create_batch(4):
        report(comment, reporter)

    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert comment.open_flags == 4
    assert ModerationAction.objects.filter(kind="hide").count() == 1


def _pending(discussion, accept):
    return services.post_comment(
        discussion=discussion, author=accept(NewMemberFactory()), body="Held."
    )


def _deleted_placeholder(discussion, accept):
    author, replier = accept(*MemberFactory.create_batch(2))
    parent = services.post_comment(discussion=discussion, author=author, body="Gone")
    services.post_comment(
        discussion=discussion, author=replier, body="Reply", parent=parent
    )
    return services.delete_comment(comment=parent, member=author)


def _removed_placeholder(discussion, accept):
    author, replier = accept(*MemberFactory.create_batch(2))
    parent = services.post_comment(discussion=discussion, author=author, body="Rude")
    services.post_comment(
        discussion=discussion, author=replier, body="Reply", parent=parent
    )
    return services.remove_comment(
        comment=parent, moderator=ModeratorFactory(), reason=Reason.ABUSE
    )


@pytest.mark.parametrize(
    "make",
    [_pending, _deleted_placeholder, _removed_placeholder],
    ids=["pending", "deleted-placeholder", "removed-placeholder"],
)
def test_report_comment_not_shown_to_readers_is_refused(discussion, accept, make):
    target = make(discussion, accept)
    target.refresh_from_db()

    # Refused either as "not allowed" or as "nothing to report".
    with pytest.raises((PermissionDenied, ValidationError)):
        report(target, MemberFactory())

    assert not Flag.objects.filter(comment=target).exists()
    target.refresh_from_db()
    assert target.open_flags == 0
