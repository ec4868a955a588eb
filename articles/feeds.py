from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleQuerySet
from forum.models import Member

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """The newest published articles as Atom.

    Entries carry the summary, not the body: health writing is read on the
    site, under the medical disclaimer.
    """

    feed_type = Atom1Feed
    title = _("Cairn: latest articles")
    link = reverse_lazy("articles:home")
    subtitle = _(
        "Columns, explainers and news for people living with multiple sclerosis."
    )
    author_name = "Cairn"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Syndication makes entry links absolute but not author links; resolve
        # them against the same host as everything else in the feed.
        for entry in feed.items:
            if entry["author_link"]:
                entry["author_link"] = request.build_absolute_uri(entry["author_link"])
        return feed

    def items(self, obj=None):
        return self.articles(obj).newest_first().for_detail()[:FEED_SIZE]

    def articles(self, obj) -> ArticleQuerySet:
        """The articles this feed lists; a narrower feed narrows them."""
        return Article.objects.published()

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Atom carries the summary as HTML; the summary is plain text.
        return escape(item.summary)

    def item_author_name(self, item: Article) -> str:
        return item.author.display_name

    def item_author_link(self, item: Article) -> str:
        return reverse("articles:columnist_detail", kwargs={"pk": item.author_id})

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        # A scheduled article goes live after its last save: it is "updated"
        # no earlier than it is published.
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class ColumnistArticlesFeed(LatestArticlesFeed):
    """One columnist's published articles, newest first: the latest-articles
    feed narrowed to an author, entries alike. A member who is not a
    columnist has no feed (the same 404 as their missing columnist page)."""

    def get_object(self, request, pk: int) -> Member:
        return get_object_or_404(Member.objects.columnists(), pk=pk)

    def title(self, obj: Member) -> str:
        return _("Cairn: articles by %(name)s") % {"name": obj.display_name}

    def link(self, obj: Member) -> str:
        return reverse("articles:columnist_detail", kwargs={"pk": obj.pk})

    def subtitle(self, obj: Member) -> str:
        return _("Columns and articles by %(name)s on Cairn.") % {
            "name": obj.display_name
        }

    def author_name(self, obj: Member) -> str:
        return obj.display_name

    def articles(self, obj: Member) -> ArticleQuerySet:
        return super().articles(obj).by_author(obj)
