"""Related reading under an article: the published articles that share the
most tags and treatments with it, and more from its columnist.

Both lists come from one query, so the article page pays one query for
them whatever the number of articles: window functions rank the candidates
(articles sharing something, and the columnist's own) for each list, and
only the top of each ranking leaves the database. "More from" leaves out
what "Related reading" already shows: a columnist who writes most of a
topic would otherwise be listed twice.
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from articles.models import Article

RELATED_SHOWN = 3
MORE_SHOWN = 3


@dataclass(frozen=True)
class RelatedReading:
    related: list[Article]
    more_from: list[Article]


def _shared(through, field: str, article: Article) -> Coalesce:
    """How many of `article`'s `field` rows (tags or treatments) the outer
    article also carries, as a subquery."""
    mine = through.objects.filter(article_id=article.pk).values(field)
    theirs = (
        through.objects.filter(article_id=OuterRef("pk"), **{f"{field}__in": mine})
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(theirs, output_field=IntegerField()), 0)


def related_reading(article: Article, now=None) -> RelatedReading:
    """Up to RELATED_SHOWN published articles sharing the most tags and
    treatments with `article` (ties: newest first), and up to MORE_SHOWN of
    its author's latest other published articles not already among them.
    One query."""
    newest = [F("published_at").desc(), F("pk").desc()]
    rows = list(
        Article.objects.published(now)
        .exclude(pk=article.pk)
        .annotate(
            shared=_shared(Article.tags.through, "tag_id", article)
            + _shared(Article.treatments.through, "treatment_id", article)
        )
        .filter(Q(shared__gt=0) | Q(author_id=article.author_id))
        .annotate(
            # Articles sharing nothing rank after all that share something,
            # so the top of this ranking is the top of those that do.
            related_rank=Window(RowNumber(), order_by=[F("shared").desc(), *newest]),
            author_rank=Window(
                RowNumber(), partition_by=[F("author_id")], order_by=newest
            ),
        )
        .filter(
            Q(shared__gt=0, related_rank__lte=RELATED_SHOWN)
            | Q(
                author_id=article.author_id,
                author_rank__lte=RELATED_SHOWN + MORE_SHOWN,
            )
        )
        .select_related("author")
    )
    related = sorted(
        (row for row in rows if row.shared and row.related_rank <= RELATED_SHOWN),
        key=lambda row: row.related_rank,
    )
    shown = {row.pk for row in related}
    more_from = sorted(
        (
            row
            for row in rows
            if row.author_id == article.author_id and row.pk not in shown
        ),
        key=lambda row: row.author_rank,
    )[:MORE_SHOWN]
    return RelatedReading(related=related, more_from=more_from)
