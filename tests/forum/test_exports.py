"""Download my data (forum.services.exports, forum.views.exports): the
document of a member who did everything there is to do, what it must never
hold about anyone else, the file answered at once, and a large export built
by the real task worker, mailed, and downloadable by its owner only."""

import json
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import (
    Acceptance,
    Comment,
    DataExport,
    Ignore,
    Journey,
    Member,
    MSType,
    Notification,
    Reason,
    Treatment,
    Visibility,
)
from forum.services import exports, following, guest_records, guests
from tests.factories import PASSWORD, ArticleFactory, MemberFactory
from tests.forum.test_mail_tasks import run_worker

pytestmark = pytest.mark.usefixtures("no_rate_limits")

EXPORT = "/account/export/"
FIREFOX = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)
Status = Comment.Status


@dataclass
class Story:
    member: Member
    others: list[Member]  # nobody's email, nor these names, may be in her file
    ignored: Member  # named in her file (by display name), never by email
    comments: dict[str, Comment]
    her_report_of: Comment


def _post(discussion, author, body, **kwargs) -> Comment:
    return services.post_comment(
        discussion=discussion, author=author, body=body, **kwargs
    )


@pytest.fixture
def story(db, settings, accept, columnist, moderator) -> Story:
    """Hana, who has done everything a member can do on Cairn."""
    settings.CAIRN_REPORTS_TO_HIDE = 1
    settings.CAIRN_GUEST_COMMENTS = True
    hana = accept(
        MemberFactory(
            display_name="Hana Whole",
            email="hana@example.org",
            bio="Diagnosed last spring; I garden.",
        )
    )
    EmailAddress.objects.create(user=hana, email="hana.old@example.org")
    rafe = accept(MemberFactory(display_name="Rafe Reporter", email="rafe@ex.org"))
    pia = accept(MemberFactory(display_name="Pia Replier", email="pia@ex.org"))
    ivo = MemberFactory(display_name="Ivo Ignored", email="ivo@ex.org")
    accept(columnist, moderator)
    column = ArticleFactory(author=columnist, title="Gardening with fatigue")
    here = services.open_discussion(host=column)
    held_there = services.set_discussion(
        discussion=services.open_discussion(
            host=ArticleFactory(author=columnist, title="Heat and the body")
        ),
        moderator=moderator,
        kind="hold_all",
    )
    sensitive = services.set_discussion(
        discussion=services.open_discussion(
            host=ArticleFactory(author=columnist, title="Bladder worries")
        ),
        moderator=moderator,
        kind="sensitive",
    )

    published = _post(here, hana, "I keep a **symptom diary** each evening.")
    _post(here, pia, "Mine is on paper, by the bed.", parent=published)
    question = _post(here, hana, "Does the tiredness ease by summer?", question=True)
    removed = _post(here, hana, "Cold baths cured me completely.")
    services.remove_comment(
        comment=removed,
        moderator=moderator,
        reason=Reason.MISINFORMATION,
        note="Please say it was your own experience.",
    )
    spam = _post(here, hana, "Cheap cooling vests at my shop.")
    services.mark_spam(comment=spam, moderator=moderator)
    hidden = _post(here, hana, "Rafe, you never listen.")
    services.report_comment(
        comment=hidden, reporter=rafe, reason=Reason.ABUSE, note="Aimed at me."
    )
    deleted = _post(here, hana, "Words I take back later.")
    _post(here, pia, "An answer that keeps its place.", parent=deleted)
    services.delete_comment(comment=deleted, member=hana)
    pending = _post(held_there, hana, "Fans help me at night.")
    anonymous = _post(sensitive, hana, "Nights are the hardest.", anonymous=True)
    pias = _post(here, pia, "My neighbour Joan has MS too.")
    services.report_comment(
        comment=pias,
        reporter=hana,
        reason=Reason.PRIVACY,
        note="Names someone else's diagnosis.",
    )
    following.set_following(member=hana, discussion=held_there, following=False)

    newer = services.publish_disclaimer(
        summary="Not medical advice, version two.",
        body="Talk to your own team.",
        guidelines="Be kind.",
    )
    services.accept_disclaimer(member=hana, disclaimer=newer)
    Ignore.objects.create(member=hana, ignored=ivo)

    guest = guests.send_guest_comment(
        discussion=here,
        parent=None,
        name="Hana G",
        email="hana@example.org",
        body="Written before I joined.",
        ip="192.0.2.1",
        accepted_disclaimer=True,
    )
    guests.confirm(token=guests.confirmation_token(guest))
    assert guest_records.attach_guest_comments(member=hana) == 1

    ocrelizumab = Treatment.objects.create(name="Ocrelizumab", slug="ocrelizumab")
    interferon = Treatment.objects.create(name="Interferon beta", slug="interferon")
    journey = Journey.objects.create(
        member=hana,
        diagnosed_year=2021,
        diagnosed_visibility=Visibility.MEMBERS,
        ms_type=MSType.RELAPSING,
        ms_type_visibility=Visibility.EVERYONE,
        current_other="Vitamin D",
        past_visibility=Visibility.ONLY_ME,
    )
    journey.current_treatments.add(ocrelizumab)
    journey.past_treatments.add(interferon)

    services.suspend_member(
        member=hana, moderator=moderator, days=7, reason="Shouting at Rafe."
    )
    return Story(
        member=Member.objects.get(pk=hana.pk),
        others=[rafe, pia, moderator, columnist],
        ignored=ivo,
        comments={
            Status.PUBLISHED: published,
            "question": question,
            Status.REMOVED: removed,
            Status.SPAM: spam,
            Status.HIDDEN: hidden,
            Status.DELETED: deleted,
            Status.PENDING: pending,
            "anonymous": anonymous,
        },
        her_report_of=pias,
    )


def _signed_in(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


# --- the document ------------------------------------------------------------------


def test_export_holds_her_profile_journey_and_preferences(story):
    hana = story.member
    document = exports.build_export(member=hana)

    assert document["format"] == "cairn-export/1"
    assert document["exported_at"]
    profile = document["profile"]
    assert profile["display_name"] == "Hana Whole"
    assert profile["email_addresses"] == [
        {"email": "hana@example.org", "verified": True, "primary": True},
        {"email": "hana.old@example.org", "verified": False, "primary": False},
    ]
    assert profile["bio"] == "Diagnosed last spring; I garden."
    assert profile["joined"] == hana.date_joined.isoformat()
    assert profile["trust"] == hana.trust
    assert profile["suspended_until"] == hana.suspended_until.isoformat()
    assert profile["notification_preferences"] == {
        "email": hana.email_notifications,
        "follow_on_comment": True,
        "notify_on_reply": True,
        "notify_on_mention": True,
    }
    assert profile["comfort_preferences"] == {
        "text_size": hana.text_size,
        "theme": hana.theme,
    }
    assert document["journey"] == {
        "diagnosed": {"year": 2021, "visibility": "members"},
        "ms_type": {
            "type": "rrms",
            "name": "Relapsing-remitting MS",
            "visibility": "everyone",
        },
        "current_treatments": {
            "treatments": ["Ocrelizumab"],
            "other": "Vitamin D",
            "visibility": "me",
        },
        "past_treatments": {
            "treatments": ["Interferon beta"],
            "other": "",
            "visibility": "me",
        },
        "updated_at": hana.journey.updated_at.isoformat(),
    }


def test_export_holds_every_comment_in_every_state_with_its_source(story, settings):
    document = exports.build_export(member=story.member)

    listed = _by_id(document["comments"])
    mine = Comment.objects.filter(author=story.member)
    assert set(listed) == {c.pk for c in mine}
    assert {item["status"] for item in listed.values()} >= {
        Status.PUBLISHED,
        Status.PENDING,
        Status.REMOVED,
        Status.SPAM,
        Status.HIDDEN,
        Status.DELETED,
    }
    published = listed[story.comments[Status.PUBLISHED].pk]
    assert published["body"] == "I keep a **symptom diary** each evening."
    assert published["where"] == {
        "title": "Gardening with fatigue",
        "url": settings.CAIRN_SITE_URL
        + story.comments[Status.PUBLISHED].discussion.get_absolute_url(),
    }
    assert published["link"].endswith(f"/c/{published['id']}/")
    assert published["posted_as"] is None and published["is_question"] is False
    assert listed[story.comments["question"].pk]["is_question"] is True
    removed = listed[story.comments[Status.REMOVED].pk]
    assert removed["body"] == "Cold baths cured me completely."
    assert listed[story.comments[Status.PENDING].pk]["where"]["title"] == (
        "Heat and the body"
    )
    # Deleted with replies under it: a placeholder, its words gone.
    assert listed[story.comments[Status.DELETED].pk]["body"] == ""
    anonymous = story.comments["anonymous"]
    assert listed[anonymous.pk]["posted_as"] == (
        f"Anonymous member \u00b7 {anonymous.pseudonym}"
    )
    assert listed[anonymous.pk]["body"] == "Nights are the hardest."
    # The guest comment she added to her account is hers now, and the
    # guest row it came from is listed too.
    assert any(item["body"] == "Written before I joined." for item in listed.values())
    [guest] = document["guest_comments"]
    assert guest["name"] == "Hana G" and guest["email"] == "hana@example.org"
    assert guest["where"]["title"] == "Gardening with fatigue"


def test_export_holds_her_reports_follows_notifications_and_consents(story):
    hana = story.member
    document = exports.build_export(member=hana)

    assert document["reports"] == [
        {
            "comment_id": story.her_report_of.pk,
            "reason": "privacy",
            "note": "Names someone else's diagnosis.",
            "reported_at": document["reports"][0]["reported_at"],
            "outcome": None,
        }
    ]
    follows = {f["where"]["title"]: f["following"] for f in document["follows"]}
    assert follows["Gardening with fatigue"] is True
    assert follows["Heat and the body"] is False
    notifications = document["notifications"]
    replies = Notification.objects.filter(recipient=hana)
    assert {n["comment_id"] for n in notifications} == {n.comment_id for n in replies}
    assert replies.exists()
    assert all(n["link"].endswith(f"/c/{n['comment_id']}/") for n in notifications)
    accepted = Acceptance.objects.filter(member=hana).order_by("accepted_at")
    assert document["consents"] == [
        {
            "disclaimer_version": a.disclaimer.version,
            "accepted_at": a.accepted_at.isoformat(),
        }
        for a in accepted
    ]
    assert [c["disclaimer_version"] for c in document["consents"]] == [
        1,
        current_disclaimer().version,
    ]
    assert [i["display_name"] for i in document["ignored_members"]] == ["Ivo Ignored"]


def test_export_holds_moderators_decisions_without_the_moderator(story):
    document = exports.build_export(member=story.member)

    decisions = {(d["kind"], d["comment_id"]): d for d in document["moderation"]}
    removed = decisions[("remove", story.comments[Status.REMOVED].pk)]
    assert removed["reason"] == "misinformation"
    assert removed["note"] == "Please say it was your own experience."
    assert ("spam", story.comments[Status.SPAM].pk) in decisions
    assert ("hide", story.comments[Status.HIDDEN].pk) in decisions
    [suspension] = [d for d in document["moderation"] if d["kind"] == "suspend"]
    assert suspension["note"] == "Shouting at Rafe."
    assert suspension["until"] == story.member.suspended_until.isoformat()
    assert all(
        set(d) == {"kind", "comment_id", "reason", "note", "until", "at"}
        for d in document["moderation"]
    )


def test_export_names_nobody_else_but_whom_she_ignores(story):
    text = exports.export_json(exports.build_export(member=story.member))

    for other in [*story.others, story.ignored]:
        assert other.email not in text
    for other in story.others:
        # Rafe reported her, Pia replied to her, the moderator acted and the
        # columnist hosts: none of them is named.
        assert other.display_name not in text, other.display_name
    assert "Ivo Ignored" in text
    # Nor the words of a comment she reported or was told about.
    assert "My neighbour Joan" not in text
    assert "Mine is on paper" not in text


def test_export_leaves_out_a_moderators_look_at_who_wrote_anonymously(story, moderator):
    from forum.services import anonymity

    anonymity.reveal_author(
        comment=story.comments["anonymous"],
        moderator=moderator,
        reason="A threat in it.",
    )

    document = exports.build_export(member=story.member)

    assert "reveal" not in {d["kind"] for d in document["moderation"]}
    assert "A threat in it." not in exports.export_json(document)


def test_export_of_a_member_who_filled_in_nothing(member):
    document = exports.build_export(member=member)

    assert document["comments"] == [] == document["notifications"]
    assert document["journey"]["diagnosed"] == {"year": None, "visibility": "me"}
    assert document["journey"]["updated_at"] is None


def test_export_lists_her_sessions_as_the_sessions_page_shows_them(member):
    browser = Client(HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.9")
    browser.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}
    )

    [session] = exports.build_export(member=member)["sessions"]

    assert session["device"] == "Firefox on Windows"
    assert session["network"] == "203.0.x.x"
    assert session["signed_in_at"] and session["last_seen_at"]
    assert "203.0.113.9" not in json.dumps(session)


def test_export_costs_the_same_queries_however_much_she_wrote(story, columnist, accept):
    hana = story.member
    services.lift_suspension(member=hana, moderator=story.others[2])
    # Trusted again (the spam cost her that), so that replies can reach her.
    Member.objects.filter(pk=hana.pk).update(trust=Member.Trust.TRUSTED)
    hana.refresh_from_db()
    pia = accept(story.others[1])  # the newer disclaimer
    exports.build_export(member=hana)  # content types and the like, cached
    with CaptureQueriesContext(connection) as before:
        exports.build_export(member=hana)
    for n in range(4):
        place = services.open_discussion(
            host=ArticleFactory(author=columnist, title=f"More pages {n}")
        )
        for m in range(10):
            mine = _post(place, hana, f"Comment {m} on page {n}.")
            _post(place, pia, f"Reply {m} on page {n}.", parent=mine)
    with CaptureQueriesContext(connection) as after:
        document = exports.build_export(member=hana)

    assert len(document["comments"]) >= 40 + len(story.comments)
    assert len(document["notifications"]) >= 40
    assert len(after) == len(before), [q["sql"] for q in after]
    print(f"\nExport: {len(after)} queries for {len(document['comments'])} comments")
    assert len(after) <= 16


# --- the page and the file at once ------------------------------------------------


def test_page_says_what_the_file_holds_and_offers_the_button(member_client):
    response = member_client.get(EXPORT)

    assert response.status_code == HTTPStatus.OK
    assert "What the file holds" in response.text
    assert "<button" in response.text and "Download my data</button>" in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_profile_page_links_to_download_my_data(member_client):
    text = member_client.get(reverse("forum:profile_edit")).text

    assert f'href="{EXPORT}">Download my data</a>' in text


def test_small_export_downloads_at_once_as_a_json_file(story):
    client = _signed_in(story.member)

    response = client.post(EXPORT)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="cairn-data-{today:%Y-%m-%d}.json"'
    )
    assert response["Cache-Control"] == "no-store"
    document = json.loads(response.content)
    assert document["profile"]["display_name"] == "Hana Whole"
    assert "I keep a **symptom diary** each evening." in {
        c["body"] for c in document["comments"]
    }
    assert not DataExport.objects.exists()


def test_export_needs_sign_in(client, story):
    response = client.post(EXPORT)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(EXPORT).status_code == HTTPStatus.FOUND


def test_export_refuses_a_post_without_csrf_token(member, csrf_client):
    csrf_client.force_login(member)

    assert csrf_client.post(EXPORT).status_code == HTTPStatus.FORBIDDEN


def test_large_export_with_the_immediate_backend_is_built_and_mailed(
    story, settings, mailoutbox
):
    settings.CAIRN_EXPORT_INLINE_LIMIT = 3
    client = _signed_in(story.member)

    response = client.post(EXPORT, follow=True)

    assert "We are preparing your file" in response.text
    export = DataExport.objects.get(member=story.member)
    assert export.is_ready()
    assert "Download the file" in response.text
    [mail] = [m for m in mailoutbox if "Your copy of your Cairn data" in m.subject]
    assert mail.to == ["hana@example.org"]


# --- a large export, through the real queue and worker --------------------------------

db_queue = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _export_tasks() -> int:
    return DBTaskResult.objects.filter(task_path__endswith=".build_data_export").count()


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@db_queue
def test_large_export_is_built_by_the_worker_mailed_and_only_hers(
    member, other_member, accept, article, settings, queue, mailoutbox
):
    settings.CAIRN_EXPORT_INLINE_LIMIT = 2
    settings.CAIRN_SITE_URL = "https://cairn.example"
    accept(member)
    discussion = services.open_discussion(host=article)
    for n in range(3):
        _post(discussion, member, f"Evening walk number {n} went fine.")
    client = _signed_in(member)

    response = client.post(EXPORT, follow=True)

    assert response.redirect_chain == [(EXPORT, HTTPStatus.FOUND)]
    assert "We are preparing your file" in response.text
    assert "Your file is being prepared" in response.text
    export = DataExport.objects.get(member=member)
    assert not export.is_ready()
    assert not mailoutbox, "nothing is built or sent in the request"
    # Asked again while it is being built: the same one, nothing more queued.
    client.post(EXPORT)
    assert list(DataExport.objects.filter(member=member)) == [export]
    assert _export_tasks() == 1

    run_worker()

    export.refresh_from_db()
    assert export.is_ready()
    [mail] = [m for m in mailoutbox if member.email in m.to]
    assert mail.to == [member.email]
    assert "ready" in mail.subject
    link = f"https://cairn.example/account/export/{export.pk}/"
    assert link in mail.body
    assert link in mail.alternatives[0][0]
    assert "Evening walk" not in mail.body, "the mail holds a link, not the data"
    assert "Download the file" in client.get(EXPORT).text

    download = client.get(f"/account/export/{export.pk}/")
    assert download.status_code == HTTPStatus.OK
    assert download["Content-Type"] == "application/json"
    assert download["Cache-Control"] == "no-store"
    day = timezone.localdate(export.finished_at)
    assert download["Content-Disposition"] == (
        f'attachment; filename="cairn-data-{day:%Y-%m-%d}.json"'
    )
    document = json.loads(download.content)
    assert {c["body"] for c in document["comments"]} == {
        f"Evening walk number {n} went fine." for n in range(3)
    }

    assert (
        _signed_in(other_member).get(f"/account/export/{export.pk}/").status_code
        == HTTPStatus.NOT_FOUND
    )
    anonymous = Client().get(f"/account/export/{export.pk}/")
    assert anonymous.status_code == HTTPStatus.FOUND
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_request_export_while_one_is_built_queues_nothing_more(member, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    first = exports.request_export(member=member)
    second = exports.request_export(member=member)

    assert second == first
    assert _export_tasks() == 1


def test_request_export_after_a_lost_one_builds_anew(member, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lost = exports.request_export(
        member=member, now=timezone.now() - exports.BUILDING_AT_MOST - timedelta(1)
    )

    fresh = exports.request_export(member=member)

    assert fresh != lost
    assert list(DataExport.objects.filter(member=member)) == [fresh]


def test_request_export_replaces_her_earlier_copy(member):
    earlier = exports.request_export(member=member)  # built at once here
    assert DataExport.objects.get(pk=earlier.pk).is_ready()

    newer = exports.request_export(member=member)

    assert list(DataExport.objects.filter(member=member)) == [newer]


def test_request_export_refuses_a_reader(db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        exports.request_export(member=AnonymousUser())


def test_build_task_run_twice_mails_once(member, mailoutbox):
    export = exports.request_export(member=member)
    assert len(mailoutbox) == 1

    result = exports.build_data_export.call(export_id=export.pk)

    assert result == {"built": False}
    assert len(mailoutbox) == 1


# --- downloads and purging ----------------------------------------------------------


def _built(member, *, days_ago: float = 0) -> DataExport:
    moment = timezone.now() - timedelta(days=days_ago)
    return DataExport.objects.create(
        member=member,
        requested_at=moment,
        finished_at=moment,
        data='{"format": "cairn-export/1"}',
    )


def test_download_of_an_expired_copy_is_not_found(member, member_client, settings):
    settings.CAIRN_EXPORT_KEEP_DAYS = 7
    old = _built(member, days_ago=7.1)
    recent = _built(member, days_ago=6.9)

    assert member_client.get(f"/account/export/{old.pk}/").status_code == 404
    assert member_client.get(f"/account/export/{recent.pk}/").status_code == 200


def test_download_of_a_copy_still_being_built_is_not_found(member, member_client):
    waiting = DataExport.objects.create(member=member)

    assert member_client.get(f"/account/export/{waiting.pk}/").status_code == 404


def test_purge_exports_deletes_copies_past_their_days(member, other_member, settings):
    settings.CAIRN_EXPORT_KEEP_DAYS = 7
    old = _built(member, days_ago=8)
    kept = _built(other_member, days_ago=1)
    never_built = DataExport.objects.create(
        member=other_member, requested_at=timezone.now() - timedelta(days=8)
    )
    out = StringIO()

    call_command("purge_exports", stdout=out)

    assert list(DataExport.objects.all()) == [kept]
    assert "Data exports deleted: 2." in out.getvalue()
    assert not DataExport.objects.filter(pk__in=[old.pk, never_built.pk]).exists()
