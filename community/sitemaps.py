from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from community.models import Category, Topic


class CommunitySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self) -> list[str]:
        return ["community:index"]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Category.objects.listed()


class TopicSitemap(Sitemap):
    """Visible topics only: a held or removed one has no page to index."""

    changefreq = "daily"

    def items(self):
        return Topic.objects.visible().select_related("discussion").newest_first()

    def lastmod(self, item: Topic):
        return item.discussion.last_activity_at or item.created_at


sitemaps = {
    "community": CommunitySitemap,
    "categories": CategorySitemap,
    "topics": TopicSitemap,
}
