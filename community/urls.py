from django.urls import path

from community.feeds import CategoryTopicsFeed
from community.views import categories, moderation, topics

app_name = "community"

# Fixed addresses first: a category's slug can never be one of their first
# segments (community.models.RESERVED_SLUGS).
urlpatterns = [
    path("community/", categories.CategoryListView.as_view(), name="index"),
    path("community/start/", topics.topic_start, name="topic_start"),
    path("community/topics/<int:pk>/", topics.topic_redirect, name="topic_redirect"),
    path(
        "community/topics/<int:pk>/<slug:slug>/",
        topics.TopicDetailView.as_view(),
        name="topic_detail",
    ),
    path(
        "community/moderation/topics/<int:pk>/pin/",
        moderation.topic_pin,
        name="moderation_topic_pin",
    ),
    path(
        "community/moderation/topics/<int:pk>/unpin/",
        moderation.topic_unpin,
        name="moderation_topic_unpin",
    ),
    path(
        "community/moderation/topics/<int:pk>/move/",
        moderation.topic_move,
        name="moderation_topic_move",
    ),
    path(
        "community/<slug:slug>/",
        categories.CategoryDetailView.as_view(),
        name="category_detail",
    ),
    path(
        "community/<slug:slug>/start/",
        topics.topic_start,
        name="topic_start_in_category",
    ),
    path("community/<slug:slug>/feed/", CategoryTopicsFeed(), name="category_feed"),
]
