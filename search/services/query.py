"""What a visitor typed, made into what is searched for.

1. Cleaned (`clean_query`): line breaks and control characters go
   (`forum.text.normalise_text`), runs of spaces become one, and a query
   longer than MAX_LENGTH characters is cut at the last word boundary
   before it (the page says "We searched for the first 100 characters").
2. Synonyms (`parse`): every name of every treatment (`Treatment.all_names`,
   the list editors keep in the admin, read in one query) found in the
   query, case-insensitively, as whole words (multi-word names too, the
   longest first so that "Campath 1H" wins over "Campath"), is taken out
   and stands for the OR of all that treatment's names. So "Lemtrada",
   "alemtuzumab" and "Campath" search for the same thing, and a name added
   in the admin works at once: nothing is stored per name.
3. The rest is searched as typed: on PostgreSQL as a `websearch` query
   ("quoted phrases", `or`, `-word`), in the simple backend as terms that
   must each occur (`terms`).

A query is searchable (`is_searchable`) when it names a treatment or has a
term of two or more letters or digits; anything else (empty, one
character, only punctuation or operators) gets the help page, not a search.
A name found inside a quoted phrase is taken out of the phrase like any
other: the phrase's other words are still searched.
"""

import re
from dataclasses import dataclass

from forum.models import Treatment
from forum.text import normalise_text

MAX_LENGTH = 100
# Shorter terms match nearly everything in the simple backend; a query of
# only such terms gets the help page.
MIN_TERM_LENGTH = 2
_SPACES = re.compile(r"\s+")
_TERM = re.compile(r'"([^"]*)"|(\S+)')
# Punctuation around a term ("fatigue," or "(scan)") is not part of it.
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_WORDLIKE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Query:
    text: str  # what was searched for, as shown back
    truncated: bool = False
    # One tuple of names per treatment named in the query.
    groups: tuple[tuple[str, ...], ...] = ()
    rest: str = ""  # the query without those names
    terms: tuple[str, ...] = ()  # the rest as terms (the simple backend)

    @property
    def is_searchable(self) -> bool:
        return bool(self.groups or self.terms)


def clean_query(raw: str) -> tuple[str, bool]:
    """`raw` as it is searched and shown back, and whether it was cut."""
    text = _SPACES.sub(" ", normalise_text(raw).replace("\x00", "")).strip()
    if len(text) <= MAX_LENGTH:
        return text, False
    cut = text[: MAX_LENGTH + 1]
    boundary = cut.rfind(" ")
    return (cut[:boundary] if boundary > 0 else text[:MAX_LENGTH]).strip(), True


def synonym_groups() -> list[tuple[str, ...]]:
    """Every treatment's names, one tuple per treatment (one query)."""
    return [
        tuple(treatment.all_names())
        for treatment in Treatment.objects.only("name", "other_names")
    ]


def parse(raw: str, groups: list[tuple[str, ...]] | None = None) -> Query:
    """`raw` cleaned and split into treatment names and the rest (see the
    module docstring). `groups` defaults to `synonym_groups()`."""
    text, truncated = clean_query(raw)
    if groups is None:
        groups = synonym_groups() if text else []
    found: list[tuple[str, ...]] = []
    rest = text
    names = sorted(
        ((name, group) for group in groups for name in group if name.strip()),
        key=lambda item: -len(item[0]),
    )
    for name, group in names:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        rest, replaced = pattern.subn(" ", rest)
        if replaced and group not in found:
            found.append(group)
    rest = _SPACES.sub(" ", rest).strip()
    return Query(
        text=text,
        truncated=truncated,
        groups=tuple(found),
        rest=rest,
        terms=tuple(_terms(rest)),
    )


def _terms(rest: str) -> list[str]:
    terms = []
    for phrase, word in _TERM.findall(rest):
        term = _SPACES.sub(" ", _EDGES.sub("", phrase or word)).strip()
        if (
            len(term) >= MIN_TERM_LENGTH
            and _WORDLIKE.search(term)
            and term.casefold() not in {t.casefold() for t in terms}
        ):
            terms.append(term)
    return terms
