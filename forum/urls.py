from django.urls import path
from django.views.generic import TemplateView

from forum.views import comments, profile

app_name = "forum"

urlpatterns = [
    path("account/profile/", profile.ProfileEditView.as_view(), name="profile_edit"),
    path("c/<int:pk>/", comments.comment_permalink, name="comment_permalink"),
    path("c/<int:pk>/reply/", comments.comment_reply, name="comment_reply"),
    path("c/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("c/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path(
        "discussions/<int:pk>/comments/",
        comments.comment_create,
        name="comment_create",
    ),
    path(
        "discussions/<int:pk>/rows/",
        comments.discussion_rows,
        name="discussion_rows",
    ),
    path(
        "disclaimer/",
        TemplateView.as_view(template_name="forum/disclaimer_detail.html"),
        name="disclaimer_detail",
    ),
    path(
        "disclaimer/accept/",
        comments.disclaimer_accept,
        name="disclaimer_accept",
    ),
]
