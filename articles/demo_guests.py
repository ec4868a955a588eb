"""Guest comments in the demo (issue 18): readers without an account who
commented with a name and an email, and confirmed by the link.

Two, under the explainer that carries the demo's moderation queue: one a
moderator has approved (readers see it with the "Guest" label), one still
waiting in the queue, where the demo moderator sees its address and IP
hash. They go through
forum.services.guests' own confirmation and forum.services' approval; only
the sending (the form, the rate limits, the mail) is skipped, as nobody
could open the link. The demo shows them whether or not the running site
takes new guest comments (CAIRN_GUEST_COMMENTS; `make run` turns it on).
"""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from articles import demo_content

GUESTS = [
    {
        "name": "Marguerite B",
        "email": "marguerite.b@guest.example",
        "body": (
            "I found this through a search at two in the morning, a week after my "
            "diagnosis. Reading how the decision was made at a kitchen table, and "
            "not in a hurry, helped more than the leaflets did. Thank you."
        ),
        "approve": True,
    },
    {
        "name": "Tom from Leeds",
        "email": "tom.leeds@guest.example",
        "body": (
            "My wife has just been offered her first treatment and we have a "
            "list of questions for the nurse. Did anyone write theirs down "
            "before the appointment, and what was on it?"
        ),
        "approve": False,
    },
]


def seed_guest_comments(members_by_name) -> int:
    """Add the demo's guest comments under the queue's explainer; return how
    many were created (0 when it has guest comments already, or no room
    before now to date them after its last comment)."""
    from django.db.models import Max

    from articles.models import Article
    from forum import services
    from forum.models import Guest
    from forum.services import guests

    columnist = members_by_name[demo_content.COLUMNIST.display_name]
    article = Article.objects.filter(
        slug=demo_content.QUEUE_SLUG, author=columnist
    ).first()
    if article is None:
        return 0
    discussion = services.open_discussion(host=article)
    if Guest.objects.filter(discussion=discussion).exists():
        return 0
    now = timezone.now()
    latest = discussion.comments.aggregate(at=Max("created_at"))["at"] or now
    start = max(latest, now - timedelta(days=1))
    moderator = members_by_name[demo_content.MODERATOR.display_name]
    created = 0
    for index, item in enumerate(GUESTS, start=1):
        at = start + timedelta(minutes=20 * index)
        if at > now:
            break
        guest = Guest.objects.create(
            name=item["name"],
            email=item["email"],
            ip_hash=guests.ip_hash(f"192.0.2.{index}"),
            discussion=discussion,
            body=item["body"],
            created_at=at,
        )
        with override_settings(CAIRN_GUEST_COMMENTS=True):
            outcome = guests.confirm(
                token=guests.confirmation_token(guest),
                follows_replies=False,
                now=at + timedelta(minutes=5),
            )
        if outcome.comment is None:
            continue
        created += 1
        if item["approve"]:
            services.approve_comment(comment=outcome.comment, moderator=moderator)
    return created
