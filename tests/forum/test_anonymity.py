"""Posting without one's name in a sensitive discussion (issue 18): the
pseudonym, the byline, what the author keeps, what moderators see, the
logged "See who wrote it", and the rules that still apply to the real
member. Nothing reaching other people is swept in test_anonymity_leaks."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from pytest_django.asserts import assertContains, assertNotContains

from forum import services
from forum.bylines import ANONYMOUS, byline
from forum.models import (
    Comment,
    ModerationAction,
    Notification,
    Pseudonym,
    Subscription,
)
from forum.names import validate_display_name
from forum.services import anonymity
from forum.services.anonymity import pseudonym_for, reveal_author
from tests.concurrency import fire_at_once
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    NewMemberFactory,
)
from tests.forum.conftest import client_for

NAME = "Harriet Quill"
Kind = ModerationAction.Kind


@pytest.fixture
def sensitive(discussion, moderator):
    return services.set_discussion(
        discussion=discussion, moderator=moderator, kind=Kind.SENSITIVE
    )


@pytest.fixture
def harriet(db, accept):
    return accept(MemberFactory(display_name=NAME))


@pytest.fixture
def anon(sensitive, harriet):
    """Harriet's comment posted without her name."""
    return services.post_comment(
        discussion=sensitive,
        author=harriet,
        body="Urgency on the bus is my worst fear.",
        anonymous=True,
    )


def shown(comment) -> str:
    return f"{ANONYMOUS} \u00b7 {comment.pseudonym}"


# --- posting ---------------------------------------------------------------


def test_post_anonymously_outside_a_sensitive_discussion_is_refused(
    discussion, harriet
):
    with pytest.raises(ValidationError) as refusal:
        services.post_comment(
            discussion=discussion, author=harriet, body="Hello", anonymous=True
        )
    assert refusal.value.code == "not_sensitive"
    assert not Comment.objects.exists()
    assert not Pseudonym.objects.exists()


def test_post_anonymously_keeps_the_real_author_and_a_pseudonym(anon, harriet):
    assert anon.author == harriet
    assert anon.pseudonym and anon.is_anonymous()
    assert anon.status == Comment.Status.PUBLISHED


def test_post_view_anonymous_box_refused_outside_sensitive_keeps_text(
    discussion, harriet
):
    response = client_for(harriet).post(
        f"/discussions/{discussion.pk}/comments/",
        {"body": "Words I typed", "anonymous": "on"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "Words I typed", status_code=HTTPStatus.BAD_REQUEST)
    assert not Comment.objects.exists()


def test_post_view_with_the_box_ticked_posts_without_the_name(sensitive, harriet):
    response = client_for(harriet).post(
        f"/discussions/{sensitive.pk}/comments/",
        {"body": "Nights are the worst.", "anonymous": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get()
    assert comment.author == harriet and comment.pseudonym


def test_form_offers_the_box_only_in_a_sensitive_discussion(
    discussion, article, harriet, moderator
):
    client = client_for(harriet)
    assertNotContains(client.get(article.get_absolute_url()), "Post without my name")
    services.set_discussion(
        discussion=discussion, moderator=moderator, kind=Kind.SENSITIVE
    )
    assertContains(client.get(article.get_absolute_url()), "Post without my name")


# --- pseudonyms ------------------------------------------------------------


def test_pseudonym_is_the_same_for_a_member_throughout_a_discussion(
    sensitive, anon, harriet, no_rate_limits
):
    again = services.post_comment(
        discussion=sensitive,
        author=harriet,
        body="And again",
        parent=anon,
        anonymous=True,
    )
    assert again.pseudonym == anon.pseudonym
    assert Pseudonym.objects.filter(member=harriet).count() == 1


def test_pseudonyms_differ_between_discussions(harriet, moderator):
    labels = set()
    for _ in range(5):
        discussion = services.open_discussion(host=ArticleFactory())
        labels.add(pseudonym_for(harriet, discussion))
    # Drawn at random: five alike would be a one-in-10^13 coincidence.
    assert len(labels) > 1
    assert Pseudonym.objects.filter(member=harriet).count() == 5


def test_pseudonyms_are_unique_within_a_discussion(sensitive):
    members = MemberFactory.create_batch(40)
    labels = [pseudonym_for(member, sensitive) for member in members]
    assert len(set(labels)) == 40


def test_pseudonym_draws_again_when_its_label_is_taken(sensitive, harriet, monkeypatch):
    # The draw made predictable (the standard library's, not ours): every
    # plain label is the same, so the member's must be drawn past it.
    monkeypatch.setattr(anonymity.secrets, "choice", lambda words: words[0])
    first = pseudonym_for(MemberFactory(), sensitive)
    label = pseudonym_for(harriet, sensitive)
    assert first == "Amber Badger"
    assert label.startswith("Amber Badger ") and label != first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL")
def test_concurrent_first_posts_share_one_pseudonym_per_member():
    discussion = services.open_discussion(host=ArticleFactory())
    members = MemberFactory.create_batch(3)
    calls = [
        (lambda m=member: pseudonym_for(m, discussion))
        for member in members
        for _ in range(4)
    ]
    results = fire_at_once(calls)
    assert not [r for r in results if isinstance(r, BaseException)]
    for index, member in enumerate(members):
        mine = set(results[index * 4 : index * 4 + 4])
        assert mine == {Pseudonym.objects.get(member=member).label}
    assert Pseudonym.objects.filter(discussion=discussion).count() == 3


@pytest.mark.parametrize(
    "name",
    [
        "Anonymous member \u00b7 Quiet Heron",
        "Anonymous member",
        "An0nym0us Heron",
        "Quiet Heron \u00b7 12",
        "Guest Heron",
    ],
)
def test_no_display_name_reads_like_an_anonymous_byline(name):
    with pytest.raises(ValidationError):
        validate_display_name(name)


def test_renaming_to_an_anonymous_byline_is_refused(harriet):
    with pytest.raises(ValidationError):
        services.update_profile(member=harriet, display_name="Anonymous Heron", bio="")


# --- the byline ------------------------------------------------------------


def test_byline_hides_even_a_columnists_role(sensitive, article, accept):
    columnist = accept(article.author)
    comment = services.post_comment(
        discussion=sensitive, author=columnist, body="Mine too.", anonymous=True
    )
    line = byline(comment, article.discussion_badges())
    assert line.name == shown(comment) and line.badge == "" and line.is_anonymous


def test_others_see_the_pseudonym_and_only_the_author_sees_the_note(
    anon, article, other_member, harriet
):
    other = client_for(other_member).get(article.get_absolute_url())
    assertContains(other, shown(anon))
    assertNotContains(other, NAME)
    assertNotContains(other, "Posted without your name")
    own = client_for(harriet).get(article.get_absolute_url())
    assertContains(own, "Posted without your name: others see")
    assertContains(own, shown(anon))


def test_my_comments_lists_it_with_the_note(anon, harriet):
    response = client_for(harriet).get("/account/comments/")
    assertContains(response, "Urgency on the bus")
    assertContains(response, "Posted without your name: others see")


# --- what the author keeps -------------------------------------------------


def test_author_edits_and_deletes_an_anonymous_comment(anon, harriet):
    client = client_for(harriet)
    response = client.post(f"/c/{anon.pk}/edit/", {"body": "Changed words"})
    assert response.status_code == HTTPStatus.FOUND
    anon.refresh_from_db()
    assert anon.body == "Changed words" and anon.pseudonym
    response = client.post(f"/c/{anon.pk}/delete/")
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.filter(pk=anon.pk).exists()


def test_author_follows_and_is_told_of_replies(anon, harriet, sensitive, writer):
    assert Subscription.objects.get(member=harriet, discussion=sensitive).following
    services.post_comment(
        discussion=sensitive, author=writer, body="Same here", parent=anon
    )
    told = Notification.objects.get(recipient=harriet)
    assert told.reason == Notification.Reason.REPLY
    response = client_for(harriet).get("/notifications/")
    assertContains(response, "Wyn Writer")


def test_anonymous_mention_notifies_and_names_only_the_pseudonym(
    sensitive, harriet, writer, mailoutbox, settings
):
    services.post_comment(discussion=sensitive, author=writer, body="Hello all")
    mention = services.post_comment(
        discussion=sensitive,
        author=harriet,
        body="Thank you @Wyn Writer",
        anonymous=True,
    )
    told = Notification.objects.get(recipient=writer, comment=mention)
    assert told.reason == Notification.Reason.MENTION
    inbox = client_for(writer).get("/notifications/")
    assertContains(inbox, shown(mention))
    assertNotContains(inbox, NAME)


def test_member_who_wrote_only_anonymously_is_not_suggested_nor_reached(
    anon, sensitive, writer, harriet, no_rate_limits
):
    assert harriet not in services.participants(discussion=sensitive, viewer=writer)
    assert services.suggest(discussion=sensitive, viewer=writer, prefix="Harr") == []
    assert (
        services.mentioned_members(
            body="@Harriet Quill are you there?", discussion=sensitive, writer=writer
        )
        == []
    )
    services.post_comment(discussion=sensitive, author=harriet, body="Named now")
    assert services.suggest(discussion=sensitive, viewer=writer, prefix="Harr") == [
        NAME
    ]


# --- the rules apply to the real member -----------------------------------


def test_new_members_anonymous_comment_is_held_and_its_approval_counts_towards_trust(
    sensitive, accept, moderator, settings, no_rate_limits
):
    """The approval counts, but the promotion (whose log line names the
    member) waits for their next comment under their own name, so the log
    never shows "became trusted" beside the approval of an anonymous one."""
    settings.CAIRN_TRUST_AFTER_APPROVED = 1
    newcomer = accept(NewMemberFactory(display_name="Nell Newby"))
    comment = services.post_comment(
        discussion=sensitive, author=newcomer, body="First words", anonymous=True
    )
    assert comment.status == Comment.Status.PENDING
    services.approve_comment(comment=comment, moderator=moderator)
    newcomer.refresh_from_db()
    assert not newcomer.is_trusted()
    assert not ModerationAction.objects.filter(
        kind=ModerationAction.Kind.TRUST, member=newcomer
    ).exists()
    again = services.post_comment(
        discussion=sensitive, author=newcomer, body="Still unsure", anonymous=True
    )
    assert again.status == Comment.Status.PENDING
    named = services.post_comment(
        discussion=sensitive, author=newcomer, body="Now with my name"
    )
    newcomer.refresh_from_db()
    assert newcomer.is_trusted()
    assert named.status == Comment.Status.PUBLISHED


def test_suspended_member_cannot_post_anonymously(sensitive, harriet, moderator):
    services.suspend_member(member=harriet, moderator=moderator, days=7, reason="x")
    harriet.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.post_comment(
            discussion=sensitive, author=harriet, body="Hi", anonymous=True
        )


def test_rate_limits_count_anonymous_comments(anon, sensitive, harriet):
    with pytest.raises(services.RateLimited):
        services.post_comment(discussion=sensitive, author=harriet, body="Quick")


# --- moderators -------------------------------------------------------------


@pytest.fixture
def mod_client(moderator):
    return client_for(moderator)


def test_queue_and_case_show_the_pseudonym_not_the_author(
    sensitive, accept, mod_client
):
    newcomer = accept(NewMemberFactory(display_name="Nell Newby"))
    held = services.post_comment(
        discussion=sensitive, author=newcomer, body="Held words", anonymous=True
    )
    for url in ("/moderation/", f"/moderation/c/{held.pk}/"):
        response = mod_client.get(url)
        assertContains(response, shown(held))
        assertContains(response, "Posted without the author")
        assertNotContains(response, "Nell Newby")
        assertNotContains(response, f"/moderation/members/{newcomer.pk}/")


def test_member_record_leaves_out_anonymous_comments(anon, harriet, mod_client):
    response = mod_client.get(f"/moderation/members/{harriet.pk}/")
    assertNotContains(response, "Urgency on the bus")
    assertNotContains(response, f"/moderation/c/{anon.pk}/")


def test_actions_on_an_anonymous_comment_stay_out_of_the_authors_record(
    anon, harriet, moderator, mod_client
):
    services.remove_comment(comment=anon, moderator=moderator, reason="other")
    response = mod_client.get(f"/moderation/members/{harriet.pk}/")
    assertNotContains(response, f"comment {anon.pk}")
    assert not ModerationAction.objects.about_member(harriet).exists()


def test_reveal_shows_the_author_once_and_logs_the_reason(anon, harriet, mod_client):
    response = mod_client.post(
        f"/moderation/c/{anon.pk}/reveal/", {"reason": "A threat to self-harm."}
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, NAME)
    assertContains(response, f'href="/moderation/members/{harriet.pk}/"')
    assert response["Cache-Control"].startswith("max-age=0")
    action = ModerationAction.objects.get(kind=Kind.REVEAL)
    assert (action.comment, action.note, action.member) == (
        anon,
        "A threat to self-harm.",
        None,
    )
    # Only on that answer: the case and the log keep the pseudonym.
    for url in (f"/moderation/c/{anon.pk}/", "/moderation/log/"):
        page = mod_client.get(url)
        assertNotContains(page, NAME)
        assertContains(page, "saw who wrote an anonymous comment</strong>: <span")
        assertContains(page, "A threat to self-harm.")


def test_reveal_without_a_reason_is_refused_and_logs_nothing(anon, mod_client):
    response = mod_client.post(f"/moderation/c/{anon.pk}/reveal/", {"reason": "  "})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "Say why", status_code=HTTPStatus.BAD_REQUEST)
    assertNotContains(response, NAME, status_code=HTTPStatus.BAD_REQUEST)
    assert not ModerationAction.objects.filter(kind=Kind.REVEAL).exists()


def test_reveal_is_a_post_only(anon, mod_client):
    response = mod_client.get(f"/moderation/c/{anon.pk}/reveal/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not ModerationAction.objects.filter(kind=Kind.REVEAL).exists()


def test_reveal_refused_to_members_and_to_moderators_of_other_discussions(
    anon, other_member, settings, accept
):
    settings.CAIRN_COLUMNISTS_MODERATE = True
    elsewhere = ColumnistFactory()
    ArticleFactory(author=elsewhere)
    for person in (other_member, anon.author, elsewhere):
        response = client_for(person).post(
            f"/moderation/c/{anon.pk}/reveal/", {"reason": "Curious."}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ModerationAction.objects.filter(kind=Kind.REVEAL).exists()


def test_columnist_moderating_their_own_article_may_not_reveal(
    anon, article, settings, client
):
    """A reader may be asking their own neurologist: only Cairn's moderators
    see who wrote an anonymous comment, and a columnist moderating their own
    article is offered no such form."""
    settings.CAIRN_COLUMNISTS_MODERATE = True
    with pytest.raises(PermissionDenied):
        reveal_author(comment=anon, moderator=article.author, reason="Threat.")
    client.force_login(article.author)
    case = client.get(f"/moderation/c/{anon.pk}/")
    assert case.status_code == HTTPStatus.OK
    assert "reveal" not in case.text
    assert not ModerationAction.objects.filter(kind=Kind.REVEAL).exists()


def test_reveal_of_a_named_comment_is_refused(sensitive, writer, moderator):
    named = services.post_comment(discussion=sensitive, author=writer, body="Hi")
    with pytest.raises(ValidationError) as refusal:
        reveal_author(comment=named, moderator=moderator, reason="Why not.")
    assert refusal.value.code == "not_anonymous"


def test_suspension_from_the_revealed_record_applies_to_the_real_member(
    anon, harriet, moderator, mod_client, sensitive
):
    mod_client.post(f"/moderation/c/{anon.pk}/reveal/", {"reason": "Ban dodging."})
    response = mod_client.post(
        f"/moderation/members/{harriet.pk}/suspend/",
        {"length": "7", "reason": "Posting again while suspended elsewhere."},
    )
    assert response.status_code == HTTPStatus.FOUND
    harriet.refresh_from_db()
    assert harriet.is_suspended()
    with pytest.raises(PermissionDenied):
        services.post_comment(
            discussion=sensitive, author=harriet, body="Back", anonymous=True
        )


def test_moderator_acts_on_an_anonymous_comment_like_any(anon, mod_client):
    response = mod_client.post(
        f"/moderation/c/{anon.pk}/remove/", {"reason": "other", "note": "Off topic."}
    )
    assert response.status_code == HTTPStatus.FOUND
    anon.refresh_from_db()
    assert anon.status == Comment.Status.REMOVED
