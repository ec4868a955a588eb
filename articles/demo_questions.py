# Prose is data: one paragraph per line, so Markdown renders as written.
# ruff: noqa: E501
"""Questions for the columnist in the demo content: an "Experts" group with
one MS specialist nurse in it, named on the monitoring explainer, and
readers' questions in that explainer's discussion. Two are answered by the
columnist (Ines wrote the explainer), one by the nurse, and two still
wait, so Ines's "Questions to answer" page has something on it.

Written for Cairn; the people are invented. The group is created here (by
`manage.py seed_demo`), so no data migration makes it: a site that wants
experts creates a group of that name in the admin, or any group, and names
it on an article.

Dated in a window of their own, from two days after the explainer was
published, like the anonymous discussion's (articles/demo_anonymity.py):
never the newest comments of anyone, so a discussion seeded later still
finds room after its people's comments. The rate limits, which guard live
posting and count a member's later comments too, are set aside for this
backdated history only (Ines has later comments everywhere); everything
else goes through the forum's own service, so every answer is recorded and
notified exactly as on the live site.

Idempotent like the rest of seed_demo: the nurse's account is looked up by
email, the group by name, the article's experts are set only when it names
none, and the questions are posted only while their askers have asked
nothing there yet.
"""

from datetime import timedelta

from django.utils import timezone

from articles import demo_content

EXPERTS_GROUP = "Experts"

EXPERT = demo_content.DemoAccount(
    role="expert",
    email="mared.lewis@cairn.example",
    display_name="Mared Lewis",
    groups=(demo_content.MEMBERS, EXPERTS_GROUP),
    bio=(
        "MS specialist nurse for fifteen years, the last eight running a "
        "monitoring clinic. Answers readers' questions here in general terms; "
        "your own team knows your own case."
    ),
)

MONITORING_SLUG = "alemtuzumab-monitoring-explained"

# The questions, in the order asked, each with the reply that answers it,
# if any ("by": the answerer's display name).
QUESTIONS = [
    {
        "author": "Yasmin H",
        "body": "Ines, how did you fit the monthly blood tests around work? I work nights, and I'm trying to work out what to ask my manager for before I even have a start date.",
        "answer": {
            "by": demo_content.COLUMNIST.display_name,
            "body": "Yasmin, I booked the first slot of the morning on my day off each month and asked my manager, in writing, for a little flexibility on the weeks it moved. A short letter from my MS nurse saying the tests are part of the treatment helped. Night shifts are their own animal, so ask your team what they suggest for your rota in particular.",
        },
    },
    {
        "author": "Theo Marchetti",
        "body": "A question from the progressive side of the fence: is the monitoring for other MS treatments anything like this, or is alemtuzumab unusual in needing so much of it?",
    },
    {
        "author": "Ben Achterberg",
        "body": "How do you keep track of all the appointments and results? I'm a few months in and I have already lost one clinic letter down the back of the sofa.",
        "answer": {
            "by": demo_content.COLUMNIST.display_name,
            "body": "Ben, you are in good company. I keep one ring binder with a page per month and put every letter in on the day it arrives, newest on top, and the dates go straight into the calendar on my phone with a reminder the day before. It sounds dull, but it means I can answer the question every clinic asks: when was your last one?",
        },
    },
    {
        "author": "Ade Oyelaran",
        "body": "If one of the monthly blood results comes back a bit low, who usually gets in touch, and how quickly? I'd like to know what silence means.",
        "answer": {
            "by": EXPERT.display_name,
            "body": "A fair thing to want to know. In most monitoring services the results go to the MS team first; one that needs acting on quickly is usually phoned through within a day or two, and one that only needs watching is often mentioned at the next contact. Silence usually means nothing needed doing, but ask your own team how they handle it, and whom to ring if you have not heard and feel unwell.",
        },
    },
    {
        "author": "Lotte van Rijn",
        "body": "I may move countries in the middle of my monitoring years. Is there anything I should ask for before I go, so the new team can pick up where the old one left off?",
    },
]
# Between one demo question or answer and the next.
STEP = timedelta(hours=5)


def seed(members_by_name) -> int:
    """Create the experts group and its nurse, name the group on the
    monitoring explainer and post the questions and answers there; return
    how many comments were created (0 when they exist already)."""
    from django.contrib.auth.models import Group

    from articles.management.commands.seed_demo import demo_article, seed_accounts

    expert = seed_accounts([EXPERT])[0][EXPERT.display_name]
    groups = [Group.objects.get_or_create(name=name)[0] for name in EXPERT.groups]
    expert.groups.add(*groups)
    article = demo_article(MONITORING_SLUG, members_by_name)
    if article is None:
        return 0
    if article.experts_id is None:
        article.experts = groups[-1]
        article.save(update_fields=["experts"])
    return _seed_questions(article, {**members_by_name, expert.display_name: expert})


def _seed_questions(article, people) -> int:
    from django.test import override_settings

    from articles.management.commands.seed_demo import accept_guidelines
    from articles.services import publish_article
    from forum.services import post_comment

    discussion = publish_article(article=article)
    askers = {people[item["author"]] for item in QUESTIONS}
    if discussion.comments.filter(author__in=askers, is_question=True).exists():
        return 0
    answerers = {people[item["answer"]["by"]] for item in QUESTIONS if "answer" in item}
    accept_guidelines(askers | answerers)
    at = article.published_at + timedelta(days=2)
    if at + STEP * 2 * len(QUESTIONS) > timezone.now():
        return 0
    created = 0
    with override_settings(
        CAIRN_COMMENT_RATE_LIMITS=[], CAIRN_COMMENT_DUPLICATE_WINDOW=0
    ):
        asked = []
        for item in QUESTIONS:
            at += STEP
            question = post_comment(
                discussion=discussion,
                author=people[item["author"]],
                body=item["body"],
                question=True,
                now=at,
            )
            asked.append((item, question))
        # The answers after the questions, as a columnist catches up.
        for item, question in asked:
            if "answer" in item:
                at += STEP
                post_comment(
                    discussion=discussion,
                    author=people[item["answer"]["by"]],
                    body=item["answer"]["body"],
                    parent=question,
                    now=at,
                )
                created += 1
    return created + len(asked)
