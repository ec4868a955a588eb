"""Deleting one's own account (forum.services.leaving, /account/delete/).

Wren Halloway has done a bit of everything on Cairn: comments of every
kind (one naming herself, one with a reply, a thread of her own, a question
the columnist answered, an answer as an expert, one held, one without her
name, one a moderator removed), comments sent as a guest (attached, not
attached, not confirmed), a report, a suspension in the log, follows,
notifications, ignores both ways, an MS journey, an export, a second
address, a renamed display name, two-factor sign-in, a session, and the
admin's history of her account. She deletes her account, keeping her
comments or removing them; then every table of every app is walked, and the
only rows still mentioning her (an address, a name she used, a pseudonym,
her id) are the ones expected: her kept comment that names her, and what
others wrote about her (another member's reply, a moderator's note in the
log, which is append-only).
"""

import json
import re
from dataclasses import dataclass, field
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from forum import services
from forum.models import (
    Acceptance,
    Comment,
    DataExport,
    Discussion,
    EmailFrequency,
    Flag,
    Guest,
    Ignore,
    Journey,
    Member,
    ModerationAction,
    NameReservation,
    Notification,
    Pseudonym,
    Reason,
    Subscription,
)
from forum.names import display_name_key, validate_display_name
from forum.services import following, guest_records, guests, leaving
from forum.services.notification_digest import send_digests
from forum.tasks import queue_message
from tests.articles.test_discussion_page import MAX_QUERIES
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.django_db

NAME = "Wren Halloway"
FIRST_NAME = "Wren Earlier"  # before she renamed herself: reserved since
EMAIL = "wren.halloway@example.org"
SECOND_EMAIL = "wren.second@example.net"
GUEST_NAME = "Wren Outdoors"
IP = "198.51.100.23"
LABEL = re.compile(r"^Former member [2-9A-HJ-NP-Z]{4}$")
Status = Comment.Status


@dataclass
class Leaver:
    member: Member
    other: Member
    moderator: Member
    columnist: Member
    article: object
    discussion: Discussion
    sensitive: Discussion
    pseudonym: str
    said: dict[str, Comment] = field(default_factory=dict)  # hers
    others: dict[str, Comment] = field(default_factory=dict)
    session: Client | None = None
    log_note: ModerationAction | None = None

    def mine(self) -> list[int]:
        return [c.pk for c in self.said.values()]


def _post(discussion, author, body, **options) -> Comment:
    return services.post_comment(
        discussion=discussion, author=author, body=body, **options
    )


@pytest.fixture
def leaver(settings, accept, no_rate_limits, superuser) -> Leaver:
    settings.CAIRN_GUEST_COMMENTS = True
    columnist = accept(ColumnistFactory(display_name="Columnist Ines"))
    experts = Group.objects.create(name="Heat experts")
    article = ArticleFactory(author=columnist, experts=experts)
    wren = accept(MemberFactory(display_name=FIRST_NAME, email=EMAIL))
    wren = services.update_profile(
        member=wren, display_name=NAME, bio="I garden when my legs let me."
    )
    wren.groups.add(experts)
    EmailAddress.objects.create(user=wren, email=SECOND_EMAIL, verified=True)
    other = accept(MemberFactory(display_name="Juniper Oakes"))
    moderator = accept(ModeratorFactory(display_name="Keeper Lund"))
    discussion = services.open_discussion(host=article)
    sensitive_article = ArticleFactory(author=columnist)
    sensitive = services.set_discussion(
        discussion=services.open_discussion(host=sensitive_article),
        moderator=moderator,
        kind="sensitive",
    )
    w = Leaver(
        member=wren,
        other=other,
        moderator=moderator,
        columnist=columnist,
        article=article,
        discussion=discussion,
        sensitive=sensitive,
        pseudonym="",
    )

    # A guest comment she later attached, one from her second address
    # (not attached), and one she never confirmed.
    attached = guests.send_guest_comment(
        discussion=discussion,
        parent=None,
        name=GUEST_NAME,
        email=EMAIL,
        body="Written before I had an account.",
        ip=IP,
        accepted_disclaimer=True,
    )
    guests.confirm(token=guests.confirmation_token(attached))
    assert guest_records.attach_guest_comments(member=wren) == 1
    w.said["attached"] = Comment.objects.get(author=wren)
    as_guest = guests.send_guest_comment(
        discussion=discussion,
        parent=None,
        name=GUEST_NAME,
        email=SECOND_EMAIL,
        body="Sent from my other address.",
        ip=IP,
        accepted_disclaimer=True,
    )
    guests.confirm(token=guests.confirmation_token(as_guest))
    w.said["as_guest"] = Comment.objects.get(guest=as_guest)
    services.approve_comment(comment=w.said["as_guest"], moderator=moderator)
    guests.send_guest_comment(
        discussion=discussion,
        parent=None,
        name=GUEST_NAME,
        email=EMAIL,
        body="Never confirmed.",
        ip=IP,
        accepted_disclaimer=True,
    )

    say = w.said
    say["named"] = _post(discussion, wren, f"{NAME} here: the cooling vest helped.")
    say["replied"] = _post(discussion, wren, "Short walks after lunch keep me steady.")
    w.others["reply"] = _post(
        discussion, other, "Same here, ten minutes is plenty.", parent=say["replied"]
    )
    say["own_top"] = _post(discussion, wren, "A note to myself about pacing.")
    say["own_reply"] = _post(
        discussion, wren, "And a second thought under it.", parent=say["own_top"]
    )
    w.others["question"] = _post(
        discussion, other, "Is it normal to feel worse in the heat?", question=True
    )
    say["answer"] = _post(
        discussion,
        wren,
        "For many of us it is; rest in the shade.",
        parent=w.others["question"],
    )
    say["question"] = _post(
        discussion, wren, "Does the fatigue ease with time?", question=True
    )
    w.others["columnist_answer"] = _post(
        discussion, columnist, "For many it does, slowly.", parent=say["question"]
    )
    w.others["mention"] = _post(
        discussion, other, f"@{NAME} thank you for the vest tip."
    )
    say["removed"] = _post(discussion, wren, "Cheap pills at a shop I know.")
    services.remove_comment(
        comment=say["removed"],
        moderator=moderator,
        reason=Reason.SELLING,
        note=f"{NAME} posted the same shop twice.",
    )
    w.log_note = ModerationAction.objects.get(comment=say["removed"])
    # Held: in a discussion where she is no expert (experts are never held).
    holding = services.set_discussion(
        discussion=sensitive, moderator=moderator, kind="hold_all"
    )
    say["held"] = _post(holding, wren, "A thought that waits for a moderator.")
    assert say["held"].status == Status.PENDING
    sensitive = services.set_discussion(
        discussion=holding, moderator=moderator, kind="release_all"
    )
    say["anonymous"] = _post(sensitive, wren, "Words without my name.", anonymous=True)
    w.pseudonym = say["anonymous"].pseudonym

    services.report_comment(
        comment=w.others["reply"],
        reporter=wren,
        reason=Reason.OTHER,
        note="This reads like an advert.",
    )
    services.suspend_member(member=wren, moderator=moderator, days=1, reason="Pause.")
    services.lift_suspension(member=wren, moderator=moderator, note="Talked it over.")
    following.set_following(member=wren, discussion=sensitive, following=True)
    Ignore.objects.create(member=wren, ignored=other)
    Ignore.objects.create(member=other, ignored=wren)
    Journey.objects.create(
        member=wren, diagnosed_year=2019, ms_type="rrms", current_other="cooling vest"
    )
    DataExport.objects.create(
        member=wren,
        finished_at=timezone.now(),
        data=json.dumps({"email": EMAIL, "display_name": NAME}),
    )
    Authenticator.objects.create(
        user=wren, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    for obj, repr_ in ((wren, NAME), (wren.emailaddress_set.first(), EMAIL)):
        LogEntry.objects.create(
            user=superuser,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=repr_,
            action_flag=CHANGE,
            change_message="[]",
        )
    w.session = Client()
    w.session.force_login(wren)
    assert w.session.get("/account/profile/").status_code == HTTPStatus.OK
    wren.refresh_from_db()
    w.member = wren
    return w


# --- the walk -------------------------------------------------------------------

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def needles(w: Leaver) -> list[str]:
    return [
        EMAIL,
        SECOND_EMAIL,
        NAME,
        FIRST_NAME,
        GUEST_NAME,
        display_name_key(NAME),
        display_name_key(FIRST_NAME),
        w.pseudonym,
    ]


def mentions_of(w: Leaver, pk: int) -> set[tuple[str, object, str]]:
    """(model, row, column) of every row in every table of every app that
    mentions her: a text, char or JSON column holding one of her addresses,
    names or her pseudonym; a foreign key to her id; a generic reference
    (content type and object id) to her; a session that signs her in."""
    member_type = ContentType.objects.get_for_model(Member)
    found = set()
    for model in apps.get_models(include_auto_created=True):
        rows = model._base_manager.all()
        label = model._meta.label
        fields = model._meta.concrete_fields
        generic = [
            f for f in fields if f.is_relation and f.related_model is ContentType
        ]
        for column in fields:
            if column.is_relation:
                if column.related_model is Member:
                    hits = rows.filter(**{column.attname: pk})
                    found |= {
                        (label, r, column.name)
                        for r in hits.values_list("pk", flat=True)
                    }
                continue
            if generic and column.name.endswith("_id"):
                for kind in generic:
                    hits = rows.annotate(_ref=Cast(column.name, models.TextField()))
                    hits = hits.filter(
                        **{kind.attname: member_type.pk, "_ref": str(pk)}
                    )
                    found |= {
                        (label, r, column.name)
                        for r in hits.values_list("pk", flat=True)
                    }
            if not isinstance(column, TEXT_FIELDS):
                continue
            text = rows.annotate(_text=Cast(column.name, models.TextField()))
            for needle in needles(w):
                hits = text.filter(_text__icontains=needle)
                found |= {
                    (label, r, column.name) for r in hits.values_list("pk", flat=True)
                }
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(pk):
            found.add(("sessions.Session", session.pk, "session_data"))
    return found


def _expected(w: Leaver, *, kept: bool) -> set[tuple[str, object, str]]:
    """What others wrote about her stays theirs (a reply naming her, a
    moderator's note in the append-only log); her own words naming her stay
    only if she kept her comments."""
    expected = {
        ("forum.Comment", w.others["mention"].pk, "body"),
        ("forum.Comment", w.others["mention"].pk, "body_html"),
        ("forum.ModerationAction", w.log_note.pk, "note"),
    }
    if kept:
        expected |= {
            ("forum.Comment", w.said["named"].pk, "body"),
            ("forum.Comment", w.said["named"].pk, "body_html"),
        }
    return expected


@pytest.mark.parametrize("kept", [True, False], ids=["keep", "remove"])
def test_after_deleting_only_the_expected_rows_mention_her(leaver, kept):
    pk = leaver.member.pk
    before = mentions_of(leaver, pk)
    assert len(before) > 40, "the walk finds her everywhere before"

    leaving.delete_account(member=leaver.member, keep_comments=kept)

    after = mentions_of(leaver, pk)
    print(f"\nWhat still mentions her ({'kept' if kept else 'removed'}):")
    for row in sorted(after, key=str):
        print("  ", *row)
    assert after == _expected(leaver, kept=kept)


@pytest.mark.parametrize("kept", [True, False], ids=["keep", "remove"])
def test_everything_of_hers_is_gone(leaver, kept):
    wren = leaver.member
    session_key = UserSession.objects.get(user=wren).session_key

    leaving.delete_account(member=wren, keep_comments=kept)

    assert not Member.objects.filter(pk=wren.pk).exists()
    assert not EmailAddress.objects.filter(email__in=[EMAIL, SECOND_EMAIL]).exists()
    assert not Guest.objects.filter(name=GUEST_NAME).exists()
    for model, who in (
        (Journey, "member"),
        (DataExport, "member"),
        (Subscription, "member"),
        (Notification, "recipient"),
        (Acceptance, "member"),
        (NameReservation, "member"),
        (Pseudonym, "member"),
        (Ignore, "member"),
        (Ignore, "ignored"),
        (Authenticator, "user"),
        (UserSession, "user"),
    ):
        assert not model.objects.filter(**{f"{who}_id": wren.pk}).exists(), model
    assert not Session.objects.filter(session_key=session_key).exists()
    assert leaver.session.get("/account/profile/").status_code == HTTPStatus.FOUND
    assert not LogEntry.objects.filter(object_repr__in=[NAME, EMAIL]).exists()
    # Nothing of hers keeps an author, a guest or a pseudonym.
    rows = Comment.objects.filter(pk__in=leaver.mine())
    assert not rows.exclude(author=None, guest=None, pseudonym="").exists()


def test_keeping_leaves_her_words_as_former_member(leaver):
    before = {c.pk: (c.body, c.status) for c in Comment.objects.all()}

    departure = leaving.delete_account(member=leaver.member, keep_comments=True)

    assert departure.kept_comments and departure.comments == len(leaver.said)
    after = {c.pk: (c.body, c.status) for c in Comment.objects.all()}
    assert after == before, "every comment as it was: text, status (held stays held)"
    assert Comment.objects.get(pk=leaver.said["held"].pk).status == Status.PENDING


def test_removing_takes_her_words_and_keeps_others_replies_in_place(leaver):
    said, others = leaver.said, leaver.others
    count = Discussion.objects.get(pk=leaver.discussion.pk).comment_count
    published = Comment.objects.filter(
        pk__in=leaver.mine(), discussion=leaver.discussion, status=Status.PUBLISHED
    ).count()

    departure = leaving.delete_account(member=leaver.member, keep_comments=False)

    assert not departure.kept_comments
    left = Comment.objects.filter(pk__in=leaver.mine())
    assert not left.exclude(body="").exists(), "no word of hers is left"
    # With others' replies: placeholders, so the replies keep their place.
    for mine in ("replied", "question"):
        placeholder = Comment.objects.get(pk=said[mine].pk)
        assert placeholder.status == Status.DELETED and placeholder.listed
    for reply in ("reply", "columnist_answer", "question"):
        assert Comment.objects.get(pk=others[reply].pk).status == Status.PUBLISHED
    # Her own thread and what nobody answered are gone whole; what a
    # moderator acted on stays as an unlisted, empty row for the log.
    for gone in ("own_top", "own_reply", "named", "held", "anonymous", "answer"):
        assert not Comment.objects.filter(pk=said[gone].pk).exists(), gone
    assert not Comment.objects.get(pk=said["removed"].pk).listed
    discussion = Discussion.objects.get(pk=leaver.discussion.pk)
    assert discussion.comment_count == count - published
    # The question she answered as an expert is waiting again.
    assert Comment.objects.get(pk=others["question"].pk).answer_id is None


def test_the_log_keeps_every_row_and_names_her_by_one_stable_label(leaver, client):
    wren = leaver.member
    about = list(
        ModerationAction.objects.filter(member=wren).values_list("pk", flat=True)
    )
    total = ModerationAction.objects.count()

    departure = leaving.delete_account(member=wren, keep_comments=True)

    assert LABEL.match(departure.label)
    assert ModerationAction.objects.count() == total
    rows = ModerationAction.objects.filter(pk__in=about)
    assert {(r.member_id, r.member_label) for r in rows} == {(None, departure.label)}
    client.force_login(leaver.moderator)
    log = client.get("/moderation/log/")
    assert log.status_code == HTTPStatus.OK
    assert departure.label in log.text
    assert NAME not in log.text.replace(f"{NAME} posted the same shop", "")
    assert client.get(f"/moderation/members/{wren.pk}/").status_code == 404


def test_a_moderator_who_leaves_is_named_by_their_label_where_they_acted(
    article, accept, client
):
    leaving_moderator = accept(ModeratorFactory(display_name="Keeper Ashby"))
    writer = accept(MemberFactory())
    discussion = services.open_discussion(host=article)
    comment = _post(discussion, writer, "An advert for a shop.")
    services.remove_comment(
        comment=comment, moderator=leaving_moderator, reason=Reason.SPAM
    )

    departure = leaving.delete_account(member=leaving_moderator, keep_comments=True)

    action = ModerationAction.objects.get(comment=comment)
    assert (action.actor_id, action.actor_label) == (None, departure.label)
    client.force_login(accept(ModeratorFactory()))
    page = client.get(f"/moderation/c/{comment.pk}/")
    assert departure.label in page.text and "Keeper Ashby" not in page.text
    assert departure.label in client.get("/moderation/log/").text


def test_every_leaver_gets_a_label_of_their_own(article, accept, moderator):
    labels = set()
    for _n in range(3):
        member = accept(MemberFactory())
        services.suspend_member(member=member, moderator=moderator, days=1, reason="x")
        labels.add(leaving.delete_account(member=member, keep_comments=True).label)
    assert len(labels) == 3 and all(LABEL.match(label) for label in labels)


def test_reports_she_made_still_count_without_naming_her(leaver, client):
    flag = Flag.objects.get(reporter=leaver.member)

    leaving.delete_account(member=leaver.member, keep_comments=False)

    flag.refresh_from_db()
    assert flag.reporter_id is None and flag.resolved_at is None
    client.force_login(leaver.moderator)
    case = client.get(f"/moderation/c/{flag.comment_id}/")
    assert case.status_code == HTTPStatus.OK
    assert "a former member" in case.text


def test_a_guest_comment_from_an_address_she_never_confirmed_is_not_hers(
    leaver, settings
):
    unproven = "someone.else@example.com"
    EmailAddress.objects.create(user=leaver.member, email=unproven, verified=False)
    stranger = guests.send_guest_comment(
        discussion=leaver.discussion,
        parent=None,
        name="Passing Visitor",
        email=unproven,
        body="Mine, not hers.",
        ip="192.0.2.9",
        accepted_disclaimer=True,
    )
    guests.confirm(token=guests.confirmation_token(stranger))

    leaving.delete_account(member=leaver.member, keep_comments=False)

    comment = Comment.objects.get(guest=stranger)
    assert comment.body == "Mine, not hers." and comment.guest.email == unproven


def test_mail_queued_to_her_addresses_is_forgotten(leaver, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for to in (EMAIL, SECOND_EMAIL.upper(), "juniper@example.org"):
        queue_message(EmailMessage(subject="Hello", body="Words.", to=[to]))
    assert DBTaskResult.objects.count() == 3

    leaving.delete_account(member=leaver.member, keep_comments=True)

    (left,) = DBTaskResult.objects.all()
    assert left.args_kwargs["kwargs"]["message"]["to"] == ["juniper@example.org"]


# --- what others see afterwards ------------------------------------------------------


def test_discussion_feed_questions_and_inbox_show_former_member(leaver, client):
    other = leaver.other
    Member.objects.filter(pk=other.pk).update(email_notifications=EmailFrequency.OFF)

    leaving.delete_account(member=leaver.member, keep_comments=True)

    page = client.get(leaver.article.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert "Former member" in page.text and NAME not in page.text.replace(
        f"@{NAME}", ""
    ).replace(f"{NAME} here", "")
    feed = client.get(f"/discussions/{leaver.discussion.pk}/feed/")
    assert "<name>Former member</name>" in feed.text
    questions = client.get(f"/discussions/{leaver.discussion.pk}/questions/")
    assert questions.status_code == HTTPStatus.OK
    assert "Former member" in questions.text
    # Answered by her (as an expert), kept: still answered.
    asked = Comment.objects.get(pk=leaver.others["question"].pk)
    assert asked.answer_id == leaver.said["answer"].pk and asked.answered_by_id is None
    assert "Answered" in questions.text
    client.force_login(other)
    inbox = client.get("/notifications/")
    assert inbox.status_code == HTTPStatus.OK
    assert "Former member" in inbox.text and NAME not in inbox.text


def test_digest_about_her_comment_names_former_member(
    article, accept, mailoutbox, no_rate_limits
):
    reader = accept(MemberFactory(email_notifications=EmailFrequency.DAILY))
    wren = accept(MemberFactory(display_name=NAME))
    discussion = services.open_discussion(host=article)
    following.set_following(member=reader, discussion=discussion, following=True)
    _post(discussion, wren, "Cool showers before bed help me sleep.")

    leaving.delete_account(member=wren, keep_comments=True)
    send_digests.enqueue()

    (digest,) = [m for m in mailoutbox if reader.email in m.to]
    assert "Former member" in digest.body and NAME not in digest.body


def test_reply_to_her_kept_comment_and_approval_of_her_held_one_work(
    leaver, client, mailoutbox
):
    leaving.delete_account(member=leaver.member, keep_comments=True)

    reply = _post(
        leaver.discussion, leaver.other, "Still useful.", parent=leaver.said["named"]
    )
    assert reply.status == Status.PUBLISHED
    client.force_login(leaver.moderator)
    queue = client.get("/moderation/?reason=held")
    assert queue.status_code == HTTPStatus.OK
    assert "has since deleted their account" in queue.text
    held = leaver.said["held"]
    assert client.get(f"/moderation/c/{held.pk}/").status_code == HTTPStatus.OK
    response = client.post(
        f"/moderation/c/{held.pk}/approve/", {"seen": Status.PENDING}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get(pk=held.pk).status == Status.PUBLISHED


def test_a_page_of_former_members_comments_stays_bounded(
    article, accept, client, no_rate_limits, django_assert_max_num_queries
):
    discussion = services.open_discussion(host=article)
    for n in range(30):
        member = accept(MemberFactory())
        _post(discussion, member, f"Comment number {n} from someone who left.")
        leaving.delete_account(member=member, keep_comments=True)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.text.count("Former member") >= 30


def test_former_member_is_no_display_name_anyone_can_take():
    for name in ("Former member", "FORMER MEMBER 7KQ2", "F0rmer Member"):
        with pytest.raises(ValidationError):
            validate_display_name(name)


# --- refused ----------------------------------------------------------------------


def test_a_columnist_with_articles_is_asked_to_see_the_editors(article, accept):
    columnist = accept(article.author)
    discussion = services.open_discussion(host=article)
    comment = _post(discussion, columnist, "Thank you all for reading.")

    with pytest.raises(leaving.StillNeeded, match="ask the editors"):
        leaving.delete_account(member=columnist, keep_comments=False)

    assert Member.objects.filter(pk=columnist.pk).exists()
    assert Comment.objects.get(pk=comment.pk).author_id == columnist.pk


@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_staff_close_their_account_through_another_administrator(role, request):
    person = request.getfixturevalue(role)
    with pytest.raises(leaving.StaffAccount):
        leaving.delete_account(member=person, keep_comments=True)
    assert Member.objects.filter(pk=person.pk).exists()


# --- the pages ------------------------------------------------------------------------


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_delete_page_explains_and_asks_for_a_choice_without_a_default(member):
    response = _signed_in(member).get("/account/delete/")
    assert response.status_code == HTTPStatus.OK
    text = response.text
    assert "Former member" in text and "cannot be undone" in text
    assert text.count('type="radio"') == 2 and "checked" not in text
    assert "Delete my account" in text and 'autocomplete="current-password"' in text


def test_profile_page_links_to_the_delete_page(member):
    page = _signed_in(member).get("/account/profile/")
    assert 'href="/account/delete/"' in page.text


def test_deleting_signs_out_says_goodbye_and_the_password_no_longer_works(member):
    client = _signed_in(member)

    response = client.post(
        "/account/delete/", {"comments": "remove", "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/account/deleted/?comments=removed"
    goodbye = client.get(response["Location"])
    assert goodbye.status_code == HTTPStatus.OK
    assert "Your account is deleted" in goodbye.text and "[deleted]" in goodbye.text
    assert client.get("/account/profile/").status_code == HTTPStatus.FOUND
    assert not Client().login(email=member.email, password=PASSWORD)
    signing_in = Client().post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}
    )
    assert signing_in.status_code == HTTPStatus.OK  # the form again, with an error


def test_goodbye_page_is_public_and_looks_nothing_up(client):
    for query, sentence in (
        ("?comments=kept", "Former member"),
        ("?comments=removed", "[deleted]"),
        ("?comments=<b>", "Your account is deleted"),
        ("", "Your account is deleted"),
    ):
        response = client.get(f"/account/deleted/{query}")
        assert response.status_code == HTTPStatus.OK and sentence in response.text
    assert "<b>" not in client.get("/account/deleted/?comments=<b>").text


def test_wrong_password_is_refused_politely_and_keeps_the_choice(member):
    response = _signed_in(member).post(
        "/account/delete/", {"comments": "keep", "password": "not my password"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not your current password" in response.text
    assert re.search(r'value="keep"[^>]*checked', response.text)
    assert Member.objects.filter(pk=member.pk).exists()


def test_no_choice_is_refused_politely(member):
    response = _signed_in(member).post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Choose what happens to your comments" in response.text
    assert Member.objects.filter(pk=member.pk).exists()


def test_password_tries_are_limited(member):
    client = _signed_in(member)
    for _try in range(5):
        wrong = client.post("/account/delete/", {"comments": "keep", "password": "no"})
        assert wrong.status_code == HTTPStatus.BAD_REQUEST

    response = client.post(
        "/account/delete/", {"comments": "keep", "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many tries" in response.text
    assert re.search(r'value="keep"[^>]*checked', response.text)
    assert Member.objects.filter(pk=member.pk).exists()


def test_anonymous_is_sent_to_sign_in(client):
    for send in (client.get, client.post):
        response = send("/account/delete/")
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/")


def test_another_member_can_only_delete_their_own_account(member, other_member):
    client = _signed_in(other_member)
    # There is no id to aim at: the only account is the one signed in, and
    # someone else's password is not theirs.
    refused = client.post(
        "/account/delete/?pk=" + str(member.pk),
        {"comments": "remove", "password": PASSWORD + "-not-theirs", "pk": member.pk},
    )
    assert refused.status_code == HTTPStatus.BAD_REQUEST

    done = client.post(
        "/account/delete/",
        {"comments": "remove", "password": PASSWORD, "pk": member.pk},
    )

    assert done.status_code == HTTPStatus.FOUND
    assert Member.objects.filter(pk=member.pk).exists()
    assert not Member.objects.filter(pk=other_member.pk).exists()


def test_csrf_token_is_required(member, csrf_client):
    csrf_client.force_login(member)
    response = csrf_client.post(
        "/account/delete/", {"comments": "keep", "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Member.objects.filter(pk=member.pk).exists()


def test_columnist_page_says_why_not_yet_and_offers_no_form(article, accept):
    client = _signed_in(accept(article.author))
    page = client.get("/account/delete/")
    assert page.status_code == HTTPStatus.FORBIDDEN
    assert "ask the editors" in page.text and 'type="password"' not in page.text
    post = client.post("/account/delete/", {"comments": "keep", "password": PASSWORD})
    assert post.status_code == HTTPStatus.FORBIDDEN
    assert Member.objects.filter(pk=article.author.pk).exists()


def test_staff_page_says_another_administrator_closes_it(staff):
    page = _signed_in(staff).get("/account/delete/")
    assert page.status_code == HTTPStatus.FORBIDDEN
    assert "another administrator" in page.text
