"""Shows a member what moderators decided (forum.services.notices) as
messages on the next full page they open."""

from django.contrib import messages

from forum.htmx import is_htmx
from forum.services.notices import take_unseen


class ModerationNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # `unseen_notices` is on the member's row, loaded anyway: no query
        # unless there is something to tell.
        if (
            request.method == "GET"
            and not is_htmx(request)
            and user is not None
            and user.is_authenticated
            and user.unseen_notices
        ):
            for text in take_unseen(user):
                messages.info(request, text, extra_tags="moderation")
        return self.get_response(request)
