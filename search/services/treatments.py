"""What the treatment pages show: the treatments list by kind, and for one
treatment the explainers and columns about it, the community topics about
it and the recent comments that mention any of its names.

Mentions come from the same search machinery as `/search/`
(`comments_mentioning`, on the stored vectors), never from a second index.
Articles and topics name their treatment themselves (`Article.treatments`,
`Topic.treatment`), so those lists are plain lookups.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from community.models import Topic
from forum.models import Comment, Treatment
from forum.text import excerpt
from search.services.mentions import comments_mentioning

ARTICLES_SHOWN = 20
TOPICS_SHOWN = 10
COMMENTS_SHOWN = 10
EXCERPT_CHARS = 240

# The list's headings, one per kind, in the order the list shows them.
KIND_HEADINGS = {
    Treatment.Kind.INFUSION: _("Infusions"),
    Treatment.Kind.INJECTION: _("Injections"),
    Treatment.Kind.TABLET: _("Tablets and capsules"),
    Treatment.Kind.OTHER: _("Other treatments"),
}


@dataclass(frozen=True)
class KindGroup:
    kind: str
    heading: str
    treatments: list[Treatment] = field(default_factory=list)


def treatments_by_kind() -> list[KindGroup]:
    """The listed treatments (those offered to members) grouped by kind, in
    the order of `Treatment.Kind` (infusions first), each group by name;
    kinds without a treatment are left out. One query."""
    groups = {kind: KindGroup(kind, heading) for kind, heading in KIND_HEADINGS.items()}
    for treatment in Treatment.objects.listed().order_by("name"):
        groups[treatment.kind].treatments.append(treatment)
    return [group for group in groups.values() if group.treatments]


def articles_about(treatment: Treatment, now=None) -> list[Article]:
    """Published articles naming `treatment`, newest first (up to
    ARTICLES_SHOWN), with their authors. One query."""
    return list(
        Article.objects.published(now)
        .filter(treatments=treatment)
        .newest_first()
        .select_related("author")[:ARTICLES_SHOWN]
    )


def topics_about(treatment: Treatment) -> list[Topic]:
    """Visible community topics tagged with `treatment`, latest activity
    first (pinning belongs to a category page, not here), up to
    TOPICS_SHOWN, with their category and discussion. One query."""
    return list(
        Topic.objects.visible()
        .filter(treatment=treatment)
        .select_related("category", "discussion")
        .order_by(F("discussion__last_activity_at").desc(nulls_last=True), "-pk")[
            :TOPICS_SHOWN
        ]
    )


def recent_mentions(treatment: Treatment, *, viewer=None) -> list[Comment]:
    """The newest visible comments mentioning any of the treatment's names
    (search.services.comments_mentioning: each with its `byline` and its
    page), each with `excerpt`: its text as one short plain line."""
    comments = comments_mentioning(treatment, limit=COMMENTS_SHOWN, viewer=viewer)
    for comment in comments:
        comment.excerpt = excerpt(comment.body_html, EXCERPT_CHARS)
    return comments
