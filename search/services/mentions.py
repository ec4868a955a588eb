"""Where a treatment is mentioned: the one query the treatment pages (and
search's treatment filter) ask, on the stored search vectors.

On PostgreSQL a comment mentions a treatment when its stored vector matches
any of the treatment's names as a phrase (`treatment_query`); the vectors
hold only published comments, so nothing else can match. Elsewhere (SQLite)
its Markdown source contains one of the names, case-insensitively.
"""

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Q

from forum.bylines import byline
from forum.models import Comment, Discussion, Treatment
from forum.search_vectors import CONFIG


def treatment_query(treatment: Treatment) -> SearchQuery:
    """Any of the treatment's names, each as a phrase, OR-ed (PostgreSQL)."""
    return names_query(treatment.all_names())


def names_query(names: list[str]) -> SearchQuery:
    """Any of `names`, each as a phrase in the stored vectors' language."""
    query = None
    for name in names:
        phrase = SearchQuery(name, search_type="phrase", config=CONFIG)
        query = phrase if query is None else query | phrase
    return query


def names_filter(field: str, names: list[str]) -> Q:
    """`field` contains any of `names`, case-insensitively (the simple
    backend's equivalent of a phrase query)."""
    condition = Q()
    for name in names:
        condition |= Q(**{f"{field}__icontains": name})
    return condition


def is_postgres(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def searchable_comments(viewer=None):
    """Comments every reader may find: published, in discussions every reader
    may see, without those of members `viewer` ignores (never an anonymous
    comment: leaving it out would tell them who wrote it)."""
    comments = Comment.objects.visible().filter(
        discussion__in=Discussion.objects.public()
    )
    if viewer is not None and viewer.is_authenticated:
        from forum.models import Ignore

        ignored = Ignore.objects.filter(member_id=viewer.pk).values("ignored_id")
        comments = comments.exclude(Q(author_id__in=ignored) & Q(pseudonym=""))
    return comments


def for_result_list(comments):
    """What a list of found comments shows: the byline's parts, the page it
    is on (its discussion's host, prefetched: one query per kind of host)."""
    return (
        comments.select_related("author", "guest", "discussion")
        .prefetch_related("discussion__host")
        .with_author_moderates()
    )


def comments_mentioning(
    treatment: Treatment, *, limit: int = 10, viewer=None
) -> list[Comment]:
    """The newest visible comments naming any of `treatment`'s names, each
    with `byline` (forum.bylines: a pseudonym for an anonymous one) and its
    `discussion.host` loaded, for a link into its thread
    (`forum:comment_permalink`) and the name of its page. Four queries
    whatever `limit` (the comments, and one per kind of host page)."""
    comments = searchable_comments(viewer)
    if is_postgres(comments):
        comments = comments.filter(search_vector=treatment_query(treatment))
    else:
        comments = comments.filter(names_filter("body", treatment.all_names()))
    found = list(for_result_list(comments).order_by("-created_at", "-pk")[:limit])
    for comment in found:
        comment.byline = byline(comment, viewer=viewer)
    return found
