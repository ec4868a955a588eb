"""What a search may find, before any word is matched: the three kinds of
result and the filters, the same for every backend.

- Articles: published ones only (`Article.objects.published()`: never a
  draft or a scheduled article), dated by `published_at`.
- Topics: visible ones only (`Topic.objects.visible()`: never one whose
  opening post is held, hidden, removed or spam), dated by `created_at`.
  A topic is found by its title and its opening post; the opening post is
  not found again as a comment.
- Comments: published, in discussions every reader may see
  (`Discussion.objects.public()`), dated by `created_at`; not those of
  members the viewer ignores, unless posted without a name (leaving those
  out would say who wrote them).

Filters (each optional; a value the form could not read is ignored):
- `in`: "articles", "discussions" (comments under articles), "topics"
  (topics and comments under topics) or everything.
- tag: articles and topics with the tag, and comments under them.
- treatment: articles and topics about it (`Article.treatments`,
  `Topic.treatment`), comments under them, and comments that mention any
  of its names anywhere (`mentions`).
- columnist: their articles and comments under their articles; no topics
  (a columnist starts topics as a member, and a topic has no columnist).
- from / to: dates, both included, in the site's time zone.

Without words, filters that narrow (a tag, a treatment, a columnist: the
links "Search everything about <treatment>" and a topic's tags) browse:
everything they select, newest first, up to RANKED of each kind
(`browsed`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, IntegerField, Q, QuerySet, Value
from django.utils import timezone

from articles.models import Article, Tag
from community.models import Topic
from forum.models import Member, Treatment
from search.services.mentions import (
    is_postgres,
    names_filter,
    searchable_comments,
    treatment_query,
)

ALL, ARTICLES, DISCUSSIONS, TOPICS = "all", "articles", "discussions", "topics"
# Matches of each kind that are ranked: the newest RANKED. A word found in
# tens of thousands of comments ranks the newest thousand of them (ranking
# reads every matching row's vector), and the page says so; a more
# specific query or a filter reaches older ones.
RANKED = 1000


@dataclass(frozen=True)
class Filters:
    kind: str = ALL
    tag: Tag | None = None
    treatment: Treatment | None = None
    columnist: Member | None = None
    date_from: date | None = None
    date_to: date | None = None

    def narrows(self) -> bool:
        """Whether these filters alone say what to list (a tag, a
        treatment or a columnist): a search without words browses them."""
        return bool(self.tag or self.treatment or self.columnist)

    def _range(self, field: str) -> Q:
        condition = Q()
        if self.date_from:
            condition &= Q(**{f"{field}__gte": _start_of(self.date_from)})
        if self.date_to:
            condition &= Q(**{f"{field}__lt": _start_of(self.date_to + timedelta(1))})
        return condition


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def articles(filters: Filters) -> QuerySet | None:
    if filters.kind not in (ALL, ARTICLES):
        return None
    found = Article.objects.published().filter(filters._range("published_at"))
    if filters.tag:
        found = found.filter(tags=filters.tag)
    if filters.treatment:
        found = found.filter(treatments=filters.treatment)
    if filters.columnist:
        found = found.filter(author=filters.columnist)
    return found


def topics(filters: Filters) -> QuerySet | None:
    if filters.kind not in (ALL, TOPICS) or filters.columnist:
        return None
    found = Topic.objects.visible().filter(filters._range("created_at"))
    if filters.tag:
        found = found.filter(tags=filters.tag)
    if filters.treatment:
        found = found.filter(treatment=filters.treatment)
    return found


def comments(filters: Filters, viewer=None) -> QuerySet | None:
    if filters.kind == ARTICLES:
        return None
    openings = Topic.objects.filter(opening__isnull=False).values("opening_id")
    found = (
        searchable_comments(viewer)
        .exclude(pk__in=openings)
        .filter(filters._range("created_at"))
    )
    article_type = ContentType.objects.get_for_model(Article)
    topic_type = ContentType.objects.get_for_model(Topic)
    if filters.kind == DISCUSSIONS:
        found = found.filter(discussion__host_type=article_type)
    elif filters.kind == TOPICS:
        found = found.filter(discussion__host_type=topic_type)
    if filters.columnist:
        found = found.filter(
            _under(article_type, Article.objects.filter(author=filters.columnist))
        )
    if filters.tag:
        found = found.filter(
            _under(article_type, Article.objects.filter(tags=filters.tag))
            | _under(topic_type, Topic.objects.filter(tags=filters.tag))
        )
    if filters.treatment:
        about = _under(
            article_type, Article.objects.filter(treatments=filters.treatment)
        ) | _under(topic_type, Topic.objects.filter(treatment=filters.treatment))
        if is_postgres(found):
            mentions = Q(search_vector=treatment_query(filters.treatment))
        else:
            mentions = names_filter("body", filters.treatment.all_names())
        found = found.filter(about | mentions)
    return found


def ranked_columns(found: QuerySet, source: str, rank, date: str) -> QuerySet:
    """(pk, source, rank, date) of the newest RANKED rows of `found`, the
    shape every kind takes in a search's UNION."""
    newest = found.order_by(F(date).desc(), "-pk").values("pk")[:RANKED]
    return (
        found.model.objects.filter(pk__in=newest)
        .annotate(
            source=Value(source, output_field=CharField()),
            rank=rank,
            date=F(date),
        )
        .values("pk", "source", "rank", "date")
        .order_by()
    )


def _under(host_type: ContentType, hosts: QuerySet) -> Q:
    return Q(
        discussion__host_type=host_type, discussion__host_id__in=hosts.values("pk")
    )


def browsed(filters: Filters, viewer=None) -> QuerySet | None:
    """(pk, source, rank, date) of everything `filters` select, newest
    first, the newest RANKED of each kind: a search without words.
    None unless the filters narrow (`Filters.narrows`)."""
    if not filters.narrows():
        return None
    unranked = Value(0, output_field=IntegerField())
    kinds = [
        (articles(filters), "article", "published_at"),
        (topics(filters), "topic", "created_at"),
        (comments(filters, viewer), "comment", "created_at"),
    ]
    parts = [
        ranked_columns(found, source, unranked, date)
        for found, source, date in kinds
        if found is not None
    ]
    first, *others = parts
    return first.union(*others, all=True).order_by("-date", "-pk")
