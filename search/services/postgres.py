"""Full-text search on PostgreSQL, over the stored vectors
(forum/search_vectors.py) and their GIN indexes.

The query is the AND of one OR-of-phrases per treatment named
(`mentions.names_query`) and a `websearch` query of the rest, in the
vectors' language. Ranks are `ts_rank` over the stored, weighted vectors:
an article's title (A) above its summary (B) above its text (C); a topic's
title (A) above its opening post (C); a comment's text (C). Equal ranks
go newest first.

Snippets are `ts_headline` over the text readers see (HTML tags stripped in
SQL), computed only for the rows of the page shown, with sentinel
characters around the matches that search.services.snippets turns into
escaped text and `<mark>` (the only HTML in a snippet is ours).
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import (
    Case,
    F,
    Func,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat

from forum.models import Comment
from forum.search_vectors import CONFIG
from search.services import scope, snippets
from search.services.mentions import names_query
from search.services.query import Query

NAME = "postgres"


def search_query(query: Query) -> SearchQuery | None:
    parts = [names_query(list(group)) for group in query.groups]
    if query.terms:
        parts.append(SearchQuery(query.rest, search_type="websearch", config=CONFIG))
    combined = None
    for part in parts:
        combined = part if combined is None else combined & part
    return combined


class _Joined(Func):
    """Two tsvectors as one (`||`), either of them possibly NULL."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = SearchVectorField()


def _vector(field: str):
    return Coalesce(F(field), Cast(Value(""), SearchVectorField()))


def ranked(query: Query, filters: scope.Filters, viewer=None) -> QuerySet | None:
    """(pk, source, rank, date) of every match, best first, as one UNION
    (paged by the caller); None when nothing can match."""
    wanted = search_query(query)
    if wanted is None:
        return None
    parts = []
    articles = scope.articles(filters)
    if articles is not None:
        parts.append(
            scope.ranked_columns(
                articles.filter(search_vector=wanted),
                "article",
                SearchRank(F("search_vector"), wanted),
                "published_at",
            )
        )
    topics = scope.topics(filters)
    if topics is not None:
        vector = _Joined(_vector("search_vector"), _vector("opening__search_vector"))
        parts.append(
            scope.ranked_columns(
                topics.filter(search_vector=wanted)
                | topics.filter(opening__search_vector=wanted),
                "topic",
                SearchRank(vector, wanted),
                "created_at",
            )
        )
    comments = scope.comments(filters, viewer)
    if comments is not None:
        parts.append(
            scope.ranked_columns(
                comments.filter(search_vector=wanted),
                "comment",
                SearchRank(F("search_vector"), wanted),
                "created_at",
            )
        )
    first, *others = parts
    return first.union(*others, all=True).order_by("-rank", "-date", "-pk")


# The characters ts_headline puts around matches; removed from the text
# first, so that only ts_headline's own can be read as one.
START, STOP = "\x02", "\x03"


def _plain(html):
    """HTML (a column name or an expression) as text: tags out (entities
    stay, decoded in Python), and never a sentinel of ours."""
    without_tags = Func(
        F(html) if isinstance(html, str) else html,
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    return Func(
        without_tags,
        Value(f"[{START}{STOP}]"),
        Value(""),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _headline(source, wanted: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        source,
        wanted,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def prepare(kind: str, found: QuerySet, query: Query) -> QuerySet:
    """`found` (the page's rows of one kind) with `snippet_source`."""
    wanted = search_query(query)
    if kind == "article":
        # The summary, HTML-escaped like the body, so both read alike.
        summary = Func(
            Func(F("summary"), Value("&"), Value("&amp;"), function="replace"),
            Value("<"),
            Value("&lt;"),
            function="replace",
            output_field=TextField(),
        )
        source = _plain(
            Concat(summary, Value(" "), F("body_html"), output_field=TextField())
        )
    elif kind == "topic":
        source = Case(
            When(
                opening__status=Comment.Status.PUBLISHED,
                then=_plain("opening__body_html"),
            ),
            default=Value(""),
            output_field=TextField(),
        )
    else:
        source = _plain("body_html")
    return found.annotate(snippet_source=_headline(source, wanted))


def snippet(item, kind: str, query: Query):
    return snippets.from_headline(item.snippet_source or "", START, STOP)
