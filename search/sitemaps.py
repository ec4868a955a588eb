from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from forum.models import Treatment


class TreatmentSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        # The list's treatments (search.views.treatments): a retired one
        # keeps its page for the links to it, not a place in the index.
        return Treatment.objects.listed().order_by("name")

    def location(self, item: Treatment) -> str:
        return reverse("search:treatment_detail", kwargs={"slug": item.slug})


class TreatmentListSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["search:treatment_list"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {"treatment_list": TreatmentListSitemap, "treatments": TreatmentSitemap}
