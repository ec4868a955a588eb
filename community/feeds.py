"""A category's newest topics as Atom.

Public, like every feed (forum/feeds.py): it shows the category exactly as
a visitor sees it, so only visible topics, and each entry names its starter
only through the opening post's byline (an anonymous starter is their
pseudonym, never their name). The summary is a short plain-text excerpt of
the opening post: the conversation is read on the site, under the medical
disclaimer.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from community.models import Category, Topic
from forum.bylines import byline
from forum.disclaimers import current_disclaimer
from forum.text import excerpt

FEED_SIZE = 20
EXCERPT_LENGTH = 280


class CategoryTopicsFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Cairn"

    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category) -> str:
        return _("Cairn community: %(name)s") % {"name": obj.name}

    def link(self, obj: Category) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Category) -> str:
        disclaimer = current_disclaimer()
        parts = [obj.description]
        if disclaimer is not None:
            parts.append(disclaimer.summary)
        return " ".join(parts)

    def items(self, obj: Category) -> list[Topic]:
        topics = list(
            Topic.objects.visible()
            .in_category(obj)
            .select_related("opening__author", "opening__guest")
            .prefetch_related("tags")
            .newest_first()[:FEED_SIZE]
        )
        for topic in topics:
            topic.starter = byline(topic.opening)
        return topics

    def item_title(self, item: Topic) -> str:
        return item.title

    def item_description(self, item: Topic) -> str:
        # Atom carries HTML; the excerpt is plain text.
        return escape(excerpt(item.opening.body_html, EXCERPT_LENGTH))

    def item_author_name(self, item: Topic) -> str:
        return str(item.starter.name)

    def item_pubdate(self, item: Topic):
        return item.created_at

    def item_updateddate(self, item: Topic):
        return item.opening.edited_at or item.created_at

    def item_categories(self, item: Topic) -> list[str]:
        return [tag.name for tag in item.tags.all()]
