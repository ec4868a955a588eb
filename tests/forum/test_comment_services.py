from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum import paths, services
from forum.models import Acceptance, Comment, Discussion
from tests.factories import MemberFactory
from tests.hosts import both_hosts


def post(discussion, author, body="A thought of mine.", parent=None, **kw):
    return services.post_comment(
        discussion=discussion, author=author, body=body, parent=parent, **kw
    )


def test_open_discussion_is_idempotent_per_host(article):
    first = services.open_discussion(host=article)
    assert services.open_discussion(host=article) == first
    assert Discussion.objects.count() == 1


@both_hosts
def test_post_comment_top_level_gets_next_number_and_counts(
    discussion, poster, no_rate_limits, count
):
    # Under a topic, its opening post already holds number 1.
    before = discussion.top_level_seq
    one = post(discussion, poster, "First")
    two = post(discussion, poster, "Second")
    assert (one.path, one.depth, one.thread_number) == (
        paths.encode(before + 1),
        0,
        before + 1,
    )
    assert (two.path, two.thread_number) == (paths.encode(before + 2), before + 2)
    assert count(discussion) == 2
    assert discussion.top_level_seq == before + 2
    assert discussion.last_activity_at == two.created_at


@both_hosts
def test_post_reply_appends_a_segment_and_never_renumbers(
    discussion, poster, no_rate_limits
):
    top = post(discussion, poster)
    first = post(discussion, poster, "r1", parent=top)
    deep = post(discussion, poster, "r1.1", parent=first)
    second = post(discussion, poster, "r2", parent=top)
    assert first.path == top.path + "0001"
    assert deep.path == top.path + "00010001"
    assert second.path == top.path + "0002"
    assert Comment.objects.get(pk=first.pk).path == top.path + "0001"
    top.refresh_from_db()
    assert top.child_seq == 2
    assert deep.depth == 2 and deep.thread_number == top.thread_number


def test_post_comment_writes_sanitised_html(discussion, poster):
    comment = post(
        discussion,
        poster,
        "Hi <script>alert(1)</script> [x](javascript:alert(1)) https://example.org",
    )
    assert "<script" not in comment.body_html
    assert 'href="javascript' not in comment.body_html.lower()
    assert 'rel="nofollow ugc noopener"' in comment.body_html
    assert comment.body.startswith("Hi <script>")


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 10_001])
def test_post_comment_with_bad_length_raises_validation_error(discussion, poster, body):
    with pytest.raises(ValidationError):
        post(discussion, poster, body)
    assert not Comment.objects.exists()


def test_post_comment_accepts_exactly_the_maximum_length(discussion, poster):
    assert len(post(discussion, poster, "y" * 10_000).body) == 10_000


def test_post_comment_rejects_null_characters(discussion, poster):
    with pytest.raises(ValidationError):
        post(discussion, poster, "bad\x00byte")


def test_post_comment_by_unverified_member_is_denied(
    discussion, unverified_member, accept
):
    accept(unverified_member)
    with pytest.raises(PermissionDenied):
        post(discussion, unverified_member)


def test_post_comment_by_suspended_member_is_denied(discussion, poster):
    poster.suspended_until = timezone.now() + timedelta(days=1)
    poster.save()
    with pytest.raises(PermissionDenied):
        post(discussion, poster)


def test_post_comment_by_anonymous_user_is_denied(discussion):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        post(discussion, AnonymousUser())


def test_post_comment_before_accepting_disclaimer_raises_not_accepted(
    discussion, member
):
    with pytest.raises(services.DisclaimerNotAccepted):
        post(discussion, member)


def test_new_disclaimer_version_asks_for_acceptance_again(
    discussion, poster, no_rate_limits
):
    post(discussion, poster, "Before the change")
    services.publish_disclaimer(
        summary="New words", body="New body", guidelines="New rules"
    )
    with pytest.raises(services.DisclaimerNotAccepted):
        post(discussion, poster, "After the change")
    assert Acceptance.objects.filter(member=poster).count() == 1


def test_post_comment_in_locked_discussion_raises_validation_error(discussion, poster):
    Discussion.objects.filter(pk=discussion.pk).update(is_locked=True)
    with pytest.raises(ValidationError) as caught:
        post(discussion, poster)
    assert caught.value.code == "locked"


def test_reply_to_comment_of_another_discussion_is_refused(
    discussion, poster, no_rate_limits
):
    from tests.factories import ArticleFactory

    other = services.open_discussion(host=ArticleFactory())
    foreign = post(other, poster)
    with pytest.raises(ValidationError):
        post(discussion, poster, parent=foreign)


def test_reply_to_deleted_placeholder_is_refused(
    discussion, poster, other_member, accept, no_rate_limits
):
    accept(other_member)
    top = post(discussion, poster)
    post(discussion, other_member, parent=top)
    services.delete_comment(comment=top, member=poster)
    with pytest.raises(ValidationError):
        post(discussion, other_member, parent=top)


def test_rate_limit_one_per_ten_seconds(discussion, poster):
    now = timezone.now()
    post(discussion, poster, "one", now=now)
    with pytest.raises(services.RateLimited) as caught:
        post(discussion, poster, "two", now=now + timedelta(seconds=3))
    assert "wait" in str(caught.value.messages[0])
    post(discussion, poster, "three", now=now + timedelta(seconds=11))


def test_rate_limit_thirty_per_hour(discussion, poster, settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = [(30, 3600)]
    start = timezone.now() - timedelta(minutes=50)
    for n in range(30):
        post(discussion, poster, f"comment {n}", now=start + timedelta(minutes=n))
    with pytest.raises(services.RateLimited):
        post(discussion, poster, "one too many", now=start + timedelta(minutes=45))


def test_identical_text_twice_is_refused_as_duplicate(discussion, poster, settings):
    settings.CAIRN_COMMENT_RATE_LIMITS = []
    post(discussion, poster, "Same words")
    with pytest.raises(services.RateLimited) as caught:
        post(discussion, poster, "Same words")
    assert caught.value.code == "duplicate"


def test_edit_own_comment_within_window_marks_edited(discussion, poster):
    comment = post(discussion, poster, "Frist")
    services.edit_comment(comment=comment, editor=poster, body="First *fixed*")
    comment.refresh_from_db()
    assert comment.body == "First *fixed*"
    assert "<em>fixed</em>" in comment.body_html
    assert comment.edited_at is not None


def test_edit_after_window_is_denied(discussion, poster, settings):
    comment = post(
        discussion, poster, "Old words", now=timezone.now() - timedelta(minutes=16)
    )
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=comment, editor=poster, body="New words")
    comment.refresh_from_db()
    assert comment.body == "Old words"


def test_edit_by_another_member_is_denied(discussion, poster, other_member):
    comment = post(discussion, poster, "Mine")
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=comment, editor=other_member, body="Yours now")


def test_delete_without_replies_removes_the_row(discussion, poster):
    comment = post(discussion, poster)
    services.delete_comment(comment=comment, member=poster)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == 0


def test_delete_with_replies_leaves_placeholder(
    discussion, poster, other_member, accept, no_rate_limits
):
    accept(other_member)
    top = post(discussion, poster, "My private story")
    reply = post(discussion, other_member, parent=top)
    services.delete_comment(comment=top, member=poster)
    top.refresh_from_db()
    assert top.status == Comment.Status.DELETED
    assert top.body == "" and top.body_html == ""
    assert Comment.objects.get(pk=reply.pk).path == reply.path
    discussion.refresh_from_db()
    assert discussion.comment_count == 1


def test_deleting_last_reply_of_placeholder_removes_both(
    discussion, poster, other_member, accept, no_rate_limits
):
    accept(other_member)
    top = post(discussion, poster)
    reply = post(discussion, other_member, parent=top)
    services.delete_comment(comment=top, member=poster)
    services.delete_comment(comment=reply, member=other_member)
    assert not Comment.objects.exists()
    discussion.refresh_from_db()
    assert discussion.comment_count == 0


def test_delete_by_another_member_is_denied(discussion, poster, other_member):
    comment = post(discussion, poster)
    with pytest.raises(PermissionDenied):
        services.delete_comment(comment=comment, member=other_member)
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_path_unique_per_discussion_is_a_database_constraint(discussion, poster):
    comment = post(discussion, poster)
    clash = Comment(
        discussion=discussion,
        author=poster,
        path=comment.path,
        depth=0,
        thread_number=1,
        body="x",
        body_html="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_depth_must_match_path_length_constraint(discussion, poster):
    bad = Comment(
        discussion=discussion,
        author=poster,
        path=paths.encode(9),
        depth=3,
        thread_number=9,
        body="x",
        body_html="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


def test_same_path_allowed_in_different_discussions(discussion, poster, no_rate_limits):
    from tests.factories import ArticleFactory

    other = services.open_discussion(host=ArticleFactory())
    assert post(discussion, poster).path == post(other, poster).path == "0001"


def test_accept_disclaimer_is_idempotent(member):
    from forum.disclaimers import current_disclaimer

    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    assert Acceptance.objects.filter(member=member).count() == 1


def test_posting_block_reasons(discussion, member, accept):
    from django.contrib.auth.models import AnonymousUser

    assert services.posting_block(AnonymousUser()) == services.Block.ANONYMOUS
    assert services.posting_block(member) == services.Block.MUST_ACCEPT
    accept(member)
    assert services.posting_block(member) is None
    assert (
        services.posting_block(MemberFactory(verified=False))
        == services.Block.UNVERIFIED
    )
