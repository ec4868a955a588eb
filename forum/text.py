"""What members' text may hold: line breaks, controls, visible characters.

Text comes from browsers on every platform and from pastes out of word
processors and PDFs. Browsers submit a textarea's line breaks as CRLF; old
Mac text has a lone CR; pasted text brings vertical tabs, form feeds, NEL
and the Unicode line and paragraph separators. All of them are line breaks,
and are stored as one: "\\n". Other control characters (all but tab and line
feed) have no meaning and nothing to see in text, and XML (the feeds) cannot
carry most of them: they are removed. Nothing a reader could see changes.

"Visible" is judged apart from this: a text of spaces, zero-width joiners,
bidi controls, combining marks with no letter to sit on, or letters that
draw as blank space shows the reader nothing, and is empty.
"""

import html
import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import Truncator

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls except tab, line feed and NUL (refused, not removed, by
# clean_body) and the line breaks above.
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

# Separators (Z*), marks (M*: nothing to see without a letter), controls
# (Cc), format characters (Cf: zero-width, bidi controls, soft hyphen) and
# surrogates (Cs).
_NOTHING_TO_SEE = {"Zs", "Zl", "Zp", "Mn", "Mc", "Me", "Cc", "Cf", "Cs"}
# Letters that draw as blank space: the Hangul fillers and the empty
# Braille pattern, favourites for posting "nothing".
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def normalise_text(text: str) -> str:
    """`text` with every line break as "\\n" and other controls removed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def has_visible_character(text: str) -> bool:
    return any(
        char not in _BLANK_LETTERS and unicodedata.category(char) not in _NOTHING_TO_SEE
        for char in text
    )


_BREAKS = re.compile(r"<br\s*/?>|</(?:p|li|blockquote|pre)>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def excerpt(body_html: str, limit: int) -> str:
    """A sanitised comment (`body_html`) as one short line of plain text:
    tags dropped, entities decoded, spaces collapsed, cut at `limit`. Plain
    text, so a template escapes it like any other text (an inbox item, an
    email's quote)."""
    text = html.unescape(strip_tags(_BREAKS.sub(" ", body_html)))
    return Truncator(_SPACE.sub(" ", text).strip()).chars(limit)
