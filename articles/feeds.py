from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.models import Article

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Cairn: latest articles")
    link = reverse_lazy("articles:home")
    subtitle = _("Columns, explainers and news for people living with multiple sclerosis.")

    def items(self):
        return Article.objects.published().newest_first().for_list()[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_author_name(self, item: Article) -> str:
        return item.author.display_name

    def item_author_link(self, item: Article) -> str:
        return settings.SITE_URL + reverse("articles:columnist_detail", kwargs={"pk": item.author_id})

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]
