"""Starting a topic: the one way a topic is made.

A topic is a host page of a forum discussion, and its opening post is that
discussion's first comment, posted through `forum.services.post_comment`:
so the member's standing (verified address, the disclaimer accepted, not
suspended), the comment rate limits, holding (a new member's first topic
waits for a moderator, exactly as a first comment does), watched phrases,
links, mentions and anonymity all apply to it unchanged. On top of those,
topics have a rate limit of their own (CAIRN_TOPIC_RATE_LIMITS): a
conversation started is a bigger thing than a comment.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Tag
from community.models import Category, Topic
from forum.durations import human_wait
from forum.models import Member, Treatment
from forum.services import RateLimited, check_can_post, open_discussion, post_comment
from forum.services.following import set_following
from forum.services.standing import window_wait
from forum.text import has_visible_character, normalise_text

TITLE_MIN = Topic._meta.get_field("title").validators[0].limit_value
TITLE_MAX = Topic._meta.get_field("title").max_length


def clean_title(title: str) -> str:
    """A topic's title as it is stored, or ValidationError: one line (every
    run of white space, line breaks included, is one space), controls
    removed as in comments (forum/text.py), something visible in it, and
    TITLE_MIN to TITLE_MAX characters."""
    title = title or ""
    if "\x00" in title:
        raise ValidationError(_("Null characters are not allowed."), code="null")
    title = " ".join(normalise_text(title).split())
    if not has_visible_character(title):
        raise ValidationError(_("Give your topic a title."), code="empty")
    if len(title) < TITLE_MIN:
        raise ValidationError(
            _(
                "Titles need at least %(min)d characters, so others can tell "
                "what the topic is about."
            )
            % {"min": TITLE_MIN},
            code="too_short",
        )
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _(
                "Titles can be up to %(max)d characters; this one has "
                "%(length)d. The rest can go in the opening post."
            )
            % {"max": TITLE_MAX, "length": len(title)},
            code="too_long",
        )
    return title


def check_topic_rate(member: Member, *, now) -> None:
    """Raise RateLimited if `member` started as many topics as
    CAIRN_TOPIC_RATE_LIMITS allows in one of its windows ((count, seconds)
    pairs), with the wait until the window lets another one in."""
    windows = settings.CAIRN_TOPIC_RATE_LIMITS
    if not windows:
        return
    longest = max(seconds for _count, seconds in windows)
    recent = list(
        Topic.objects.by_starter(member)
        .filter(created_at__gte=now - timedelta(seconds=longest))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    wait = window_wait(recent, windows, now)
    if wait is not None:
        limited = RateLimited(
            _(
                "You have started as many topics as Cairn allows for now. "
                "Please wait %(wait)s before starting another; you can "
                "still reply in any topic. Your text is kept below."
            )
            % {"wait": human_wait(wait)},
            code="topic_rate_limited",
        )
        limited.retry_after = max(1, math.ceil(wait))
        raise limited


def start_topic(
    *,
    author: Member,
    category: Category,
    title: str,
    body: str,
    treatment: Treatment | None = None,
    tags=(),
    anonymous: bool = False,
    now=None,
) -> Topic:
    """Start a topic in `category`: the topic, its discussion (sensitive
    in a sensitive category) and its opening post by `author`, which the
    author then follows, whatever their "follow what I comment on"
    setting says (they asked; replies are what they came for).

    The polite refusals come first and write nothing: the author's
    standing, the title, the category (listed), the treatment (listed),
    posting without a name (only in a sensitive category) and the topic
    rate limit. Everything is then one transaction, so a refusal from the
    engine while posting the opening post (the comment rate limit, a
    watched phrase, a suspension that began a moment ago) leaves no topic
    behind. Returns the topic, with `opening` set (published, or pending
    when held for review: see forum.services.holding)."""
    now = now or timezone.now()
    check_can_post(author, now=now)
    try:
        title = clean_title(title)
    except ValidationError as error:
        raise ValidationError({"title": error}) from error
    if not category.is_listed:
        raise ValidationError(
            {"category": _("This category takes no new topics.")}, code="unlisted"
        )
    if treatment is not None and not treatment.is_listed:
        raise ValidationError(
            {"treatment": _("Choose a treatment from the list.")}, code="unlisted"
        )
    if anonymous and not category.is_sensitive:
        raise ValidationError(
            {
                "anonymous": _(
                    "Posting without your name is possible only in the "
                    "categories that offer it."
                )
            },
            code="not_sensitive",
        )
    check_topic_rate(author, now=now)
    with transaction.atomic():
        topic = Topic(category=category, title=title, treatment=treatment)
        topic.full_clean(exclude=["discussion", "opening", "tags", "slug"])
        topic.save()
        discussion = open_discussion(host=topic)
        if category.is_sensitive:
            discussion.is_sensitive = True
            discussion.save(update_fields=["is_sensitive"])
        topic.discussion = discussion
        topic.created_at = now
        discussion.host = topic  # the engine asks the topic; no query for it
        topic.opening = post_comment(
            discussion=discussion,
            author=author,
            body=body,
            anonymous=anonymous,
            now=now,
        )
        topic.save(update_fields=["discussion", "opening", "created_at"])
        if tags:
            topic.tags.set(tags)
        set_following(member=author, discussion=discussion, following=True, now=now)
    return topic


def offered_tags():
    """The tags a member may put on a topic: the editors' list."""
    return Tag.objects.order_by("name")
