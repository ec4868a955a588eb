"""A member's own comments, each with its state: where an author learns
what moderators decided (forum.services.notices tells them once, too)."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from forum.bylines import anonymous_name
from forum.models import Comment
from forum.services import guest_records


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Theirs, with what others see instead of their name.
        for comment in context["comments"]:
            if comment.pseudonym:
                comment.shown_as = anonymous_name(comment.pseudonym)
        # Comments written as a guest with one of the member's verified
        # addresses, waiting to be added to the account.
        context["guest_comments"] = len(guest_records.attachable(self.request.user))
        return context
