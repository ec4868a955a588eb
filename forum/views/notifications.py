"""The inbox: a member's notifications, newest first, grouped as
NotificationQuerySet.inbox_items groups them, each linking to its comment.

Reading a discussion page reads the notifications about the comments on it
(forum.services.notifications.mark_seen_on_page); "Mark as read" and "Mark
all as read" are here for the rest."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum.bylines import byline
from forum.models import Comment, Notification
from forum.redirects import local_path
from forum.services import notifications
from forum.text import excerpt

# Characters of a comment an inbox item quotes.
EXCERPT_LENGTH = 200


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.for_member(request.user).inbox_items()
    page = Paginator(items, settings.CAIRN_NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    comments = (
        Comment.objects.select_related("author", "guest", "discussion")
        .prefetch_related("discussion__host")
        .in_bulk([item["first"] for item in page])
    )
    for item in page:
        comment = comments[item["first"]]
        host = comment.discussion.host
        badges = getattr(host, "discussion_badges", dict)()
        item.update(
            # A host page deleted since (an article removed in the admin)
            # leaves its discussion unreachable: named so, and not linked.
            gone=host is None,
            where=str(host) if host is not None else _("a page no longer on Cairn"),
            byline=byline(comment, badges),
            excerpt=excerpt(comment.body_html, EXCERPT_LENGTH),
        )
    return render(request, "forum/notifications/inbox.html", {"page_obj": page})


def _back(request: HttpRequest) -> HttpResponse:
    target = local_path(request.POST.get("next"), request)
    return redirect(target or reverse("forum:notifications"))


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Mark as read": one item (a group of new comments is one item)."""
    item = get_object_or_404(Notification, pk=pk)
    notifications.mark_read(member=request.user, item=item)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if notifications.mark_all_read(member=request.user):
        messages.success(request, _("All your notifications are marked as read."))
    return _back(request)
