# Prose is data: one paragraph per line, so Markdown renders as written.
# ruff: noqa: E501
"""Demo content for posting without one's name (issue 18): a short explainer
about bladder trouble in MS, whose discussion the demo moderator marks
sensitive, and a few comments there posted anonymously.

Its three people write nowhere else in the demo, except that one of them
(Callum Reid) also comments under his own name under the monitoring
explainer: the demo shows that nothing on either page links the two. They
are regulars (trusted), so nothing of theirs waits in the demo queue.
Everything is dated in a window of its own, two weeks before the first
seeding, well away from the other discussions, so the rate limits (which
count a member's later comments too) never meet another seeded comment.

Everything here was written for Cairn; the people are invented. Like
`demo_content`, the health content is general and points readers to their
own MS team. `manage.py seed_demo` calls `seed_sensitive_discussion`.
"""

from dataclasses import dataclass
from datetime import timedelta

from articles import demo_content
from articles.demo_content import DemoArticle, _member

PEOPLE = [
    _member(
        "marnie",
        "Marnie Oduya",
        "Relapsing MS since 2019. Physiotherapy assistant, part-time.",
    ),
    _member("callum", "Callum Reid", "Shift worker, dad, three years since diagnosis."),
    _member(
        "priya",
        "Priya Sandhu",
        "Secondary progressive MS. Retired librarian with opinions about tea.",
    ),
]
MARNIE, CALLUM, PRIYA = (person.display_name for person in PEOPLE)

BLADDER = """\
Few people with MS talk about their bladder, yet many live with it: needing to go suddenly and urgently, going often (at night too), not quite emptying, or the odd leak. MS can disturb the signals between the brain, the spinal cord and the bladder, so the muscles that hold on and let go no longer take turns as they should.

## Why it is worth raising

Bladder symptoms are common in MS and they are treatable. They can also hide an infection, and an infection can make other MS symptoms flare for a while. Tell your MS nurse or your GP, even if it feels awkward: they hear about it every day.

## What people are often offered

- **A bladder diary.** A few days of noting drinks, trips and leaks shows what is really happening.
- **A scan after going.** A quick ultrasound shows whether the bladder empties fully, which decides what helps.
- **Pelvic floor exercises and bladder training**, often with a specialist physiotherapist or a continence nurse.
- **Medicines** that calm an overactive bladder, or treatments for night-time trips.
- **Self-catheterising**, when the bladder does not empty: it sounds daunting, and many people say it gave them their days back.

Which of these suits you is a decision for you and your own team.

## Talking about it here

This discussion is marked sensitive. Members may tick "Post without my name": others then see "Anonymous member" with a pseudonym that stays the same for you in this discussion only. Moderators still read everything, as they do everywhere on Cairn.
"""

ARTICLE = DemoArticle(
    slug="bladder-trouble-and-ms",
    title="Bladder trouble and MS: common, treatable and hard to mention",
    kind="explainer",
    summary="Urgency, night-time trips and leaks are common in MS and can be treated. What is going on, what people are offered, and why it is worth raising with your team.",
    tags=("living with MS",),
    days_ago=15,
    body=BLADDER,
)
MONITORING_SLUG = "alemtuzumab-monitoring-explained"

# Under the monitoring explainer, under his own name, before any of his
# anonymous comments.
NAMED_ELSEWHERE = {
    "key": "callum-named",
    "author": CALLUM,
    "parent": None,
    "anonymous": False,
    "body": "The monthly urine pot was the part I dreaded, strangely. What helped was booking the blood test for the first Monday after my rota changes, so it never lands on a night shift week. The phlebotomy team now know me by name.",
}

# Under ARTICLE, in posting order (a parent before its replies).
DISCUSSION = [
    {
        "key": "marnie-urgency",
        "author": MARNIE,
        "parent": None,
        "anonymous": True,
        "body": "I plan every journey around where the toilets are. Twice this year I did not make it, once on the bus home from work, and I have not told anyone, not even my neurologist. I always mean to bring it up and then the appointment is over. Is this something the MS team actually deals with?",
    },
    {
        "key": "priya-to-marnie",
        "author": PRIYA,
        "parent": "marnie-urgency",
        "anonymous": False,
        "body": "It is, and you are far from the only one. I finally said it to my MS nurse, mostly by looking at the floor, and she referred me to the continence service the same week. They had me keep a bladder diary for three days first. Writing it down made it feel less like a secret and more like a problem to solve.",
    },
    {
        "key": "callum-nights",
        "author": CALLUM,
        "parent": None,
        "anonymous": True,
        "body": "Mine is the nights: up four or five times, and then I am useless at work the next day. My partner thinks I am just sleeping badly. The GP wanted to check whether my bladder empties properly before anything else, which I had not known was a thing.",
    },
    {
        "key": "marnie-to-priya",
        "author": MARNIE,
        "parent": "priya-to-marnie",
        "anonymous": True,
        "body": "Thank you, @Priya Sandhu. A diary I can manage. How long did you wait for the continence appointment?",
    },
    {
        "key": "priya-wait",
        "author": PRIYA,
        "parent": "marnie-to-priya",
        "anonymous": False,
        "body": "About six weeks here, and the pelvic floor sessions started soon after. Ask your nurse to refer you rather than waiting for the next clinic.",
    },
    {
        "key": "callum-to-marnie",
        "author": CALLUM,
        "parent": "marnie-urgency",
        "anonymous": True,
        "body": "For the bus: a continence charity sent me a small card that asks shops to let me use their toilet. I have shown it twice and nobody asked a single question.",
    },
]


@dataclass(frozen=True)
class Seeded:
    accounts: int = 0
    articles: int = 0
    comments: int = 0


def seed_sensitive_discussion(members_by_name: dict) -> Seeded:
    """Create what is missing of this module's people, article and comments,
    through the forum's services; return what was created. Idempotent like
    the rest of seed_demo: once the people have written, nothing is posted
    again, and the discussion's sensitivity is set only when the article is
    first created (a moderator who turns it off is not overruled)."""
    from articles.management.commands import seed_demo
    from articles.services import publish_article

    people, accounts = seed_demo.seed_accounts(PEOPLE)
    members = {**members_by_name, **people}
    article, created = _seed_article(members[demo_content.COLUMNIST.display_name])
    if article is None:
        return Seeded(accounts=accounts)
    discussion = publish_article(article=article)
    if created:
        from forum import services
        from forum.models import ModerationAction

        discussion = services.set_discussion(
            discussion=discussion,
            moderator=members[demo_content.MODERATOR.display_name],
            kind=ModerationAction.Kind.SENSITIVE,
            note="Bladder and bowel talk: members may post without their name.",
        )
    if discussion.comments.filter(author__in=people.values()).exists():
        return Seeded(accounts=accounts, articles=int(created))
    seed_demo.accept_guidelines(people.values())
    start = article.published_at + timedelta(hours=3)
    times = seed_demo.comment_times(
        start, len(DISCUSSION), now=start + timedelta(days=2)
    )
    comments = _post_named_elsewhere(members, before=times[0])
    comments += len(_post(discussion, DISCUSSION, members, times))
    return Seeded(accounts=accounts, articles=int(created), comments=comments)


def _seed_article(columnist):
    """(the article, whether it was created now); (None, False) when its
    slug belongs to someone else's article."""
    from articles.management.commands import seed_demo
    from articles.models import Article

    existing = Article.objects.filter(slug=ARTICLE.slug).first()
    if existing is not None:
        return (
            (existing, False) if existing.author_id == columnist.pk else (None, False)
        )
    return seed_demo.publish_demo_article(ARTICLE, author=columnist), True


def _post_named_elsewhere(members, *, before) -> int:
    """Callum's comment under his own name under the monitoring explainer,
    a day after it was published (and before his anonymous ones)."""
    from articles.management.commands import seed_demo
    from articles.services import publish_article

    monitoring = seed_demo.demo_article(MONITORING_SLUG, members)
    if monitoring is None:
        return 0
    at = min(monitoring.published_at + timedelta(days=1), before - timedelta(hours=1))
    if at <= monitoring.published_at:
        return 0
    discussion = publish_article(article=monitoring)
    return len(_post(discussion, [NAMED_ELSEWHERE], members, [at]))


def _post(discussion, items, members, times) -> dict:
    from forum.services import post_comment

    posted = {}
    for item, at in zip(items, times, strict=True):
        posted[item["key"]] = post_comment(
            discussion=discussion,
            author=members[item["author"]],
            body=item["body"],
            parent=posted[item["parent"]] if item["parent"] else None,
            anonymous=item["anonymous"],
            now=at,
        )
    return posted
