"""One search, from the words typed to the page of results shown.

The backend (`postgres` on PostgreSQL, `simple` elsewhere, or the one asked
for) ranks the matches of the three kinds (the newest scope.RANKED of each)
in one UNION of (pk, source, rank, date), read in one query, bounded;
Django's Paginator counts and pages it, 20 to a page; then
only the page's rows are fetched, one query per kind (and one per kind of
page the found comments are on), with their snippets. What a result shows
as its author is its byline (forum.bylines): an anonymous comment or topic
shows its pseudonym, never its author.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from community.models import Topic
from forum.bylines import Byline, byline
from forum.models import Comment
from search.services import postgres, scope, simple
from search.services.mentions import for_result_list
from search.services.query import Query

PER_PAGE = 20
BACKENDS = {postgres.NAME: postgres, simple.NAME: simple}


@dataclass(frozen=True)
class Result:
    kind: str  # "article", "topic" or "comment"
    label: str  # what the page calls the kind
    title: str  # an article's or topic's title; for a comment, its page's
    url: str
    date: datetime
    snippet: SafeString
    # A topic's opening post's or a comment's byline.
    byline: Byline | None = None
    # An article's columnist.
    author_name: str = ""
    author_url: str = ""


@dataclass
class Outcome:
    query: Query
    page: Page | None = None
    results: list[Result] = field(default_factory=list)
    # Some kind had more matches than are ranked (scope.RANKED).
    capped: bool = False

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page else 0


def default_backend() -> str:
    return postgres.NAME if connection.vendor == "postgresql" else simple.NAME


def search(
    query: Query,
    *,
    filters: scope.Filters | None = None,
    viewer=None,
    page: str | int | None = 1,
    backend: str | None = None,
) -> Outcome:
    """The page `page` of what `query` finds for `viewer` (see
    search.services.scope for what may be found and the filters)."""
    engine = BACKENDS[backend or default_backend()]
    outcome = Outcome(query=query)
    filters = filters or scope.Filters()
    if query.is_searchable:
        ranked = engine.ranked(query, filters, viewer)
    else:
        # No words: what the filters select, newest first, with the opening
        # lines of each as its snippet.
        engine = simple
        ranked = scope.browsed(filters, viewer)
    if ranked is None:
        return outcome
    # At most RANKED rows of each kind: read once, counted and paged here.
    found = list(ranked)
    sources = [row["source"] for row in found]
    outcome.capped = any(sources.count(k) >= scope.RANKED for k in set(sources))
    outcome.page = Paginator(found, PER_PAGE).get_page(page)
    rows = list(outcome.page.object_list)
    outcome.results = _results(rows, engine, query, viewer)
    return outcome


def _results(rows: list[dict], engine, query: Query, viewer) -> list[Result]:
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["source"], []).append(row["pk"])
    fetched = {
        kind: {item.pk: item for item in engine.prepare(kind, FETCH[kind](pks), query)}
        for kind, pks in wanted.items()
    }
    results = []
    for row in rows:
        item = fetched[row["source"]].get(row["pk"])
        if item is not None:  # gone between the two queries
            snippet = engine.snippet(item, row["source"], query)
            results.append(SHOW[row["source"]](item, snippet, viewer))
    return results


FETCH = {
    "article": lambda pks: Article.objects.filter(pk__in=pks).select_related("author"),
    "topic": lambda pks: Topic.objects.filter(pk__in=pks).select_related(
        "opening__author", "opening__guest"
    ),
    "comment": lambda pks: for_result_list(Comment.objects.filter(pk__in=pks)),
}


def _article(article: Article, snippet: SafeString, viewer) -> Result:
    return Result(
        kind="article",
        label=article.get_kind_display(),
        title=article.title,
        url=article.get_absolute_url(),
        date=article.published_at,
        snippet=snippet,
        author_name=article.author.display_name,
        author_url=reverse(
            "articles:columnist_detail", kwargs={"pk": article.author_id}
        ),
    )


def _topic(topic: Topic, snippet: SafeString, viewer) -> Result:
    return Result(
        kind="topic",
        label=str(_("Topic")),
        title=topic.title,
        url=topic.get_absolute_url(),
        date=topic.created_at,
        snippet=snippet,
        byline=byline(topic.opening, viewer=viewer) if topic.opening else None,
    )


def _comment(comment: Comment, snippet: SafeString, viewer) -> Result:
    host = comment.discussion.host
    return Result(
        kind="comment",
        label=str(_("Comment")),
        title=str(host) if host is not None else str(_("a page no longer on Cairn")),
        url=comment.get_absolute_url(),
        date=comment.created_at,
        snippet=snippet,
        byline=byline(comment, viewer=viewer),
    )


SHOW = {"article": _article, "topic": _topic, "comment": _comment}
