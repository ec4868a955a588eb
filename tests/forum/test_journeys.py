"""The MS journey: every part empty and seen by nobody else by default, each
part's own visibility for each kind of viewer, the member's edit page, the
service's refusals, the treatments list in the admin, and the demo."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles import demo_treatments
from forum import services
from forum.bylines import member_url
from forum.models import Journey, Member, MSType, Treatment, Visibility
from forum.services.journeys import shown_parts, update_journey
from tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

PARTS = Journey.PARTS
# What each part shows on the page when filled in (`filled`).
SHOWN = {
    "diagnosed": "2012",
    "ms_type": "Secondary progressive MS",
    "current": "Fingolimod",
    "past": "Beta interferon, years ago",
}


@pytest.fixture
def owner(db):
    return MemberFactory(display_name="Jude Owner")


@pytest.fixture
def fingolimod(db):
    return Treatment.objects.create(
        name="Fingolimod", slug="fingolimod", other_names="Gilenya", kind="tablet"
    )


def write(member, treatments=(), **changes) -> Journey:
    values = {
        "diagnosed_year": None,
        "diagnosed_visibility": Visibility.ONLY_ME,
        "ms_type": "",
        "ms_type_visibility": Visibility.ONLY_ME,
        "current_treatments": list(treatments),
        "current_other": "",
        "current_visibility": Visibility.ONLY_ME,
        "past_treatments": [],
        "past_other": "",
        "past_visibility": Visibility.ONLY_ME,
    }
    return update_journey(member=member, **(values | changes))


def filled(member, fingolimod, visibility: str) -> Journey:
    return write(
        member,
        [fingolimod],
        diagnosed_year=2012,
        diagnosed_visibility=visibility,
        ms_type=MSType.SECONDARY,
        ms_type_visibility=visibility,
        current_visibility=visibility,
        past_other="Beta interferon, years ago",
        past_visibility=visibility,
    )


def viewer_of(kind: str, owner: Member):
    return {
        "the member": owner,
        "another member": MemberFactory(),
        "a reader": AnonymousUser(),
        "a moderator": ModeratorFactory(),
    }[kind]


VIEWERS = ["the member", "another member", "a reader", "a moderator"]
# Who sees a part shown to ... (Only me hides from moderators too.)
SEES = {
    Visibility.ONLY_ME: {"the member"},
    Visibility.MEMBERS: {"the member", "another member", "a moderator"},
    Visibility.EVERYONE: set(VIEWERS),
}


def page_for(viewer, owner) -> str:
    client = Client()
    if viewer.is_authenticated:
        client.force_login(viewer)
    response = client.get(member_url(owner.display_name))
    assert response.status_code == HTTPStatus.OK
    return response.text


# --- visibility ---------------------------------------------------------------


def test_a_new_journey_is_empty_and_only_mine():
    journey = Journey(member=MemberFactory())
    assert journey.diagnosed_year is None and journey.ms_type == ""
    assert journey.current_other == journey.past_other == ""
    assert {journey.visibility_of(part) for part in PARTS} == {Visibility.ONLY_ME}
    assert journey.visible_to(AnonymousUser()) == set()
    assert journey.visible_to(ModeratorFactory()) == set()


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("kind", VIEWERS)
def test_each_viewer_sees_what_the_member_chose(owner, fingolimod, visibility, kind):
    filled(owner, fingolimod, visibility)
    viewer = viewer_of(kind, owner)
    html = page_for(viewer, owner)
    sees = kind in SEES[visibility]
    for part, text in SHOWN.items():
        assert (text in html) == sees, (part, kind, visibility)
    assert ("MS journey" in html) == sees


def test_each_part_has_its_own_visibility(owner, fingolimod):
    filled(owner, fingolimod, Visibility.ONLY_ME)
    Journey.objects.filter(member=owner).update(
        ms_type_visibility=Visibility.EVERYONE, current_visibility=Visibility.MEMBERS
    )
    reader = page_for(AnonymousUser(), owner)
    member = page_for(MemberFactory(), owner)
    assert SHOWN["ms_type"] in reader and SHOWN["current"] not in reader
    assert SHOWN["ms_type"] in member and SHOWN["current"] in member
    for html in (reader, member):
        assert SHOWN["diagnosed"] not in html and SHOWN["past"] not in html


def test_nothing_is_said_of_parts_a_viewer_may_not_see(owner, fingolimod):
    filled(owner, fingolimod, Visibility.ONLY_ME)
    html = page_for(MemberFactory(), owner)
    assert "MS journey" not in html
    assert "journey" not in html.lower().split("<main", 1)[1]


def test_empty_parts_are_not_shown_even_when_visible(owner):
    write(
        owner,
        ms_type=MSType.RELAPSING,
        ms_type_visibility=Visibility.EVERYONE,
        diagnosed_visibility=Visibility.EVERYONE,
        current_visibility=Visibility.EVERYONE,
    )
    parts = shown_parts(Journey.objects.get(member=owner), AnonymousUser())
    assert [part.key for part in parts] == ["ms_type"]
    html = page_for(AnonymousUser(), owner)
    assert "Relapsing-remitting MS" in html
    assert "Diagnosed in" not in html and "Current treatments" not in html


def test_the_member_sees_every_part_marked_with_who_else_sees_it(owner, fingolimod):
    write(
        owner,
        [fingolimod],
        current_visibility=Visibility.MEMBERS,
        ms_type=MSType.PRIMARY,
        ms_type_visibility=Visibility.EVERYONE,
    )
    html = page_for(owner, owner)
    for label, seen_by in (
        ("Diagnosed in", "Only you"),
        ("Type of MS", "Everyone"),
        ("Current treatments", "Signed-in members"),
        ("Past treatments", "Only you"),
    ):
        part = html.split(f"<dt>{label}</dt>", 1)[1].split("</dd>", 1)[0]
        assert f"Who can see this: {seen_by}" in part
    assert "Fingolimod (Gilenya)" in html
    assert 'href="/account/journey/">Edit your MS journey</a>' in html


def test_a_member_without_a_journey_is_invited_to_write_one_on_their_page(owner):
    html = page_for(owner, owner)
    assert "You have not filled in your MS journey" in html
    assert "Edit your MS journey" in html
    assert "MS journey" not in page_for(AnonymousUser(), owner)


# --- the service --------------------------------------------------------------


def test_update_journey_saves_every_part(owner, fingolimod):
    journey = filled(owner, fingolimod, Visibility.MEMBERS)
    journey = Journey.objects.get(pk=journey.pk)
    assert journey.diagnosed_year == 2012
    assert journey.ms_type == MSType.SECONDARY
    assert list(journey.current_treatments.all()) == [fingolimod]
    assert journey.past_other == "Beta interferon, years ago"
    assert {journey.visibility_of(part) for part in PARTS} == {Visibility.MEMBERS}


def test_update_journey_replaces_rather_than_adds(owner, fingolimod):
    filled(owner, fingolimod, Visibility.EVERYONE)
    write(owner)
    journey = Journey.objects.get(member=owner)
    assert journey.diagnosed_year is None and not journey.current_treatments.exists()
    assert journey.visible_to(AnonymousUser()) == set()
    assert Journey.objects.count() == 1


def test_update_journey_refuses_an_unverified_member(fingolimod):
    member = MemberFactory(verified=False)
    with pytest.raises(PermissionDenied, match="confirm your email"):
        filled(member, fingolimod, Visibility.EVERYONE)
    assert not Journey.objects.exists()


def test_update_journey_refuses_a_suspended_member(owner, moderator, fingolimod):
    services.suspend_member(member=owner, moderator=moderator, days=7, reason="Spam.")
    owner.refresh_from_db()
    with pytest.raises(PermissionDenied, match="MS journey cannot be changed"):
        filled(owner, fingolimod, Visibility.EVERYONE)
    assert not Journey.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"diagnosed_year": 1939},
        {"ms_type": "not-a-type"},
        {"current_visibility": "friends"},
        {"past_other": "x" * 301},
    ],
)
def test_update_journey_refuses_values_the_model_refuses(owner, changes):
    with pytest.raises(ValidationError):
        write(owner, **changes)
    assert not Journey.objects.exists()


def test_a_retired_treatment_stays_with_whoever_chose_it(owner, fingolimod):
    write(owner, [fingolimod])
    Treatment.objects.filter(pk=fingolimod.pk).update(is_listed=False)
    # Saved again as it was: kept.
    write(owner, [fingolimod], current_other="Still on it")
    assert list(Journey.objects.get(member=owner).current_treatments.all()) == [
        fingolimod
    ]
    # Nobody else may pick it now.
    with pytest.raises(ValidationError):
        write(MemberFactory(), [fingolimod])


# --- the edit page ------------------------------------------------------------

FORM = {
    "diagnosed_year": "2020",
    "diagnosed_visibility": "everyone",
    "ms_type": "rrms",
    "ms_type_visibility": "members",
    "current_other": "Vitamin D, on my GP's advice",
    "current_visibility": "me",
    "past_other": "",
    "past_visibility": "me",
}


def test_journey_page_starts_empty_with_only_me_chosen(owner, fingolimod):
    client = Client()
    client.force_login(owner)
    response = client.get("/account/journey/")
    assert response.status_code == HTTPStatus.OK
    html = response.text
    assert "Everything here is optional" in html
    for part in PARTS:
        assert (
            f'<input type="radio" name="{part}_visibility" value="me" '
            f'class="form-check-input" id="id_{part}_visibility_0" required checked>'
        ) in html
    assert "Fingolimod (Gilenya)" in html
    assert 'value="" class="form-check-input" id="id_ms_type_0" checked' in html


def test_journey_page_saves_and_shows_it_on_the_member_page(owner, fingolimod):
    client = Client()
    client.force_login(owner)
    response = client.post(
        "/account/journey/", FORM | {"current_treatments": [fingolimod.pk]}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/account/journey/"
    journey = Journey.objects.get(member=owner)
    assert journey.diagnosed_year == 2020
    assert journey.ms_type_visibility == Visibility.MEMBERS
    assert list(journey.current_treatments.all()) == [fingolimod]
    reader = page_for(AnonymousUser(), owner)
    assert "2020" in reader and "Relapsing-remitting MS" not in reader
    assert "Vitamin D" not in reader


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (str(timezone.localdate().year + 1), "That year has not come yet."),
        ("1900", "greater than or equal to 1940"),
        ("nineteen", "Enter a whole number."),
    ],
)
def test_a_bad_year_is_explained_and_the_rest_kept(owner, year, message):
    client = Client()
    client.force_login(owner)
    response = client.post("/account/journey/", FORM | {"diagnosed_year": year})
    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    assert "Vitamin D, on my GP&#x27;s advice" in response.text
    assert not Journey.objects.exists()


def test_a_treatment_not_offered_is_refused_politely(owner, fingolimod):
    Treatment.objects.filter(pk=fingolimod.pk).update(is_listed=False)
    client = Client()
    client.force_login(owner)
    response = client.post(
        "/account/journey/", FORM | {"current_treatments": [fingolimod.pk]}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.text
    assert not Journey.objects.exists()


def test_journey_page_is_read_only_for_a_suspended_member(owner, moderator):
    services.suspend_member(member=owner, moderator=moderator, days=7, reason="Spam.")
    client = Client()
    client.force_login(owner)
    html = client.get("/account/journey/").text
    assert "MS journey cannot be changed until then" in html
    assert "Save my MS journey" not in html
    assert client.post("/account/journey/", FORM).status_code == HTTPStatus.FORBIDDEN
    assert not Journey.objects.exists()


def test_journey_page_asks_a_reader_to_sign_in():
    response = Client().get("/account/journey/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_account_page_offers_the_journey_and_the_public_page(owner):
    client = Client()
    client.force_login(owner)
    html = client.get("/account/profile/").text
    assert 'href="/account/journey/">MS journey</a>' in html
    assert 'href="/members/Jude%20Owner/">Your public page</a>' in html


# --- the treatments list in the admin ------------------------------------------


def test_staff_keep_the_treatments_list_but_have_no_screen_for_journeys(
    superuser_client, fingolimod
):
    assert Treatment in admin.site._registry
    assert Journey not in admin.site._registry
    found = superuser_client.get("/admin/forum/treatment/?q=gilenya")
    assert found.status_code == HTTPStatus.OK
    assert "Fingolimod" in found.text
    listed = superuser_client.get("/admin/forum/treatment/?is_listed__exact=0")
    assert listed.status_code == HTTPStatus.OK
    add = superuser_client.get("/admin/forum/treatment/add/")
    assert add.status_code == HTTPStatus.OK and "prepopulated" in add.text
    assert superuser_client.get("/admin/forum/journey/").status_code == (
        HTTPStatus.NOT_FOUND
    )


# --- the demo -------------------------------------------------------------------


def test_demo_fills_the_treatments_list_and_a_few_journeys_once():
    call_command("seed_demo", stdout=StringIO())
    treatments = Treatment.objects.all()
    assert treatments.count() >= 15
    alemtuzumab = Treatment.objects.get(slug="alemtuzumab")
    assert {"Lemtrada", "Campath"} <= set(alemtuzumab.all_names())
    assert all(t.description for t in treatments)
    assert {t.kind for t in treatments} >= {"infusion", "injection", "tablet"}
    journeys = {j.member.display_name: j for j in Journey.objects.all()}
    assert set(journeys) == set(demo_treatments.JOURNEYS)
    everyone = journeys["Dolores_K"]
    assert everyone.visible_to(AnonymousUser()) == set(PARTS)
    members_only = journeys["Kit Navarro"]
    assert members_only.visible_to(AnonymousUser()) == set()
    assert members_only.visible_to(MemberFactory()) == set(PARTS)
    # Most demo members told nothing.
    assert Journey.objects.count() < Member.objects.count() / 3

    before = list(Treatment.objects.order_by("pk").values())
    journeys_before = list(Journey.objects.order_by("pk").values())
    call_command("seed_demo", stdout=StringIO())
    assert list(Treatment.objects.order_by("pk").values()) == before
    assert list(Journey.objects.order_by("pk").values()) == journeys_before
