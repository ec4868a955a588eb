"""What a list of topics shows beside each title, read for a whole page at
once: who started it and who wrote last (their bylines, decided by
forum.bylines as everywhere), when, and how many replies it has.

A page of topics (`TopicQuerySet.for_list`, which annotates the id of each
discussion's last published comment) costs one query more here, for the
opening posts and the last comments together, whatever the page's length.
"""

from community.models import Topic
from forum.bylines import byline
from forum.models import Comment


def with_bylines(topics) -> list[Topic]:
    """`topics` (from `for_list()`) as a list, each with `starter` (the
    opening post's byline), `reply_count`, and `last` and `last_at` (the
    last reply's byline and time; None while nobody replied)."""
    topics = list(topics)
    wanted = {t.opening_id for t in topics} | {t.last_comment_id for t in topics}
    comments = (
        Comment.objects.filter(pk__in=wanted - {None})
        .select_related("author", "guest")
        .with_author_moderates()
        .in_bulk()
    )
    for topic in topics:
        opening = comments.get(topic.opening_id)
        last = comments.get(topic.last_comment_id)
        topic.opening = opening
        topic.starter = byline(opening) if opening is not None else None
        counted = opening is not None and opening.status == Comment.Status.PUBLISHED
        topic.reply_count = max(0, topic.discussion.comment_count - int(counted))
        replied = last is not None and last.pk != topic.opening_id
        topic.last = byline(last) if replied else None
        topic.last_at = last.created_at if replied else None
    return topics
