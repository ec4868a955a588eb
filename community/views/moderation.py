"""Pinning, unpinning and moving a topic: moderators' one-shot actions.
Locking is the engine's discussion action (forum:moderation_discussion_action),
offered on the topic page beside these."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import MoveForm
from community.models import Topic
from community.services.moderation import move_topic, pin_topic
from forum.services import check_can_moderate


def _done(request: HttpRequest, topic: Topic, action, success: str) -> HttpResponse:
    """Run `action()` (one service call; PermissionDenied answers 403) and
    go back to the topic, saying how it went."""
    try:
        action()
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(topic)


@require_POST
@login_required
def topic_pin(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    return _done(
        request,
        topic,
        lambda: pin_topic(topic=topic, moderator=request.user, pinned=True),
        _("The topic is pinned to the top of its category."),
    )


@require_POST
@login_required
def topic_unpin(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    return _done(
        request,
        topic,
        lambda: pin_topic(topic=topic, moderator=request.user, pinned=False),
        _("The topic is no longer pinned."),
    )


@require_POST
@login_required
def topic_move(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        check_can_moderate(request.user)  # others: 403, as for any move
        messages.warning(request, _("Choose the category to move the topic to."))
        return redirect(topic)
    category = form.cleaned_data["category"]
    return _done(
        request,
        topic,
        lambda: move_topic(topic=topic, moderator=request.user, category=category),
        _("The topic is moved to \u201c%(name)s\u201d.") % {"name": category.name},
    )
