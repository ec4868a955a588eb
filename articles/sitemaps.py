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
        return Tag.objects.filter(articles__in=Article.objects.published()).distinct()


class StaticSitemap(Sitemap):
    priority = 0.8

    def items(self) -> list[str]:
        return ["articles:home"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {"static": StaticSitemap, "articles": ArticleSitemap, "tags": TagSitemap}
