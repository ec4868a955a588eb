from django.urls import path

from forum import comment_views, views

app_name = "forum"

urlpatterns = [
    path("account/profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("c/<int:pk>/", comment_views.comment_permalink, name="comment_permalink"),
    path("c/<int:pk>/reply/", comment_views.comment_reply, name="comment_reply"),
    path("c/<int:pk>/edit/", comment_views.comment_edit, name="comment_edit"),
    path("c/<int:pk>/delete/", comment_views.comment_delete, name="comment_delete"),
    path(
        "discussions/<int:pk>/comments/",
        comment_views.comment_create,
        name="comment_create",
    ),
    path(
        "discussions/<int:pk>/rows/",
        comment_views.discussion_rows,
        name="discussion_rows",
    ),
    path(
        "disclaimer/accept/",
        comment_views.disclaimer_accept,
        name="disclaimer_accept",
    ),
]
