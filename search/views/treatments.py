"""The treatments list and one page per treatment (search.services.treatments).

Every treatment editors keep has a page, also one no longer offered to
members (`is_listed` off): articles that name it still link to it and its
names are still searched. The list, and the sitemap, show the listed ones.
"""

from django.views.generic import DetailView, TemplateView

from forum.models import Treatment
from search.services import treatments


class TreatmentListView(TemplateView):
    template_name = "search/treatments/treatment_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=treatments.treatments_by_kind(), **kwargs
        )


class TreatmentDetailView(DetailView):
    template_name = "search/treatments/treatment_detail.html"
    context_object_name = "treatment"
    queryset = Treatment.objects.all()

    def get_context_data(self, **kwargs):
        treatment = self.object
        return super().get_context_data(
            articles=treatments.articles_about(treatment),
            topics=treatments.topics_about(treatment),
            mentions=treatments.recent_mentions(treatment, viewer=self.request.user),
            **kwargs,
        )
