"""The moderators' "See who wrote it" on an anonymous comment.

A POST with a reason, never a GET (a link opened by a mail scanner or a
prefetch must not log a reveal, nor show the name). The name is on the page
that answers it and nowhere else: the case, the queue and the log keep the
pseudonym, and nothing about the answer is stored but the logged action
(forum.services.anonymity.reveal_author).
"""

from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from forum import services
from forum.models import Comment
from forum.services.anonymity import reveal_author
from forum.views.moderation import action_context, annotate_items, case_comment


@require_POST
@login_required
@never_cache
def moderation_comment_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("discussion"), pk=pk)
    # Before anything else, as for every moderation action: nobody else
    # learns more than "forbidden" about the comment.
    services.check_can_moderate(request.user, comment.discussion)
    reason = request.POST.get("reason", "")
    context, status = {}, HTTPStatus.OK
    try:
        context["revealed"] = reveal_author(
            comment=comment, moderator=request.user, reason=reason
        )
    except ValidationError as refusal:
        context = {"reveal_error": refusal.messages[0], "kept_reason": reason}
        status = HTTPStatus.BAD_REQUEST
    case = case_comment(pk)
    annotate_items([case])
    return render(
        request,
        "forum/moderation/comment_detail.html",
        {
            "c": case,
            "log": case.moderation_actions.for_log().newest_first(),
            **context,
            **action_context(request),
        },
        status=status,
    )
