"""Related reading under a topic: topics like it, and the explainers about
its treatment. Two queries at most, whatever the number of topics."""

from articles.models import Article
from community.models import Topic
from forum.models import Treatment

TOPICS_SHOWN = 5
EXPLAINERS_SHOWN = 3


def related_topics(topic: Topic) -> list[Topic]:
    """Up to TOPICS_SHOWN visible topics like `topic` (same treatment,
    shared tags, same category: TopicQuerySet.related_to), with their
    categories."""
    return list(
        Topic.objects.visible()
        .related_to(topic)
        .select_related("category")[:TOPICS_SHOWN]
    )


def explainers_about(treatment: Treatment | None) -> list[Article]:
    """Up to EXPLAINERS_SHOWN published explainers about `treatment`,
    newest first (none for a topic about no treatment: no query)."""
    if treatment is None:
        return []
    return list(
        Article.objects.published()
        .filter(kind=Article.Kind.EXPLAINER, treatments=treatment)
        .newest_first()[:EXPLAINERS_SHOWN]
    )
