"""Rules for a member's public display name.

The display name is the only public identity on Cairn, so it must be readable,
unambiguous and unable to impersonate the people readers trust. Threat model:
a member picks a name that looks like staff ("M0derator", "Cairn Admin"), that
differs from an existing name only by case or Unicode form ("Ann" vs "ＡＮＮ"),
or that reorders surrounding text with bidirectional controls (Trojan Source).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_LENGTH = 3
MAX_LENGTH = 30
ALLOWED_PUNCTUATION = frozenset(" ._-")
RESERVED_WORDS = (
    "moderator",
    "admin",
    "staff",
    "cairn",
    "columnist",
    "official",
    # The labels forum.bylines puts on comments: nobody may wear one.
    "anonymous",
    "guest",
    "expert",
    "formermember",
)
# Ordinary words that happen to contain a reserved one.
BENIGN_WORDS = ("badminton", "flagstaff", "staffordshire", "staffie")
# Digits and symbols that stand in for letters in look-alike names.
LOOKALIKES = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "|": "l",
    }
)


def normalize_display_name(value: str) -> str:
    """NFKC-fold the name and collapse runs of spaces, as it will be stored."""
    value = unicodedata.normalize("NFKC", value)
    return " ".join(value.split())


def display_name_key(value: str) -> str:
    """The form two names are compared in: case-folded, look-alikes mapped."""
    folded = normalize_display_name(value).casefold().translate(LOOKALIKES)
    return "".join(ch for ch in folded if ch.isalnum())


def _script(ch: str) -> str:
    """The script a letter belongs to, read from its Unicode name
    ("LATIN SMALL LETTER A" -> "LATIN")."""
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def validate_display_name(value: str) -> None:
    name = normalize_display_name(value)
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise ValidationError(
            _("Choose a name of %(min)d to %(max)d characters."),
            code="length",
            params={"min": MIN_LENGTH, "max": MAX_LENGTH},
        )
    bad = sorted({ch for ch in name if not (ch.isalnum() or ch in ALLOWED_PUNCTUATION)})
    if bad:
        raise ValidationError(
            _("Use letters, digits, spaces, dots, hyphens and underscores only."),
            code="characters",
        )
    if not any(ch.isalpha() for ch in name):
        raise ValidationError(_("Include at least one letter."), code="no_letter")
    # Letters from several scripts in one name ("Mοderator" with a Greek
    # omicron, "Аnn" with a Cyrillic A) exist only to look like another name.
    if len({_script(ch) for ch in name if ch.isalpha()}) > 1:
        raise ValidationError(
            _("Use letters from one alphabet only."), code="mixed_script"
        )
    key = display_name_key(name)
    for benign in BENIGN_WORDS:
        key = key.replace(benign, "")
    if any(word in key for word in RESERVED_WORDS):
        raise ValidationError(
            _(
                "That name could be mistaken for Cairn's staff or for a label "
                "Cairn puts on comments. Please choose another."
            ),
            code="reserved",
        )
