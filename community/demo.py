# Prose is data: one post per line.
# ruff: noqa: E501
"""The community in the demo content: five categories and a dozen topics
started by demo members, each answered a few times. "Newly diagnosed" is
sensitive: one topic there is started without a name (by Marnie Oduya, who
only ever writes that way: articles/demo_anonymity.py) and answered partly
without names too.

`manage.py seed_demo` finds this module (every installed app's `demo`
module is called with the demo members by display name and the time, after
the articles) and calls `seed`. Written for Cairn; the people are the demo's.

Topics go through community.services.topics.start_topic and replies through
forum.services.post_comment, so everything is stored, counted and followed
as on the live site. Dated in a window of their own, five to six weeks
before the first seeding, before every demo discussion: never anyone's
newest comments, so the discussions seeded later still find room after their
people's comments. The rate limits, which guard live posting and count a
member's later comments too, are set aside for this backdated history only.

Idempotent like the rest of seed_demo: a category is created only when its
slug is missing, a topic only when its category has none of that title.
"""

from datetime import timedelta

CATEGORIES = [
    {
        "slug": "newly-diagnosed",
        "name": "Newly diagnosed",
        "description": "The first weeks and months: questions you did not know to ask, from people who remember asking them. You can post here without your name.",
        "sensitive": True,
    },
    {
        "slug": "treatments",
        "name": "Treatments",
        "description": "What starting, staying on or changing a treatment was like day to day. Experience, not advice: the choice is yours and your team's.",
    },
    {
        "slug": "symptoms-and-daily-life",
        "name": "Symptoms and daily life",
        "description": "Fatigue, heat, sleep, walking, the small workarounds that make a day go better.",
    },
    {
        "slug": "carers-and-family",
        "name": "Carers and family",
        "description": "For partners, parents, children and friends of someone with MS, and for how to talk about it at home.",
    },
    {
        "slug": "work-and-money",
        "name": "Work and money",
        "description": "Telling an employer, adjustments, time off for appointments, benefits and the paperwork around them.",
    },
]

# Each topic: its category, title, starter, opening post, optional
# treatment (slug) and tags (names, keys of demo_content.TAGS), whether the
# starter posts without a name, and replies (author, body, anonymous,
# "to": the index of the reply answered, or None for the topic itself).
TOPICS = [
    {
        "category": "newly-diagnosed",
        "title": "Diagnosed last week and I cannot think straight",
        "author": "Marnie Oduya",
        "anonymous": True,
        "body": "I had the phone call on Tuesday. I have read far too much since and understood very little of it. How did you get through the first month without reading every forum at 3am?",
        "replies": [
            {
                "author": "Dolores_K",
                "body": "The first month is the hardest, and it does get quieter. I wrote my questions on a card and stopped looking things up after nine in the evening. Be kind to yourself.",
            },
            {
                "author": "Callum Reid",
                "anonymous": True,
                "body": "Same here three years ago. What helped me was one trusted place to read, and letting the MS nurse be the one I asked about anything that scared me.",
            },
            {
                "author": "Ruth Abernethy",
                "body": "Welcome. This category is a good place to ask anything, with or without your name. Take it one appointment at a time.",
            },
        ],
    },
    {
        "category": "newly-diagnosed",
        "title": "What questions did you wish you had asked at your first neurology appointment?",
        "author": "Ben Achterberg",
        "tags": ["relapsing MS"],
        "body": "My follow-up is in a fortnight and I want to go in prepared this time. What do you wish you had asked?",
        "replies": [
            {
                "author": "Kit Navarro",
                "body": "Who to call between appointments if something new happens, and how quickly they usually answer.",
            },
            {
                "author": "Lotte van Rijn",
                "body": "I wish I had asked for a copy of my scan report, and what the words in it meant.",
            },
            {
                "author": "Ben Achterberg",
                "to": 1,
                "body": "That is a good one, thank you. Adding it to the list.",
            },
        ],
    },
    {
        "category": "treatments",
        "title": "Infusion day with alemtuzumab: what did you pack?",
        "author": "Kit Navarro",
        "treatment": "alemtuzumab",
        "tags": ["alemtuzumab"],
        "body": "My first course starts next month: five days in a row on the day unit. What did you take with you, and what did you wish you had taken?",
        "replies": [
            {
                "author": "Dolores_K",
                "body": "A warm cardigan, my own pillowcase, and snacks that do not crumble. The days are long, so a book you can put down and pick up.",
            },
            {
                "author": "Lotte van Rijn",
                "body": "Headphones, a phone charger with a long cable, and a water bottle I liked. I also asked someone to drive me home the first day.",
            },
            {
                "author": "Kit Navarro",
                "to": 0,
                "body": "The pillowcase is genius. Noted.",
            },
        ],
    },
    {
        "category": "treatments",
        "title": "Keeping track of monthly blood tests after treatment",
        "author": "Ade Oyelaran",
        "treatment": "alemtuzumab",
        "tags": ["monitoring"],
        "body": "I keep a spreadsheet of every result and date. How do others keep track, and do you ever forget one?",
        "replies": [
            {
                "author": "Lotte van Rijn",
                "body": "A reminder on my phone the day before, and a paper calendar on the fridge so my partner knows too.",
            },
            {
                "author": "Dolores_K",
                "body": "I missed one in the first year and the clinic rang me the next morning. Since then the date goes in the diary the day I get the form.",
            },
        ],
    },
    {
        "category": "treatments",
        "title": "Switching treatment after a relapse: how did you decide?",
        "author": "Yasmin H",
        "tags": ["treatment decisions"],
        "body": "My neurologist has offered two options and I have a month to think about it. How did you weigh it up?",
        "replies": [
            {
                "author": "Theo Marchetti",
                "body": "I made a list of what mattered to me day to day (travel, appointments, work) and took it to the nurse. It made the conversation much easier.",
            },
            {
                "author": "marcus.wells",
                "body": "Ask how often each one means a hospital visit. That decided it for me more than anything.",
            },
        ],
    },
    {
        "category": "symptoms-and-daily-life",
        "title": "Afternoon fatigue: what actually helps you?",
        "author": "Sunflower-Jo",
        "tags": ["living with MS"],
        "body": "Around three o'clock I hit a wall every day. Rest helps a little. What works for you?",
        "replies": [
            {
                "author": "Kit Navarro",
                "body": "A short lie-down with the curtains shut, twenty minutes, alarm set. Any longer and I feel worse.",
            },
            {
                "author": "OwenP_72",
                "body": "Doing the hard jobs in the morning. I stopped fighting it and planned around it.",
            },
            {
                "author": "Sunflower-Jo",
                "to": 1,
                "body": "Planning around it rather than against it. That is a good way to put it.",
            },
        ],
    },
    {
        "category": "symptoms-and-daily-life",
        "title": "Hot weather and heavy legs",
        "author": "marcus.wells",
        "body": "Every summer my legs feel like lead after twenty minutes outside. Cooling vests, fans, cold drinks: what have you tried?",
        "replies": [
            {
                "author": "Theo Marchetti",
                "body": "A damp cloth on the back of the neck and staying in the shade. Not glamorous, but it helps.",
            },
            {
                "author": "Sunflower-Jo",
                "body": "I do the garden at seven in the morning now. The slugs are up, and so am I.",
            },
        ],
    },
    {
        "category": "carers-and-family",
        "title": "How do I support my daughter without hovering?",
        "author": "Frances Dunmore",
        "body": "My daughter was diagnosed last year. I want to help but I can tell I am asking too many questions. How did your family get the balance right?",
        "replies": [
            {
                "author": "Dolores_K",
                "body": "My son asks me once a week, on Sunday, how the week went. The rest of the time he lets me bring it up. It works for both of us.",
            },
            {
                "author": "Gethin Morgan",
                "body": "Ask her what helps, and believe her answer even when it is nothing. That took me a while.",
            },
        ],
    },
    {
        "category": "carers-and-family",
        "title": "Looking after yourself as a carer",
        "author": "Gethin Morgan",
        "body": "I have been my wife's main carer for six years. Lately I am tired in a way sleep does not fix. How do other carers get a break?",
        "replies": [
            {
                "author": "Frances Dunmore",
                "body": "A carers' group at the library, once a month. Just being in a room with people who understand helped.",
            },
            {
                "author": "Ruth Abernethy",
                "body": "Thank you for asking this out loud. Your own GP is worth telling, too.",
            },
        ],
    },
    {
        "category": "work-and-money",
        "title": "Telling my manager about MS: when did you do it?",
        "author": "Yasmin H",
        "body": "I work nights and have not told anyone at work yet. When did you tell your employer, and how did it go?",
        "replies": [
            {
                "author": "Ade Oyelaran",
                "body": "After my second relapse, when I needed time for appointments. I wrote it down first so I would say what I meant. It went better than I feared.",
            },
            {
                "author": "marcus.wells",
                "body": "I told HR before my manager, and asked what adjustments they had given others. It helped to know what was normal.",
            },
        ],
    },
    {
        "category": "work-and-money",
        "title": "Working from home on bad days",
        "author": "OwenP_72",
        "body": "My employer agreed I can work from home when fatigue is bad. Has anyone put this in writing with their employer, and what did it say?",
        "replies": [
            {
                "author": "Ade Oyelaran",
                "body": "Mine is a short letter: which days, how I let them know, and that we review it every six months.",
            },
        ],
    },
]

# The first topic's day, before the first seeding; the rest follow.
WINDOW_START = timedelta(days=42)


def seed(members_by_name: dict, now) -> dict[str, int]:
    """Create what is missing; return how many categories, topics and
    comments were created."""
    from django.test import override_settings

    from articles.management.commands.seed_demo import accept_guidelines
    from community.models import Category
    from forum.models import Member

    made = {"categories": 0, "topics": 0, "comments": 0}
    categories = {}
    for position, item in enumerate(CATEGORIES):
        category = Category.objects.filter(slug=item["slug"]).first()
        if category is None:
            category = Category.objects.create(
                slug=item["slug"],
                name=item["name"],
                description=item["description"],
                is_sensitive=item.get("sensitive", False),
                position=position,
            )
            made["categories"] += 1
        categories[item["slug"]] = category
    names = {
        name
        for t in TOPICS
        for name in [t["author"]] + [r["author"] for r in t["replies"]]
    }
    people = {m.display_name: m for m in Member.objects.filter(display_name__in=names)}
    people.update({k: v for k, v in members_by_name.items() if k in names})
    accept_guidelines(people.values())
    at = now - WINDOW_START
    with override_settings(
        CAIRN_COMMENT_RATE_LIMITS=[],
        CAIRN_COMMENT_DUPLICATE_WINDOW=0,
        CAIRN_TOPIC_RATE_LIMITS=[],
    ):
        for item in TOPICS:
            at += timedelta(hours=61)
            category = categories[item["category"]]
            if (
                item["author"] not in people
                or category.topics.filter(title=item["title"]).exists()
            ):
                continue
            made["comments"] += _seed_topic(item, category, people, at)
            made["topics"] += 1
    return made


def _seed_topic(item, category, people, at) -> int:
    """Start the topic `item` at `at` and post its replies after it."""
    from articles.models import Tag
    from community.services.topics import start_topic
    from forum.models import Treatment
    from forum.services import post_comment

    treatment = None
    if item.get("treatment"):
        treatment = Treatment.objects.filter(slug=item["treatment"]).first()
    topic = start_topic(
        author=people[item["author"]],
        category=category,
        title=item["title"],
        body=item["body"],
        treatment=treatment,
        tags=list(Tag.objects.filter(name__in=item.get("tags", ()))),
        anonymous=item.get("anonymous", False),
        now=at,
    )
    posted = []
    for number, reply in enumerate(item["replies"], start=1):
        if reply["author"] not in people:
            continue
        parent = posted[reply["to"]] if reply.get("to") is not None else None
        posted.append(
            post_comment(
                discussion=topic.discussion,
                author=people[reply["author"]],
                body=reply["body"],
                parent=parent,
                anonymous=reply.get("anonymous", False),
                now=at + timedelta(hours=3 * number),
            )
        )
    return 1 + len(posted)
