"""The names offered while a member types an @mention in a comment."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from forum import services
from forum.views import visible_discussion


@require_GET
@login_required
# Names a member may see, for them alone; a short reuse spares a request when
# they type the same letters again.
@cache_control(private=True, max_age=30)
def mention_suggestions(request: HttpRequest, pk: int) -> JsonResponse:
    """`{"names": [...]}` for the text typed after an "@" (`q`).

    JSON, not an HTML fragment: the list is built in the page beside the
    textarea it serves, whose ids the server does not know (each option needs
    an id unique on the page, for `aria-activedescendant`, and a page can hold
    several comment forms), and names set as text content are never parsed as
    markup, so there is no escaping to get right in the script."""
    discussion = visible_discussion(pk, request.user)
    names = services.suggest(
        discussion=discussion, viewer=request.user, prefix=request.GET.get("q", "")
    )
    return JsonResponse({"names": names})
