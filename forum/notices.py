"""Shows a member what moderators decided (forum.services.notices) as
messages on the next full page they open.

A context processor rather than a middleware: it runs only when a page is
rendered, which reads the member anyway for the header, so a redirect (a
permalink, say) costs no session or member lookup, and the messages are
added before the page lists them.
"""

from django.contrib import messages

from forum.htmx import is_htmx
from forum.services.notices import take_unseen


def moderation_notices(request) -> dict:
    if request.method != "GET" or is_htmx(request):
        return {}
    user = getattr(request, "user", None)
    # `unseen_notices` is on the member's row: no query unless there is
    # something to tell.
    if user is not None and user.is_authenticated and user.unseen_notices:
        for text in take_unseen(user):
            messages.info(request, text, extra_tags="moderation")
    return {}
