"""A member's own comments, each with its state: where an author learns
what moderators decided (forum.services.notices tells them once, too)."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from forum.models import Comment


class MyCommentsView(LoginRequiredMixin, ListView):
    template_name = "forum/my_comments/comment_list.html"
    context_object_name = "comments"
    paginate_by = settings.CAIRN_MODERATION_PER_PAGE

    def get_queryset(self):
        return (
            Comment.objects.by_author(self.request.user)
            .exclude(status=Comment.Status.DELETED)
            .for_author_list()
            .order_by("-created_at", "-pk")
        )
