from django.urls import path

from articles import views
from articles.feeds import ColumnistArticlesFeed, LatestArticlesFeed

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", LatestArticlesFeed(), name="feed_latest"),
    path(
        "articles/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path(
        "columnists/<int:pk>/",
        views.ColumnistDetailView.as_view(),
        name="columnist_detail",
    ),
    path(
        "columnists/<int:pk>/feed/",
        ColumnistArticlesFeed(),
        name="columnist_feed",
    ),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
]
