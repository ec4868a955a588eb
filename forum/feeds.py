"""A discussion's newest comments as Atom.

A feed is public: it is read by a feed reader with no session, and it may
be cached or shared anywhere. So it shows a discussion exactly as a visitor
who is not signed in sees it, never as whoever happens to fetch it: a
discussion whose host is not public (a draft or scheduled article) does not
exist here, and only published comments appear. Held, hidden, removed,
deleted and spam comments leave no trace, not even the placeholders the
thread keeps for their replies: a feed entry has no replies to hold in place.

Who wrote a comment is said by `forum.bylines.byline`, as on every page; an
entry never reads `comment.author` for display, and never carries an email.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from forum.bylines import Byline, byline
from forum.disclaimers import current_disclaimer
from forum.models import Comment, Discussion
from forum.views import visible_discussion

# As many entries as the latest-articles feed carries.
FEED_SIZE = 20


class DiscussionFeed(Feed):
    """The newest visible comments of one discussion, newest first."""

    feed_type = Atom1Feed
    author_name = "Cairn"

    def get_object(self, request, pk: int) -> Discussion:
        # Asked as a visitor, never as request.user: an author reading their
        # own draft's feed must not be handed a URL that leaks it to others.
        return visible_discussion(pk, AnonymousUser())

    def title(self, obj: Discussion) -> str:
        return _("Comments on “%(title)s”") % {"title": obj.host}

    def link(self, obj: Discussion) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Discussion) -> str | None:
        # Readers' health talk travels here without the page around it, so
        # the feed carries the disclaimer's summary with it.
        disclaimer = current_disclaimer()
        return disclaimer.summary if disclaimer is not None else None

    def items(self, obj: Discussion) -> list[Comment]:
        # The host names the roles its discussion shows (an article's author
        # is its "Columnist"); the engine asks, knowing nothing of its kind.
        badges = getattr(obj.host, "discussion_badges", dict)()
        comments = list(
            obj.comments.visible()
            .select_related("author", "guest")
            .with_author_moderates()
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )
        for comment in comments:
            comment.byline = byline(comment, badges)
        return comments

    def item_title(self, item: Comment) -> str:
        # Read through obj.comments, each item already holds the discussion
        # (and its host): no query per entry.
        return _("Comment by %(byline)s on “%(title)s”") % {
            "byline": _describe(item.byline),
            "title": item.discussion.host,
        }

    def item_description(self, item: Comment) -> str:
        # Sanitised once, on write (forum.sanitize): safe to hand on as HTML.
        return item.body_html

    def item_link(self, item: Comment) -> str:
        # The permalink, not the page it is on today: a comment moves to a
        # later page as the thread grows, and an entry's id must not change.
        return reverse("forum:comment_permalink", kwargs={"pk": item.pk})

    def item_author_name(self, item: Comment) -> str:
        return item.byline.name

    def item_pubdate(self, item: Comment):
        return item.created_at

    def item_updateddate(self, item: Comment):
        return item.edited_at or item.created_at


def _describe(line: Byline) -> str:
    """The byline as one phrase: the name, and the role the host grants."""
    if not line.badge:
        return str(line.name)
    return _("%(name)s (%(badge)s)") % {"name": line.name, "badge": line.badge}
