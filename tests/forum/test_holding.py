"""Pre-moderation: which comments wait for a moderator, and earning trust."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum import services
from forum.models import Comment, Member, ModerationAction, WatchedPhrase
from tests.factories import (
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
    NewMemberFactory,
)
from tests.hosts import both_hosts

pytestmark = pytest.mark.django_db

Status = Comment.Status
HoldReason = Comment.HoldReason


def post(discussion, author, body="Fatigue is worse in the heat.", **kw):
    return services.post_comment(discussion=discussion, author=author, body=body, **kw)


@pytest.fixture
def newcomer(accept):
    return accept(NewMemberFactory())


@pytest.fixture(autouse=True)
def _three_approvals_earn_trust(settings):
    settings.CAIRN_TRUST_AFTER_APPROVED = 3


# --- a new member's first comments ------------------------------------------


@both_hosts
def test_post_comment_by_new_member_is_pending_and_uncounted(
    discussion, newcomer, count
):
    comment = post(discussion, newcomer)

    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.hold_reason == HoldReason.NEW_MEMBER
    assert comment.listed is False
    assert comment.needs_review_since == comment.created_at
    assert count(discussion) == 0
    assert list(Comment.objects.awaiting_review()) == [comment]


@both_hosts
def test_pending_comment_is_seen_in_the_thread_by_its_author_only(
    discussion, newcomer, other_member
):
    comment = post(discussion, newcomer)

    assert comment not in Comment.objects.in_thread()
    assert comment in Comment.objects.in_thread_for(newcomer)
    assert comment not in Comment.objects.in_thread_for(other_member)
    assert comment not in Comment.objects.in_thread_for(AnonymousUser())
    assert comment not in Comment.objects.visible()


@both_hosts
def test_new_member_with_enough_approvals_becomes_trusted_and_posts_straight_through(
    discussion, newcomer, moderator, no_rate_limits, count
):
    held = [post(discussion, newcomer, f"Question {n}") for n in range(3)]
    for n, comment in enumerate(held):
        newcomer.refresh_from_db()
        assert newcomer.trust == Member.Trust.NEW, f"trusted after {n} approvals"
        services.approve_comment(comment=comment, moderator=moderator)

    newcomer.refresh_from_db()
    assert newcomer.trust == Member.Trust.TRUSTED
    trust = ModerationAction.objects.get(kind=ModerationAction.Kind.TRUST)
    assert trust.member == newcomer
    assert trust.actor is None
    free = post(discussion, newcomer, "Now I post straight away.")
    assert free.status == Status.PUBLISHED
    assert free.hold_reason == ""
    assert count(discussion) == 4


def test_promotion_to_trusted_is_logged_once(
    discussion, newcomer, moderator, no_rate_limits
):
    for n in range(3):
        services.approve_comment(
            comment=post(discussion, newcomer, f"Question {n}"), moderator=moderator
        )
    newcomer.refresh_from_db()
    other = post(discussion, newcomer, "A reported one.")
    services.report_comment(
        comment=other, reporter=MemberFactory(), reason="misinformation"
    )
    services.approve_comment(comment=other, moderator=moderator)

    assert ModerationAction.objects.filter(kind="trust").count() == 1


@both_hosts
def test_link_from_untrusted_member_is_held_as_links_without_new_member_hold(
    discussion, newcomer, settings, no_rate_limits, count
):
    settings.CAIRN_TRUST_AFTER_APPROVED = 0

    plain = post(discussion, newcomer, "No links here.")
    linked = post(discussion, newcomer, "This helped me: https://example.org/heat")

    assert plain.status == Status.PUBLISHED
    assert linked.status == Status.PENDING
    assert linked.hold_reason == HoldReason.LINKS
    assert count(discussion) == 1


def test_link_from_trusted_member_posts_straight_through(discussion, poster):
    comment = post(discussion, poster, "This helped me: https://example.org/heat")
    assert comment.status == Status.PUBLISHED


# --- watched phrases --------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "body"),
    [
        ("miracle cure", "They sell a Miracle  CURE online."),
        ("miracle cure", "A miracle\ncure, they said."),
        ("miracle cure", "miracle cure"),
        ("cure", "Is there a cure?"),
    ],
)
def test_post_comment_with_watched_phrase_is_held_even_from_trusted_member(
    discussion, poster, phrase, body, count
):
    WatchedPhrase.objects.create(phrase=phrase, action=WatchedPhrase.Action.HOLD)

    comment = post(discussion, poster, body)

    assert comment.status == Status.PENDING
    assert comment.hold_reason == HoldReason.PHRASE
    assert count(discussion) == 0


@pytest.mark.parametrize(
    ("phrase", "body"),
    [
        ("cure", "I moved to curetown last year."),
        ("cure", "Insecure about it."),
        ("miracle cure", "Miracle cures do not exist."),
        ("miracle cure", "A miracle, no cure."),
    ],
)
def test_post_comment_with_phrase_inside_other_words_is_not_held(
    discussion, poster, phrase, body
):
    WatchedPhrase.objects.create(phrase=phrase, action=WatchedPhrase.Action.HOLD)

    comment = post(discussion, poster, body)

    assert comment.status == Status.PUBLISHED


def test_post_comment_with_refused_phrase_raises_phrase_message(
    discussion, poster, count
):
    WatchedPhrase.objects.create(
        phrase="buy ivermectin",
        action=WatchedPhrase.Action.REFUSE,
        message="Cairn is no place to source medicines.",
    )

    with pytest.raises(ValidationError) as refused:
        post(discussion, poster, "Where can I BUY Ivermectin cheaply?")

    assert refused.value.code == "watched_phrase"
    assert refused.value.messages == ["Cairn is no place to source medicines."]
    assert not Comment.objects.exists()
    assert count(discussion) == 0


def test_refused_phrase_wins_over_held_phrase(discussion, poster):
    WatchedPhrase.objects.create(phrase="cure", action=WatchedPhrase.Action.HOLD)
    WatchedPhrase.objects.create(
        phrase="stem cells abroad",
        action=WatchedPhrase.Action.REFUSE,
        message="Not here, please.",
    )

    with pytest.raises(ValidationError, match="Not here, please."):
        post(discussion, poster, "A cure: stem cells abroad.")


# --- whole discussions and who is never held ---------------------------------


@both_hosts
def test_discussion_holding_all_comments_holds_trusted_member(
    discussion, poster, moderator, count
):
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="hold_all"
    )

    comment = post(discussion, poster)

    assert comment.status == Status.PENDING
    assert comment.hold_reason == HoldReason.HOLD_ALL
    assert count(discussion) == 0


def _moderator():
    return ModeratorFactory(trust=Member.Trust.NEW)


def _superuser():
    return MemberFactory(is_superuser=True, trust=Member.Trust.NEW)


def _staff():
    return MemberFactory(is_staff=True, trust=Member.Trust.NEW)


def _own_columnist(article):
    Member.objects.filter(pk=article.author_id).update(trust=Member.Trust.NEW)
    return Member.objects.get(pk=article.author_id)


@pytest.mark.parametrize(
    "make",
    [
        lambda article: _moderator(),
        lambda article: _superuser(),
        lambda article: _staff(),
        _own_columnist,
    ],
    ids=["moderator", "superuser", "staff", "own-columnist"],
)
def test_post_comment_by_those_who_speak_for_the_page_is_never_held(
    discussion, article, moderator, accept, make, count
):
    WatchedPhrase.objects.create(phrase="miracle cure", action="hold")
    discussion = services.set_discussion(
        discussion=discussion, moderator=moderator, kind="hold_all"
    )
    author = accept(make(article))
    assert not author.is_trusted()

    comment = post(discussion, author, "No miracle cure: https://example.org")

    assert comment.status == Status.PUBLISHED
    assert comment.hold_reason == ""
    assert count(discussion) == 1


def test_post_comment_by_another_articles_columnist_is_held(discussion, accept):
    outsider = accept(ColumnistFactory(trust=Member.Trust.NEW))

    comment = post(discussion, outsider)

    assert comment.status == Status.PENDING
    assert comment.hold_reason == HoldReason.NEW_MEMBER


# --- edits ------------------------------------------------------------------


@both_hosts
def test_edit_adding_link_by_untrusted_member_hides_published_comment(
    discussion, newcomer, moderator, count
):
    comment = services.approve_comment(
        comment=post(discussion, newcomer, "Cooling vests help me."),
        moderator=moderator,
    )
    assert count(discussion) == 1
    now = timezone.now()

    edited = services.edit_comment(
        comment=comment,
        editor=newcomer,
        body="Cooling vests help me: https://example.org/vest",
        now=now,
    )

    edited.refresh_from_db()
    assert edited.status == Status.HIDDEN
    assert edited.hold_reason == HoldReason.EDITED
    assert edited.needs_review_since == now
    assert edited.listed is False
    assert "https://example.org/vest" in edited.body
    assert count(discussion) == 0
    assert edited in Comment.objects.awaiting_review()


def test_edit_without_link_by_untrusted_member_stays_published(
    discussion, newcomer, moderator, count
):
    comment = services.approve_comment(
        comment=post(discussion, newcomer, "Cooling vests help me."),
        moderator=moderator,
    )

    edited = services.edit_comment(
        comment=comment, editor=newcomer, body="Cooling vests help me a lot."
    )

    edited.refresh_from_db()
    assert edited.status == Status.PUBLISHED
    assert edited.hold_reason == ""
    assert count(discussion) == 1


def test_edit_adding_link_by_trusted_member_stays_published(discussion, poster):
    comment = post(discussion, poster, "Cooling vests help me.")

    services.edit_comment(
        comment=comment, editor=poster, body="See https://example.org/vest"
    )

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED


def test_edit_adding_watched_phrase_by_trusted_member_hides_comment(discussion, poster):
    WatchedPhrase.objects.create(phrase="miracle cure", action="hold")
    comment = post(discussion, poster, "Cooling vests help me.")

    services.edit_comment(
        comment=comment, editor=poster, body="Cooling vests: a miracle cure."
    )

    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert comment.hold_reason == HoldReason.EDITED


# --- spam costs trust -------------------------------------------------------


def test_mark_spam_demotes_trusted_member_whose_next_comment_is_held(
    discussion, poster, moderator, no_rate_limits
):
    assert poster.is_trusted()
    spam = post(discussion, poster, "Cheap pills here.")

    services.mark_spam(comment=spam, moderator=moderator)

    poster.refresh_from_db()
    assert poster.trust == Member.Trust.NEW
    after = post(discussion, poster, "Sorry, a real question now.")
    assert after.status == Status.PENDING
    assert after.hold_reason == HoldReason.NEW_MEMBER


def test_approvals_before_spam_do_not_count_towards_trust(
    discussion, newcomer, moderator, no_rate_limits
):
    start = timezone.now()

    def at(minutes):
        return start + timedelta(minutes=minutes)

    for n in (1, 2):
        services.approve_comment(
            comment=post(discussion, newcomer, f"Before {n}"),
            moderator=moderator,
            now=at(n),
        )
    services.mark_spam(
        comment=post(discussion, newcomer, "Spam"), moderator=moderator, now=at(3)
    )
    for n in (4, 5):
        services.approve_comment(
            comment=post(discussion, newcomer, f"After {n}"),
            moderator=moderator,
            now=at(n),
        )

    newcomer.refresh_from_db()
    assert newcomer.trust == Member.Trust.NEW, "4 approvals, but only 2 since spam"
    services.approve_comment(
        comment=post(discussion, newcomer, "After 6"), moderator=moderator, now=at(6)
    )
    newcomer.refresh_from_db()
    assert newcomer.trust == Member.Trust.TRUSTED
