"""Forum views, by responsibility: comments (discussion pages and writes),
following, notifications, notification_settings and unsubscribe, mentions,
reports, moderation, my_comments and profile. What they share is here."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from forum import services
from forum.models import Discussion


def visible_discussion(pk: int, user) -> Discussion:
    """The discussion `pk`, if `user` may see it; the same 404 otherwise as
    for one that does not exist (its existence is not told). Every view and
    feed that takes a discussion id finds it here."""
    discussion = get_object_or_404(Discussion, pk=pk)
    if not services.discussion_visible_to(discussion, user):
        raise Http404
    return discussion
