import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forum.models import Member
from forum.names import display_name_key, normalize_display_name, validate_display_name
from tests.factories import MemberFactory


def rejection_code(name: str) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validate_display_name(name)
    return excinfo.value.code


@pytest.mark.parametrize(
    "name",
    [
        "Ann",
        "A" * 30,
        "Ann Smith",
        "ann.smith",
        "ann_smith-2",
        "Zoë Brontë",
        "Łucja Wąs",
        "Søren",
        "Χρήστος",
        "Ольга",
        "李小龙",
        "Reader 42",
    ],
)
def test_validate_display_name_allowed_name_passes(name):
    validate_display_name(name)


@pytest.mark.parametrize("name", ["", "Al", "  A  ", "A" * 31])
def test_validate_display_name_wrong_length_rejected(name):
    assert rejection_code(name) == "length"


@pytest.mark.parametrize(
    "name",
    [
        "Ann\u202esmith",  # RIGHT-TO-LEFT OVERRIDE (Trojan Source)
        "Ann\u2066smith",  # LEFT-TO-RIGHT ISOLATE
        "Ann\u200bSmith",  # ZERO WIDTH SPACE
        "Ann\u200dSmith",  # ZERO WIDTH JOINER
        "Ann 🙂",
        "<script>",
        "Ann & Bob",
        "Ann@home",
        "ann/smith",
        "Ann\tSmith\x00",
    ],
)
def test_validate_display_name_forbidden_characters_rejected(name):
    assert rejection_code(name) == "characters"


@pytest.mark.parametrize("name", ["123", "4.5_6", "--- ..."])
def test_validate_display_name_without_letter_rejected(name):
    assert rejection_code(name) == "no_letter"


@pytest.mark.parametrize(
    "name",
    [
        "Moderator",
        "moderator",
        "m0derator",
        "M0D3RAT0R",
        "The Moderator Team",
        "Cairn Admin",
        "admin",
        "Staff-Team",
        "st4ff",
        "Cairn",
        "Columnist Jo",
        "Official Ann",
        "ＭＯＤＥＲＡＴＯＲ",  # full-width letters fold to ASCII first
    ],
)
def test_validate_display_name_imitating_staff_rejected(name):
    assert rejection_code(name) == "reserved"


# Known gap, reported to the lead: forum/names.py folds case, width and digit
# look-alikes but not letters from other scripts that look Latin.
def test_validate_display_name_staff_name_with_greek_omicron_rejected():
    assert rejection_code("M\u03bfderator") == "mixed_script"


def test_validate_display_name_cyrillic_look_alike_rejected():
    assert rejection_code("\u0410nn Smith") == "mixed_script"


@pytest.mark.parametrize(
    "name", ["Badminton Fan", "Flagstaff Walker", "Σοφία Π", "Ирина К"]
)
def test_validate_display_name_innocent_names_accepted(name):
    validate_display_name(name)


def test_normalize_display_name_full_width_letters_folded_to_ascii():
    assert normalize_display_name("ＡＮＮ Ｓｍｉｔｈ") == "ANN Smith"


def test_normalize_display_name_runs_of_spaces_collapsed_and_trimmed():
    assert normalize_display_name("  Ann \u00a0  Smith  ") == "Ann Smith"


def test_validate_display_name_padded_short_name_judged_after_collapsing():
    assert rejection_code("  Al      ") == "length"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ann Smith", "ANN SMITH"),
        ("Ann Smith", "ann smith"),
        ("Ann Smith", "AnnSmith"),
        ("Ann Smith", "Ann_Smith"),
        ("Ann Smith", "ＡＮＮ ＳＭＩＴＨ"),
        ("Ann Smith", "4nn 5mith"),
        ("Leo", "L3O"),
        ("Straße", "STRASSE"),
    ],
)
def test_display_name_key_look_alike_names_compare_equal(first, second):
    assert display_name_key(first) == display_name_key(second)


def test_display_name_key_different_names_compare_different():
    assert display_name_key("Ann Smith") != display_name_key("Ann Smyth")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "candidate", ["ANN SMITH", "ann  smith", "Ann-Smith", "ＡＮＮ Smith"]
)
def test_name_taken_look_alike_of_existing_member_true(candidate):
    MemberFactory(display_name="Ann Smith")

    assert Member.objects.name_taken(candidate)


@pytest.mark.django_db
def test_name_taken_unrelated_name_false():
    MemberFactory(display_name="Ann Smith")

    assert not Member.objects.name_taken("Bea Jones")


@pytest.mark.django_db
def test_name_taken_member_own_name_excluded_false():
    member = MemberFactory(display_name="Ann Smith")

    assert not Member.objects.name_taken("ANN SMITH", exclude=member)


@pytest.mark.django_db
def test_member_full_clean_look_alike_name_raises_validation_error():
    MemberFactory(display_name="Ann Smith")
    member = Member(email="bea@example.org", display_name="ANN  SMITH")

    with pytest.raises(ValidationError) as excinfo:
        member.full_clean(exclude=["password"])

    assert "display_name" in excinfo.value.message_dict


@pytest.mark.django_db
def test_member_save_stores_normalized_name():
    member = MemberFactory(display_name="  ＡＮＮ   Smith ")

    member.refresh_from_db()
    assert member.display_name == "ANN Smith"
    assert member.name_key == display_name_key("Ann Smith")


@pytest.mark.django_db
@pytest.mark.parametrize("candidate", ["ANN SMITH", "Ann_Smith", "4nn Sm1th"])
def test_member_save_look_alike_name_violates_unique_constraint(candidate):
    MemberFactory(display_name="Ann Smith")

    # Bypasses full_clean on purpose: the database is the last line of defence.
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(email="bea@example.org", display_name=candidate)
