"""Snippets: a few lines of a result's text with the matches marked.

The only HTML in a snippet is Cairn's own `<mark>`: every piece of text is
decoded (it comes from sanitised HTML with its tags stripped, so it still
holds entities such as `&amp;`) and then escaped again, whatever it holds.
"""

import html
import re

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from forum.text import excerpt

# Characters around the first match in the simple backend's window.
WINDOW = 200
_SPACES = re.compile(r"\s+")


def _marked(parts: list[tuple[str, bool]]) -> SafeString:
    pieces = [
        format_html("<mark>{}</mark>", text) if match else escape(text)
        for text, match in parts
        if text
    ]
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def from_headline(text: str, start: str, stop: str) -> SafeString:
    """`ts_headline` output (matches between `start` and `stop`, entities
    left in the text) as safe HTML."""
    parts: list[tuple[str, bool]] = []
    for chunk in text.split(start):
        match, _sep, after = chunk.rpartition(stop)
        if _sep:
            parts.append((_clean(match), True))
        parts.append((_clean(after), False))
    return _marked(parts)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", html.unescape(text))


def plain_text(body_html: str) -> str:
    """Sanitised HTML as the plain text a reader sees."""
    return excerpt(body_html, 1_000_000)


def window(text: str, terms: list[str]) -> SafeString:
    """About WINDOW characters of plain `text` around the first of `terms`
    found (case-insensitively; the start of the text if none is), every
    occurrence of a term marked."""
    text = _SPACES.sub(" ", text).strip()
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > WINDOW // 3:
        start = text.rfind(" ", 0, first.start() - WINDOW // 3) + 1
    shown = Truncator(text[start:]).chars(WINDOW)
    if start:
        shown = "…" + shown
    if pattern is None:
        return escape(shown)
    parts, at = [], 0
    for found in pattern.finditer(shown):
        parts += [(shown[at : found.start()], False), (found.group(), True)]
        at = found.end()
    parts.append((shown[at:], False))
    return _marked(parts)


def _pattern(terms: list[str]) -> re.Pattern | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
