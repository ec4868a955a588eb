from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from community.listing import with_bylines
from community.models import Category, Topic


class CategoryListView(ListView):
    """The community page: the listed categories, each with its number of
    topics and its newest one. Two queries, whatever the number of topics."""

    template_name = "community/category_list.html"
    context_object_name = "categories"

    def get_queryset(self):
        return Category.objects.listed().with_topic_summary()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = Topic.objects.in_bulk(
            [c.latest_topic_id for c in context["categories"] if c.latest_topic_id]
        )
        for category in context["categories"]:
            category.latest_topic = latest.get(category.latest_topic_id)
        return context


class CategoryDetailView(ListView):
    """A category's visible topics, pinned first, then by latest activity,
    CAIRN_TOPICS_PER_PAGE a page. A retired (unlisted) category keeps its
    page, so links to it still work, but takes no new topics."""

    template_name = "community/category_detail.html"
    context_object_name = "topics"

    def get_paginate_by(self, queryset) -> int:
        return settings.CAIRN_TOPICS_PER_PAGE

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return (
            Topic.objects.visible().in_category(self.category).by_activity().for_list()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(category=self.category, **kwargs)
        context["topics"] = with_bylines(context["object_list"])
        return context
