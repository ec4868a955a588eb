"""The simple search backend: any database (SQLite, the zero-setup default),
no index, sensible results for a small site.

- Matching: every term of the query must occur, case-insensitively, as a
  substring (`icontains`; SQLite folds ASCII letters only), where a term is
  a word or a "quoted phrase" (punctuation around it dropped, terms of one
  character ignored), and a treatment named in the query is one term met
  by any of its names (search.services.query). An article matches in its
  title, summary or text (Markdown source); a topic in its title or its
  opening post (while that is published); a comment in its text. Each term
  may match in a different place. Author names are never searched.
- Order: results with a term in the title first (articles, topics), then
  in an article's summary, then in a text, then newest first.
- Snippet: about 200 characters of the text readers see around the first
  match, escaped, every match in `<mark>`.

Tests choose it explicitly on PostgreSQL too (`backend="simple"`).
"""

from django.db.models import (
    Case,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from forum.models import Comment
from search.services import scope, snippets
from search.services.mentions import names_filter
from search.services.query import Query

NAME = "simple"
TITLE, SUMMARY, TEXT = 3, 2, 1


def _alternatives(query: Query) -> list[list[str]]:
    """Each term as the list of strings that satisfy it."""
    return [list(group) for group in query.groups] + [[t] for t in query.terms]


def _all_terms_in(fields: list[str], query: Query) -> Q:
    condition = Q()
    for names in _alternatives(query):
        anywhere = Q()
        for field in fields:
            anywhere |= names_filter(field, names)
        condition &= anywhere
    return condition


def _any_term_in(field: str, query: Query) -> Q:
    condition = Q()
    for names in _alternatives(query):
        condition |= names_filter(field, names)
    return condition


def _rank(*levels: tuple[Q, int]) -> Case:
    return Case(
        *(When(condition, then=Value(rank)) for condition, rank in levels),
        default=Value(TEXT),
        output_field=IntegerField(),
    )


def ranked(query: Query, filters: scope.Filters, viewer=None) -> QuerySet | None:
    if not query.is_searchable:
        return None
    parts = []
    articles = scope.articles(filters)
    if articles is not None:
        parts.append(
            scope.ranked_columns(
                articles.filter(_all_terms_in(["title", "summary", "body"], query)),
                "article",
                _rank(
                    (_any_term_in("title", query), TITLE),
                    (_any_term_in("summary", query), SUMMARY),
                ),
                "published_at",
            )
        )
    topics = scope.topics(filters)
    if topics is not None:
        published = Q(opening__status=Comment.Status.PUBLISHED)
        text = _all_terms_in(["title", "opening__body"], query)
        # A term may only be found in an opening post readers see.
        title_only = _all_terms_in(["title"], query)
        parts.append(
            scope.ranked_columns(
                topics.filter((published & text) | title_only),
                "topic",
                _rank((_any_term_in("title", query), TITLE)),
                "created_at",
            )
        )
    comments = scope.comments(filters, viewer)
    if comments is not None:
        parts.append(
            scope.ranked_columns(
                comments.filter(_all_terms_in(["body"], query)),
                "comment",
                Value(TEXT, output_field=IntegerField()),
                "created_at",
            )
        )
    first, *others = parts
    return first.union(*others, all=True).order_by("-rank", "-date", "-pk")


def prepare(kind: str, found: QuerySet, query: Query) -> QuerySet:
    return found


def snippet(item, kind: str, query: Query):
    names = [name for names in _alternatives(query) for name in names]
    if kind == "article":
        text = item.summary + " " + snippets.plain_text(item.body_html)
    elif kind == "topic":
        opening = item.opening
        published = opening is not None and opening.status == Comment.Status.PUBLISHED
        text = snippets.plain_text(opening.body_html) if published else ""
    else:
        text = snippets.plain_text(item.body_html)
    return snippets.window(text, names)
