from django.urls import path

from search.views import search, treatments

app_name = "search"

urlpatterns: list = [
    path("search/", search.search, name="search"),
    path(
        "treatments/",
        treatments.TreatmentListView.as_view(),
        name="treatment_list",
    ),
    path(
        "treatments/<slug:slug>/",
        treatments.TreatmentDetailView.as_view(),
        name="treatment_detail",
    ),
]
