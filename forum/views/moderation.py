"""The moderators' side: the queue, one comment's case, the log, and the
actions on comments and discussions (each one forum.services.moderation
call). A member's record and suspensions: forum.views.moderation_members;
"see who wrote it": forum.views.anonymity.

Every action is a real form that works without JavaScript (a redirect with
the outcome as a message); with htmx the queue item is answered in place.
Whether the member may act is the services' decision: these views only
choose what to show.
"""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from forum import services
from forum.bylines import for_moderators
from forum.forms import BulkForm, NoteForm, RemoveForm
from forum.htmx import is_htmx
from forum.models import Comment, Discussion, ModerationAction, Reason
from forum.redirects import local_path

HISTORY = 5  # earlier actions shown per author in the queue
HELD = "held"


def _scope(request: HttpRequest):
    """The discussions `request.user` moderates (None: all); 403 if none."""
    scope = services.moderated_discussions(request.user)
    if scope is not None and not scope.exists():
        raise PermissionDenied(_("Only moderators can see the moderation queue."))
    return scope


def annotate_items(items: list[Comment]) -> None:
    """Each author's record beside their comment: counts and earlier actions
    (two queries for the whole page). Each comment and the one it replies to
    named as moderators see them (`shown_as`): an anonymous comment by its
    pseudonym, and with no record (`record` None), which would say who wrote
    it; a moderator who must know asks (forum.views.anonymity)."""
    for comment in items:
        comment.shown_as = for_moderators(comment).name
        if comment.parent_id is not None:
            comment.parent.shown_as = for_moderators(comment.parent).name
    authors = {c.author_id for c in items if c.author_id and not c.pseudonym}
    tally = ModerationAction.objects.tally_by_author(authors)
    earlier: dict[int, list] = {}
    recent = (
        ModerationAction.objects.about_members(authors)
        .select_related("actor", "comment")
        .newest_first()[: HISTORY * max(1, len(authors)) * 2]
    )
    for action in recent:
        author_id = action.member_id or action.comment.author_id
        earlier.setdefault(author_id, [])
        if len(earlier[author_id]) < HISTORY:
            earlier[author_id].append(action)
    Kind = ModerationAction.Kind
    for comment in items:
        if comment.pseudonym:
            comment.record = None
            continue
        counts = tally.get(comment.author_id, {})
        comment.record = {
            "approved": counts.get(Kind.APPROVE, 0),
            "removed": counts.get(Kind.REMOVE, 0),
            "spam": counts.get(Kind.SPAM, 0),
            "earlier": earlier.get(comment.author_id, []),
        }


def _filters(request: HttpRequest, scope) -> tuple[str, Discussion | None]:
    reason = request.GET.get("reason", "")
    if reason not in (HELD, *Reason.values):
        reason = ""
    discussion = None
    wanted = request.GET.get("discussion", "")
    # ASCII digits, as many as an id can have: int() refuses other digits
    # ("²" is a digit to isdigit()) and more than 4,300 of them.
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 18:
        discussion = (
            Discussion.objects.filter(pk=int(wanted))
            .filter(**({} if scope is None else {"pk__in": scope}))
            .first()
        )
    return reason, discussion


@require_GET
@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Held, hidden and reported comments, oldest first, filterable by
    reason and discussion; paged, a bounded number of queries per page."""
    scope = _scope(request)
    reason, discussion = _filters(request, scope)
    items = Comment.objects.awaiting_review().in_discussions(scope)
    if discussion is not None:
        items = items.in_discussions([discussion])
    if reason == HELD:
        items = items.held()
    elif reason:
        items = items.reported_for(reason)
    page = Paginator(
        items.for_moderation().oldest_waiting_first(),
        settings.CAIRN_MODERATION_PER_PAGE,
    ).get_page(request.GET.get("page"))
    annotate_items(page.object_list)
    waiting = (
        Discussion.objects.filter(
            pk__in=Comment.objects.awaiting_review()
            .in_discussions(scope)
            .values("discussion_id")
        )
        .prefetch_related("host")
        .order_by("-last_activity_at", "pk")
    )
    return render(
        request,
        "forum/moderation/queue.html",
        {
            "page_obj": page,
            "reason": reason,
            "discussion": discussion,
            "discussions": waiting,
            "reasons": Reason.choices,
            "held": HELD,
            **action_context(request),
        },
    )


def action_context(request: HttpRequest) -> dict:
    return {
        "remove_form": RemoveForm(),
        "note_form": NoteForm(),
        "can_suspend": services.can_suspend(request.user),
        # Cairn's own moderators, not a columnist moderating their article:
        # a guest's address, and "see who wrote it".
        "sees_private": services.can_moderate(request.user),
        "here": request.get_full_path(),
    }


def case_comment(pk: int) -> Comment:
    comment = (
        (Comment.objects.for_moderation().exclude(status=Comment.Status.DELETED))
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404
    return comment


@require_GET
@login_required
def moderation_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment's case: the comment, its context, reports, the author's
    record, its own log, and every action that applies."""
    comment = case_comment(pk)
    services.check_can_moderate(request.user, comment.discussion)
    annotate_items([comment])
    return render(
        request,
        "forum/moderation/comment_detail.html",
        {
            "c": comment,
            "log": comment.moderation_actions.for_log().newest_first(),
            **action_context(request),
        },
    )


_DONE = {
    "approve": _lazy("Approved: readers can see it."),
    "remove": _lazy("Removed. The author is told the reason."),
    "spam": _lazy("Marked as spam and removed."),
    "restore": _lazy("Restored exactly as it was."),
    "note": _lazy("The moderator note is saved."),
}


def _remove(request: HttpRequest, comment: Comment, *, as_spam: bool = False) -> None:
    form = RemoveForm(request.POST)
    if as_spam:
        services.mark_spam(
            comment=comment, moderator=request.user, note=request.POST.get("note", "")
        )
    elif not form.is_valid():
        raise ValidationError(_("Choose the reason for removing it."), code="reason")
    else:
        services.remove_comment(
            comment=comment, moderator=request.user, **form.cleaned_data
        )


# action -> how it is done; each is one service call and may refuse.
_COMMENT_ACTIONS = {
    "approve": lambda request, comment: services.approve_comment(
        comment=comment, moderator=request.user
    ),
    "remove": _remove,
    "spam": lambda request, comment: _remove(request, comment, as_spam=True),
    "restore": lambda request, comment: services.restore_comment(
        comment=comment, moderator=request.user
    ),
    "note": lambda request, comment: services.note_comment(
        comment=comment, moderator=request.user, note=request.POST.get("note", "")
    ),
}


@require_POST
@login_required
def moderation_comment_action(
    request: HttpRequest, pk: int, action: str
) -> HttpResponse:
    if action not in _COMMENT_ACTIONS:
        raise Http404
    comment = get_object_or_404(Comment.objects.select_related("discussion"), pk=pk)
    # Checked before anything else, so that nobody else learns more than
    # "forbidden" about a comment (its state, whether it was handled).
    services.check_can_moderate(request.user, comment.discussion)
    _as_seen(comment, request.POST.get("seen"))
    outcome, ok, status, kept = str(_DONE[action]), True, HTTPStatus.OK, {}
    try:
        _COMMENT_ACTIONS[action](request, comment)
    except ValidationError as refusal:
        outcome, ok = refusal.messages[0], False
        if refusal.code != "already_handled":
            # Refused for what was typed: it comes back to be mended.
            status = HTTPStatus.BAD_REQUEST
            kept = {"action": action, "note": request.POST.get("note", "")}
    if is_htmx(request) or kept:
        item = case_comment(pk)
        annotate_items([item])
        context = {
            "c": item,
            "outcome": outcome,
            "outcome_ok": ok,
            "kept": kept,
            **action_context(request),
        }
        if is_htmx(request):
            return render(
                request, "forum/moderation/_queue_item.html", context, status=status
            )
        context["log"] = item.moderation_actions.for_log().newest_first()
        return render(
            request, "forum/moderation/comment_detail.html", context, status=status
        )
    messages.add_message(request, messages.SUCCESS if ok else messages.WARNING, outcome)
    return redirect(
        local_path(request.POST.get("next"), request)
        or reverse("forum:moderation_comment", args=[pk])
    )


def _as_seen(comment: Comment, seen: str | None) -> None:
    """Act on the comment as the moderator saw it when they chose: the
    services answer "already handled" if its state has changed since (a
    comment another moderator approved meanwhile is not then removed)."""
    if seen in Comment.Status.values:
        comment.status = seen


@require_POST
@login_required
def moderation_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or remove the ticked comments; each is acted on (and may be
    refused) on its own."""
    _scope(request)
    form = BulkForm(request.POST)
    back = local_path(request.POST.get("next"), request) or reverse(
        "forum:moderation_queue"
    )
    if not form.is_valid():
        messages.warning(
            request, _("Tick the comments to act on, and for removing choose a reason.")
        )
        return redirect(back)
    comments = list(
        Comment.objects.filter(pk__in=form.cleaned_data["comments"]).select_related(
            "discussion"
        )
    )
    for comment in comments:
        _as_seen(comment, request.POST.get(f"seen-{comment.pk}"))
    if form.cleaned_data["action"] == "approve":
        outcomes = services.approve_comments(comments=comments, moderator=request.user)
    else:
        outcomes = services.remove_comments(
            comments=comments,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    done = sum(1 for _comment, error in outcomes if not error)
    refused = [error for _comment, error in outcomes if error]
    if done:
        messages.success(request, _("%(n)d comments handled.") % {"n": done})
    for error in sorted(set(refused)):
        messages.warning(request, error)
    return redirect(back)


_DISCUSSION_DONE = {
    ModerationAction.Kind.LOCK: _lazy(
        "The discussion is locked: readers can no longer post."
    ),
    ModerationAction.Kind.UNLOCK: _lazy("The discussion is open again."),
    ModerationAction.Kind.HOLD_ALL: _lazy(
        "Every new comment now waits for a moderator."
    ),
    ModerationAction.Kind.RELEASE_ALL: _lazy("New comments are no longer all held."),
    ModerationAction.Kind.SENSITIVE: _lazy(
        "The discussion is marked sensitive: members may post without their name."
    ),
    ModerationAction.Kind.NOT_SENSITIVE: _lazy(
        "The discussion is no longer sensitive: new comments carry their "
        "author's name. Comments already posted without a name keep their "
        "pseudonym."
    ),
    ModerationAction.Kind.GUESTS_OFF: _lazy(
        "Guests can no longer comment in this discussion."
    ),
    ModerationAction.Kind.GUESTS_ON: _lazy(
        "Guests may comment in this discussion again (when guest comments are "
        "on for the site)."
    ),
}


@require_POST
@login_required
def moderation_discussion_action(
    request: HttpRequest, pk: int, kind: str
) -> HttpResponse:
    if kind not in services.DISCUSSION_KINDS:
        raise Http404
    discussion = get_object_or_404(Discussion, pk=pk)
    services.check_can_moderate(request.user, discussion)
    try:
        services.set_discussion(
            discussion=discussion,
            moderator=request.user,
            kind=kind,
            note=request.POST.get("note", ""),
        )
    except ValidationError as refusal:
        messages.warning(request, refusal.messages[0])
    else:
        messages.success(request, str(_DISCUSSION_DONE[kind]))
    return redirect(
        local_path(request.POST.get("next"), request) or discussion.get_absolute_url()
    )


@require_GET
@login_required
def moderation_log(request: HttpRequest) -> HttpResponse:
    if not services.can_moderate(request.user):
        raise PermissionDenied(_("Only moderators can read the moderation log."))
    page = Paginator(ModerationAction.objects.for_log().newest_first(), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "forum/moderation/log.html", {"page_obj": page})
