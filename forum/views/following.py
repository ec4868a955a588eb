"""Following a discussion, and what a discussion page shows of the
member's own reading: the follow button, "New" markers and "Next new
comment", and the notifications the page has just read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import threads
from forum.context_processors import UNREAD_ATTRIBUTE
from forum.htmx import is_htmx
from forum.models import Comment
from forum.services import following, notifications
from forum.services.standing import Standing
from forum.views import visible_discussion


def read_as_viewer(
    request: HttpRequest, page: threads.ThreadPage, standing: Standing, *, badges
) -> dict:
    """Mark what is new to the member on `page`, read the notifications
    about its comments and remember the visit; the context the discussion
    templates need. At most three queries, and only for a signed-in member:
    the notifications read (only when some are unread), the first new
    comment beyond this page (only when the discussion has one) and the
    visit (not again within VISIT_RECORDED). Called after threads.decorate.
    `badges`: the host's, whose keys are the members who follow by default
    (forum.services.following.is_following, without asking the host)."""
    viewer = request.user
    if not viewer.is_authenticated:
        return {}
    now = timezone.now()
    discussion = page.discussion
    rows = page.comments
    shown = [c.pk for c in rows]
    unread = standing.unread
    if unread:
        unread -= notifications.mark_seen_on_page(
            member=viewer, comment_ids=shown, now=now
        )
    setattr(request, UNREAD_ATTRIBUTE, unread)
    since = following.new_since(standing.seen_at, standing.new_since, now)
    new = []
    if since is not None:
        for comment in rows:
            comment.is_new = (
                comment.created_at > since
                and comment.author_id != viewer.pk
                and comment.status == Comment.Status.PUBLISHED
            )
            if comment.is_new:
                new.append(comment)
    beyond = None
    if since is not None and (discussion.last_activity_at or since) > since:
        beyond = _first_new_beyond(viewer, discussion, since, shown)
    # Each new comment's "Next new comment": the next on the page, and from
    # the last, the earliest new one elsewhere in the discussion.
    targets = [f"#comment-{c.pk}" for c in new]
    targets.append(beyond.get_absolute_url() if beyond is not None else "")
    for comment, target in zip(new, targets[1:], strict=True):
        comment.next_new = target
    if standing.seen_at is None or now - standing.seen_at > following.VISIT_RECORDED:
        following.record_visit(member=viewer, discussion=discussion, now=now)
    return {
        "following": following.is_following(
            viewer, standing.follow_choice, speakers=badges or {}
        ),
        "new_count": len(new),
        "first_new": targets[0] if new else (beyond and beyond.get_absolute_url()),
    }


def _first_new_beyond(viewer, discussion, since, shown) -> Comment | None:
    """The earliest comment new to `viewer` that is not on this page (one
    query over the discussion's comments since `since`, by its time index)."""
    return (
        Comment.objects.in_thread()
        .filter(
            discussion=discussion,
            status=Comment.Status.PUBLISHED,
            created_at__gt=since,
        )
        .exclude(author_id=viewer.pk)
        .exclude(pk__in=shown)
        .order_by("created_at", "pk")
        .only("pk")
        .first()
    )


def _follow(request: HttpRequest, pk: int, *, follow: bool) -> HttpResponse:
    discussion = visible_discussion(pk, request.user)
    following.set_following(
        member=request.user, discussion=discussion, following=follow
    )
    if is_htmx(request):
        return render(
            request,
            "forum/following/_follow_form.html",
            {"discussion": discussion, "following": follow, "changed": True},
        )
    messages.success(
        request,
        _("You follow this discussion. New comments will be in your notifications.")
        if follow
        else _("You no longer follow this discussion."),
    )
    return redirect(discussion.get_absolute_url())


@login_required
@require_POST
def follow_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Follow discussion"."""
    return _follow(request, pk, follow=True)


@login_required
@require_POST
def unfollow_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Unfollow discussion"."""
    return _follow(request, pk, follow=False)
