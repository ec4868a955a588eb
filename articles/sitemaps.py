from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Tag


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().newest_first()

    def lastmod(self, item: Article):
        return item.updated_at


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        # A tag whose articles are all drafts would be an empty page, and its
        # name could give away what is being written.
        return Tag.objects.in_use()


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return ["articles:home"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {"static": StaticSitemap, "articles": ArticleSitemap, "tags": TagSitemap}
