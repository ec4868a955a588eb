"""Writes on articles with more than one effect."""

from articles.models import Article
from forum import services as forum_services
from forum.models import Discussion


def publish_article(*, article: Article) -> Discussion | None:
    """Give a published (or scheduled) article its reader discussion.

    Idempotent; called whenever an article is saved. The discussion is
    invisible until the article is, since it is read through the article's
    page."""
    if article.status != Article.Status.PUBLISHED:
        return None
    return forum_services.open_discussion(host=article)
