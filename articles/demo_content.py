# Prose is data: one paragraph per line, so Markdown renders as written.
# ruff: noqa: E501
"""Cairn's demo content, as data: accounts, tags, articles, the reader
discussion under the demo column (the long discussion under the welcome post
is in articles/demo_long_discussion.py) and the comments that give the demo
moderator a queue.

Everything here was written for Cairn. The people are invented; any likeness
to a real person is accidental. The health content is general and hedged, and
it always points readers back to their own MS team, except for one queue
comment that is risky on purpose: it is what moderators are there for.

This module is plain data with no Django imports, so it can be read (by the
Makefile, by tests, by a future fixture exporter) without configured settings.
`manage.py seed_demo` turns it into rows.
"""

from dataclasses import dataclass

# Role and group names; they match forum.Member.MEMBERS/COLUMNISTS/MODERATORS
# (a test keeps them in step).
MEMBERS = "Members"
COLUMNISTS = "Columnists"
MODERATORS = "Moderators"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    display_name: str
    groups: tuple[str, ...]
    bio: str = ""
    is_staff: bool = False
    is_superuser: bool = False
    # A newcomer (trust "new"): their first comments wait for a moderator.
    is_new: bool = False


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    kind: str  # an articles.Article.Kind value
    summary: str
    tags: tuple[str, ...]  # tag names, keys of TAGS
    days_ago: float  # published this long before the first seeding
    body: str


EDITOR = DemoAccount(
    role="editor",
    email="editor@cairn.example",
    display_name="Desk Editor",
    groups=(MEMBERS,),
    bio="Keeps the site running and the admin tidy.",
    is_staff=True,
    is_superuser=True,
)

COLUMNIST = DemoAccount(
    role="columnist",
    email="ines.calloway@cairn.example",
    display_name="Ines Calloway",
    groups=(MEMBERS, COLUMNISTS),
    bio=(
        "Ines was diagnosed with relapsing MS eleven years ago and teaches chemistry "
        "part-time at a secondary school. Her fortnightly column is about the decisions "
        "nobody prepares you for: treatments, work, and the small practicalities of a "
        "fluctuating illness. She lives by the sea with her partner and a very old greyhound."
    ),
)

MODERATOR = DemoAccount(
    role="moderator",
    email="ruth.abernethy@cairn.example",
    display_name="Ruth Abernethy",
    groups=(MEMBERS, MODERATORS),
    bio=(
        "Volunteer moderator. Diagnosed in my twenties, now a grandmother with a "
        "rollator and strong opinions about kindness in comment sections."
    ),
)


def _member(slug: str, display_name: str, bio: str = "") -> DemoAccount:
    return DemoAccount(
        role="member",
        email=f"{slug}@cairn.example",
        display_name=display_name,
        groups=(MEMBERS,),
        bio=bio,
    )


READERS = [
    _member(
        "dolores",
        "Dolores_K",
        "Retired postwoman. Two courses of alemtuzumab behind me and a garden in front of me.",
    ),
    _member(
        "ben.a", "Ben Achterberg", "Diagnosed this year. Still learning the vocabulary."
    ),
    _member(
        "marcus",
        "marcus.wells",
        "Software tester, amateur baker, MS since my late twenties.",
    ),
    _member(
        "yasmin", "Yasmin H", "Shift worker and night owl, weighing up my options."
    ),
    _member("gethin", "Gethin Morgan", "Husband, carer, maker of strong tea."),
    _member(
        "jo",
        "Sunflower-Jo",
        "Living with relapsing MS and a vegetable patch that is mostly slugs.",
    ),
    _member("kit", "Kit Navarro", "Four years in. Monthly infusions, weekly swimming."),
    _member("owen", "OwenP_72"),
    _member(
        "ade",
        "Ade Oyelaran",
        "Accountant, dad of two, keeper of a very detailed blood-test spreadsheet.",
    ),
    _member(
        "lotte",
        "Lotte van Rijn",
        "Dutch, living abroad, two courses done and counting the monitoring months.",
    ),
    _member(
        "frances", "Frances Dunmore", "Mum of a daughter with MS. Here to understand."
    ),
    _member(
        "theo",
        "Theo Marchetti",
        "Primary progressive MS. Reader, listener, occasional grumbler.",
    ),
]

# The people of the moderation queue (MODERATION_QUEUE below). They write
# nowhere else, so the demo discussions and their dates are the same with or
# without the queue.
NEWCOMER = DemoAccount(
    role="newcomer",
    email="tamsin@cairn.example",
    display_name="Tamsin Hale",
    groups=(MEMBERS,),
    bio="Diagnosed this spring. Mostly reading, occasionally brave enough to post.",
    is_new=True,
)
QUEUE_PEOPLE = [
    NEWCOMER,
    _member("glen", "GlenT", "Twenty-two years of MS and not much patience left."),
    _member(
        "pauline",
        "Pauline Ashby",
        "Retired ward sister, relapsing MS since 2017, allotment since forever.",
    ),
]

ACCOUNTS = [EDITOR, COLUMNIST, MODERATOR, *READERS, *QUEUE_PEOPLE]

# Tag name -> slug.
TAGS = {
    "alemtuzumab": "alemtuzumab",
    "treatment decisions": "treatment-decisions",
    "relapsing MS": "relapsing-ms",
    "monitoring": "monitoring",
    "living with MS": "living-with-ms",
    "community": "community",
}


HOW_IT_UNFOLDS = """\
Alemtuzumab is one of the most intensive disease-modifying treatments offered for relapsing multiple sclerosis. It is not taken every day or every month. Instead it is given as two short courses of infusions a year apart, and most of the work afterwards is watching and waiting. This explainer follows that path in order, so you know which questions to bring to your own MS team. It describes the usual pattern; your hospital's protocol may differ, and your neurologist is the person who can tell you what applies to you.

## What the drug does

Alemtuzumab is a monoclonal antibody: a laboratory-made protein designed to recognise one particular target. Its target is a molecule called CD52, found on most circulating T cells and B cells, the lymphocytes that drive the inflammation of relapsing MS. Within days of the first infusion, cells carrying CD52 are cleared from the blood.

The body then rebuilds its lymphocyte population. B cells usually return over several months; some groups of T cells take a year or considerably longer. The hope is that the rebuilt immune system is less inclined to attack myelin. Researchers still debate exactly why the approach works, which is worth remembering when you meet confident claims online.

## Who it is usually offered to

In many countries, regulators have narrowed its use to people whose relapsing MS is highly active: for example, relapses or new MRI lesions despite another treatment, or a fast and severe start to the illness. It is not generally used for progressive MS without relapses. Whether it is a sensible option for you depends on your history, your scans, your other health conditions and how much risk you are prepared to carry.

## Before the first course

Preparation usually starts weeks or months ahead. Typical steps include:

- blood and urine tests that record a baseline for blood counts, thyroid and kidney function;
- screening for infections that could flare while lymphocytes are low, such as tuberculosis, hepatitis B and C and HIV, and a check of your immunity to chickenpox;
- bringing vaccinations up to date, usually finishing at least six weeks before treatment, because live vaccines cannot be given close to it and others work best well ahead of it;
- cervical screening for people with a cervix, and often a skin check;
- a conversation about pregnancy plans, since contraception is recommended during treatment and for some months after each course;
- food-safety guidance, because listeria infection is a known risk in the weeks around each course.

This is also the moment for practical questions: how to reach the MS nurse out of hours, who will arrange the monthly tests, and what to do if you feel unwell at a weekend.

## The infusion days

The first course is usually one infusion a day for five consecutive days. The second, twelve months later, is usually three days. Each infusion runs for several hours through a drip, and people are kept under observation on the unit for a while afterwards.

On the first days of each course a steroid is normally given beforehand to dampen infusion reactions, and antihistamines or paracetamol may be offered too. Even so, many people notice something: a rash, flushing, headache, a raised temperature, nausea or tiredness. Most of this settles within a day or two. Rare but serious events, including stroke and bleeding into the lungs, have been reported during or soon after an infusion, which is why staff ask you to report anything new straight away, even once you are home.

An antiviral tablet is usually started on the first day to lower the risk of herpes infections, and continued for at least a month.

## The months between courses

Many people feel washed out for a few weeks after the first course, and a lift from the steroids followed by a dip is common. Lymphocyte counts stay low for a while, so infections deserve more attention than usual. Some people have a relapse in the early months; that does not necessarily mean the treatment has failed, and your neurologist will help you interpret it.

Monthly blood and urine tests begin straight away and carry on for years. Our companion explainer on monitoring covers them in detail.

## After the second course

For many people the two courses are the whole treatment. If MS activity returns, a further course may be discussed. Monitoring, however, continues for four years after the last infusion, because some side effects can appear long after the drug itself has left the body.

## Questions worth taking to your appointment

- What would success look like for me, and how will we measure it?
- Which symptoms would you want me to report the same day?
- How will the monthly tests fit around my work, caring and travel?
- What are my alternatives, and how do their risks compare with this one?

*This explainer is general information, not a recommendation. Decisions about alemtuzumab belong to you and your neurologist.*
"""

MONITORING = """\
The infusions take a few days. The monitoring that follows them lasts for years. That long tail is part of the treatment, not an optional extra: the most important side effects of alemtuzumab tend to appear months or years after the last dose, often in people who feel perfectly well. Knowing what each test is for can make the routine easier to keep. As always, your MS team sets the schedule that applies to you.

## Why monitoring goes on so long

When the body restores its lymphocytes after alemtuzumab, the new immune system occasionally carries a fault and starts to attack a different part of the body. These are called secondary autoimmune conditions. They can appear at any point, but the risk is thought to be highest in the first few years, so monitoring usually continues until four years after the final infusion. Found early, most of them can be treated effectively.

## The regular tests

A common schedule looks like this, though details vary between hospitals and countries:

- **a full blood count every month**, above all to catch a fall in platelets, the cells that help blood to clot;
- **a creatinine test every month**, to check how well the kidneys are filtering;
- **a urine test every month**, looking for blood or protein that could point to inflammation in the kidneys;
- **thyroid function every three months**, because thyroid problems are the most frequent of the late effects;
- **yearly cervical screening** for people with a cervix, and often a yearly skin check.

Many people have their monthly samples taken close to home, and some services offer reminders by text or app. Ask how results reach your team, and who will contact you if something is out of range.

## What the tests are looking for

**Thyroid disease.** An overactive or underactive thyroid develops in a substantial minority of people treated, sometimes several years later. It usually responds to standard thyroid treatment, but it matters, particularly for anyone planning a pregnancy.

**Immune thrombocytopenia (ITP).** Here the immune system destroys platelets. It is uncommon, but it can cause serious bleeding, which is why the monthly blood count matters so much.

**Kidney disease.** A rare condition called anti-GBM disease can damage the kidneys quickly. The urine and creatinine checks are there to pick it up early.

**Other rare conditions.** Autoimmune inflammation of the liver and a handful of other rare immune disorders have been reported. Your team may add tests if you develop symptoms.

## Signs to report between tests

Tests happen on set days, so knowing the warning signs matters just as much. Contact your MS team promptly, or urgent care if you cannot reach them, if you notice:

- bruising without a clear cause, tiny red or purple spots on the skin, nosebleeds or bleeding gums that are slow to stop, or unusually heavy periods;
- pink, red or dark urine, swelling of the legs or face, or coughing up blood;
- a racing heart, shaking, unexplained weight change, feeling unusually hot or cold, or a swelling in the neck;
- yellowing of the skin or the whites of the eyes;
- a fever or other signs of infection, especially in the months after a course.

Several of these can have harmless explanations. The point is not to diagnose yourself but to let the people who can check do so.

## Infections and food

Lymphocyte counts stay low for some time after each course. Herpes infections such as cold sores and shingles become more likely, which is why an antiviral is usually prescribed at first. Listeria, a bacterium found in some chilled and unpasteurised foods, can cause serious illness, so teams usually give food guidance for the weeks before and after each course. Screening keeps an eye on cervical HPV infection.

## Making it manageable

People who cope well with monitoring often describe simple systems: a recurring calendar reminder, a note of where each result is sent, a folder or spreadsheet of results, and a plan for holidays and busy months. If a test is missed, tell your team rather than quietly waiting for the next one.

*This explainer is general information, not medical advice. Your neurologist or MS nurse can tell you which tests you need, how often and for how long.*
"""

COLUMN = """\
The relapse arrived on a Tuesday in October, in the form of a left hand that would not do up a coat button. By the Friday it could not hold a whiteboard pen. I had been on my second disease-modifying treatment for just under three years, and I had half talked myself into believing the quiet would last.

It didn't. So a few weeks later I was sitting in my neurologist's clinic with a new scan on the screen and a decision to make.

## The options on the table

She laid out three possibilities: a monthly infusion that had served many of her patients well, a daily tablet I had not yet tried, or alemtuzumab, two short courses a year apart followed by years of monthly blood tests. She was careful not to push. What she did say, and what has stayed with me, is that none of the three was the safe choice, because staying put with active disease is not safe either.

I went home with a pile of leaflets and a rule borrowed from my teaching days: no decision until I can explain every option to somebody else. So my partner, Dafydd, got a lesson at the kitchen table. We drew columns on the back of an old exam paper. Benefits, risks, and what each option would ask of our ordinary week.

## Why I chose it

I won't pretend my reasons will suit anyone else. For me it came down to three things.

- I wanted a treatment that did not need me every month or every morning, because my memory for routine tasks is not what it was.
- I was willing to carry a long tail of monitoring in exchange for a short burst of treatment.
- My neurologist thought my MS was active enough to justify the risks, and after eleven years I trust her judgement more than my own fear.

The risk list is real. Thyroid trouble, the chance of a bleeding disorder, a rare kidney condition: I read about every one of them twice and then made myself stop reading at midnight, which I recommend. Dafydd asked the question I had been avoiding, which was what I would regret more. I had no answer that night. I had one a week later.

## The waiting weeks

What nobody tells you is how busy the run-up is. Before the first infusion I had:

1. blood tests for more infections than I knew existed;
2. two vaccinations, timed to be finished well before the start date;
3. a dental check-up, because I wanted anything lurking sorted out first;
4. the cervical screening appointment I had been putting off for a year;
5. a long talk with the MS nurse about food.

The food part turned out to be the most practical. I cleared the fridge of the soft cheese and smoked salmon I love, and bought a probe thermometer, which Dafydd now treats as a toy. I told my head of department I would need at least a fortnight off, probably more. I cooked and froze enough soup to open a small café.

I also wrote myself a list of things to watch for after each course, on a card that now lives in my wallet beside the MS nurse's number. Writing it down turned the risks from weather into a checklist.

## Where I am now

The first infusion is nine days away. I'm nervous, mostly about the unknowns: how tired I will be, whether I'll come out in a rash, whether the steroids will keep me awake all night. I'm also oddly calm. The decision is made, and it was made carefully, with a doctor I trust and a partner who asked the right questions.

If you are at your own kitchen table with your own columns, I'm not going to tell you which one to pick. That conversation belongs to you and your neurologist. But I would say this: ask every question, even the ones that feel silly, and take the time you need if your MS allows it.

Next time I'll write from the infusion chair.
"""

WELCOME = """\
Cairn is a place to read carefully written columns and explainers about living with multiple sclerosis, and to talk about them with people who understand. Every article ends with a reader discussion. Here is how it works.

## Taking part

- Sign up with your email address and choose a display name. Your email is never shown to other members.
- Before your first comment you'll be asked to read our short note on medical advice and our community guidelines.
- Reply to anyone, follow the discussions you care about, and report anything that worries you.

## What we ask

Share your own experience rather than instructions for others. A treatment that changed one person's life may be wrong for someone else, and only your own care team can weigh that up. Be gentle with people who are frightened or newly diagnosed; most of us remember being there.

Our volunteer moderators read every report. If something goes wrong they will step in, and if you are unsure about anything, ask them.

We're glad you're here.
"""

COLUMN_SLUG = "one-kitchen-table-and-a-start-date"

ARTICLES = [
    DemoArticle(
        slug="welcome-to-the-discussions",
        title="Welcome to Cairn's reader discussions",
        kind="news",
        summary="Every column and explainer on Cairn ends with a reader discussion. How to join in, what we ask of everyone, and who keeps the conversation safe.",
        tags=("community",),
        days_ago=41,
        body=WELCOME,
    ),
    DemoArticle(
        slug="how-an-alemtuzumab-course-unfolds",
        title="How an alemtuzumab course unfolds, from screening to the second round",
        kind="explainer",
        summary="A plain-language walk through alemtuzumab for relapsing MS: what it does to the immune system, the checks beforehand, the infusion days and the year between the two courses.",
        tags=("alemtuzumab", "relapsing MS", "treatment decisions"),
        days_ago=26,
        body=HOW_IT_UNFOLDS,
    ),
    DemoArticle(
        slug="alemtuzumab-monitoring-explained",
        title="After the infusions: what alemtuzumab monitoring checks, and why",
        kind="explainer",
        summary="Monthly blood and urine tests continue for years after alemtuzumab. What each check looks for, the warning signs to know between tests, and how people fit the routine into ordinary life.",
        tags=("alemtuzumab", "monitoring"),
        days_ago=19,
        body=MONITORING,
    ),
    DemoArticle(
        slug=COLUMN_SLUG,
        title="One kitchen table, three options and a start date",
        kind="column",
        summary="After a relapse on her second treatment, Ines weighed her options with her neurologist and chose alemtuzumab. How the decision felt, and what filled the weeks before the first infusion.",
        tags=("alemtuzumab", "treatment decisions", "relapsing MS", "living with MS"),
        days_ago=8,
        body=COLUMN,
    ),
]


# The reader discussion under the column, in posting order: a parent always
# comes before its replies. "author" is a display name from ACCOUNTS.
DISCUSSION = [
    {
        "key": "dolores-flat-weeks",
        "author": "Dolores_K",
        "parent": None,
        "body": """\
Ines, reading this took me straight back. I had my two courses a good while ago now, after nearly fifteen years of injections that never quite kept up with my MS. Nobody warned me how flat I would feel around the third week of the first round. The steroids had me scrubbing skirting boards at midnight during the infusion days, and once they wore off I could barely lift the kettle for a while. It passed, but I wish I had known it was coming, because I panicked that the treatment was making me worse.

What strikes me is that you're doing exactly what I didn't: getting the house ready. I spent my waiting weeks pretending none of it was happening. My sister ended up doing my shopping for a month, and I was too proud to ask her properly, so she simply turned up with bags. Let people help. It isn't a weakness, it's part of the plan.

Wishing you a gentle infusion week.""",
    },
    {
        "key": "ines-asks-dolores",
        "author": "Ines Calloway",
        "parent": "dolores-flat-weeks",
        "body": 'Dolores, thank you. The warning about week three is going straight onto my wallet card, next to "expect to feel like a wet tea towel". Can I ask what actually helped in those flat weeks? Things, people, routines, anything at all. I suspect you learned more than you\'re letting on.',
    },
    {
        "key": "dolores-what-helped",
        "author": "Dolores_K",
        "parent": "ines-asks-dolores",
        "body": """\
A wet tea towel is exactly right. What made a difference for me, for what it's worth:

- a stool in the shower, so washing my hair wasn't an expedition
- single portions in the freezer, labelled, so I never had to think about food
- a slow walk to the end of the road and back most days, even the days I didn't want to
- a rota of friends, so nobody got worn out and I wasn't alone every afternoon

The rota was the one I resisted hardest, and it's the one I'd keep if I could only pick one.""",
    },
    {
        "key": "ben-rota-question",
        "author": "Ben Achterberg",
        "parent": "dolores-what-helped",
        "body": 'The rota is such a good idea. How did you actually ask people, though? I can\'t imagine texting my mates "please sign up to keep me company while my immune system reboots".',
    },
    {
        "key": "dolores-rota-answer",
        "author": "Dolores_K",
        "parent": "ben-rota-question",
        "body": "Ben, honestly? My sister did it for me once I'd already been struggling for a week. She made a shared calendar with two-hour slots and sent it to six people with one line: Dolores is having treatment, she'll pretend she needs nobody, pick a slot. Every one of them picked one. Some brought soup, one brought a jigsaw, and one just dozed on my sofa while I dozed in the armchair. Find someone who enjoys organising and let them do the asking. It's easier to say yes to a plan than to a favour.",
    },
    {
        "key": "ines-rota-adopted",
        "author": "Ines Calloway",
        "parent": "dolores-rota-answer",
        "body": 'Ben, Dolores: I have now been volunteered for exactly this. Dafydd saw this thread and had the calendar made before I\'d finished my tea. Someone has already claimed Thursday afternoon with the note "will bring crossword, will not talk". Perfect.',
    },
    {
        "key": "ben-newly-diagnosed",
        "author": "Ben Achterberg",
        "parent": None,
        "body": "I was diagnosed in the spring and I'm 26. Last month my neurologist gave me a list of options and alemtuzumab was on it, along with two others I still can't pronounce. Everyone in my life has an opinion, and most of them learned about MS from a single article. The way you broke the decision into columns helped more than any of the leaflets did. How long did it take you, from that clinic appointment to feeling sure? I keep waiting to feel sure and it isn't happening.",
    },
    {
        "key": "ines-sure-enough",
        "author": "Ines Calloway",
        "parent": "ben-newly-diagnosed",
        "body": "Ben, welcome, and I'm sorry you're meeting all this so young. Honestly, I never felt completely sure; I felt sure enough. It took me about three weeks, two long phone calls with my MS nurse and a page of questions for a second appointment. If I could talk to myself at diagnosis, I'd say that \"I need more time and more information\" is a perfectly good thing to tell your neurologist. Write your questions down between appointments, because they vanish the moment you're in the room. And be a little choosy about whose opinions you let in.",
    },
    {
        "key": "kit-different-path",
        "author": "Kit Navarro",
        "parent": "ines-sure-enough",
        "body": "Ben, I was in your chair four years ago, at about the same age. My neurologist and I went with a monthly infusion instead, mostly because I was starting a new job and liked the idea of something I could stop if I had to. It has been the right choice for me so far. Ines's choice was right for her. Neither of us can tell you which one is right for you, but the care you're taking over the question is a good sign.",
    },
    {
        "key": "ben-thanks",
        "author": "Ben Achterberg",
        "parent": "kit-different-path",
        "body": 'Thank you both. "Sure enough" is a far more achievable goal than "sure". I\'m writing my list of questions tonight.',
    },
    {
        "key": "frances-to-ben",
        "author": "Frances Dunmore",
        "parent": "ben-newly-diagnosed",
        "body": "Ben, my daughter was diagnosed at about your age, and I remember the months when everyone had an opinion, me included, I'm a little ashamed to say. What helped her most in the end was one appointment where she brought a friend whose only job was to write everything down. You don't have to work this out on your own.",
    },
    {
        "key": "yasmin-tests-question",
        "author": "Yasmin H",
        "parent": None,
        "body": """\
A practical question for anyone who has been through the monitoring years. I work rotating shifts in a distribution centre, and the blood clinic at my hospital only opens on weekday mornings, which is exactly when I'm asleep after a run of nights. If I end up on alemtuzumab, how do people actually manage the monthly tests?

- Can they be done somewhere other than the hospital?
- Does the urine sample have to go in on the same day?
- What happens if you miss one by a few days?

I'd like to know what I'm signing up for before my next appointment.""",
    },
    {
        "key": "marcus-local-surgery",
        "author": "marcus.wells",
        "parent": "yasmin-tests-question",
        "body": "Yasmin, I'm a couple of years past my second course and still doing them. My team sent a standing request to my local surgery, so I book a slot there like any other appointment, including early ones before a late shift. Some areas also have walk-in blood clinics with longer hours. Ask your MS nurse right at the start which places can send results back to the team, because that's the part that goes wrong when nobody checks.",
    },
    {
        "key": "yasmin-urine-followup",
        "author": "Yasmin H",
        "parent": "marcus-local-surgery",
        "body": "That's really useful, thank you. Does the urine test go in at the same time? I've read that it needs to be fresh and I can't work out how that fits with a night shift.",
    },
    {
        "key": "marcus-urine-answer",
        "author": "marcus.wells",
        "parent": "yasmin-urine-followup",
        "body": "Mine goes in at the same appointment. I take the pot with me and produce the sample there, which sidesteps the whole question of freshness, and the nurse labels it on the spot. Every service has its own routine, though, so ask yours how they'd like it done.",
    },
    {
        "key": "lotte-travel-tests",
        "author": "Lotte van Rijn",
        "parent": "yasmin-tests-question",
        "body": "Yasmin, one more thing from me. I travel for work, and twice a test date fell while I was abroad. Both times my MS nurse arranged it in advance and gave me a letter explaining the treatment and which tests were needed. Talk to them before you book anything, not afterwards. They were far more relaxed about it than I expected, as long as I told them early.",
    },
    {
        "key": "ines-to-yasmin",
        "author": "Ines Calloway",
        "parent": "yasmin-tests-question",
        "body": "Yasmin, funnily enough I asked my MS nurse nearly this exact question last week. At my hospital, any lab on their list can take the samples and the results come straight through, and if a test slips by a few days I'm supposed to ring rather than just skip it. I gather it varies a lot from place to place, though, so your own team is the only reliable answer. Good luck at the appointment.",
    },
    {
        "key": "marcus-thyroid-story",
        "author": "marcus.wells",
        "parent": None,
        "body": """\
I want to add something that I hope is useful rather than frightening. I finished my second course a little over two years ago, and my MS has been quiet since, which I'm grateful for every single day. Then, at one of the three-monthly checks last winter, my thyroid came back overactive. Looking back, I had been jittery for weeks: sweating in a cold office, heart thumping on the stairs, snapping at people. I had put all of it down to a stressful project at work.

The reason I'm telling you is that it was found by a routine test I very nearly skipped because I felt fine. I was referred quickly, the endocrine team started me on treatment, and I'm mostly back to normal now, with more blood tests than ever. It was a nuisance rather than a disaster, and I would still make the same decision.

But if you're in the waiting weeks like Ines, it's worth taking the monitoring as seriously as the infusions. In my experience it's the part that keeps you safe, and it's very easy to get casual about it after the first year.""",
    },
    {
        "key": "ade-platelets-story",
        "author": "Ade Oyelaran",
        "parent": "marcus-thyroid-story",
        "body": """\
Marcus, this is so close to my story that I had to reply. Mine was the platelets. About a year and a half after my first course I had my usual monthly blood test on a Monday, and on the Tuesday afternoon the MS nurse rang me at work. She was very calm, but she wanted me at the hospital that evening, because my platelet count had dropped a long way since the month before.

I had noticed a few bruises on my shins and assumed I'd walked into the coffee table again. I hadn't noticed the little red dots around my ankles at all until the doctor pointed them out. I was treated on the ward for a few days, my count climbed back over the following weeks, and I've been stable since, with extra checks. The haematology team told me that catching it early had made all the difference.

So I'm a big fan of the boring monthly needle now. The test only happens once a month, though, which is why I keep the warning signs in my head for the days in between.""",
    },
    {
        "key": "ines-to-ade-marcus",
        "author": "Ines Calloway",
        "parent": "ade-platelets-story",
        "body": "Ade, thank you for trusting us with this, and Marcus too. I've read the list of warning signs so many times that it had gone abstract. Your shins and your coffee table have made it real in a way the leaflet never did. I've added \"bruises I can't explain\" to the card in my wallet, underlined twice.",
    },
    {
        "key": "ade-lock-screen",
        "author": "Ade Oyelaran",
        "parent": "ines-to-ade-marcus",
        "body": "Glad it helps. The wallet card is a great idea. I keep mine as a note on my phone's lock screen, along with the nurse's number, so whoever is with me can ring them if I can't.",
    },
    {
        "key": "owen-said-no",
        "author": "OwenP_72",
        "parent": "marcus-thyroid-story",
        "body": "Stories like yours are exactly why I said no to alemtuzumab last year. My neurologist was supportive and I don't regret it, but I couldn't face four years of waiting for a phone call. I'm on a tablet now and my last MRI was stable, touch wood. I'm not saying anyone here is wrong, only that there's another side to the kitchen table.",
    },
    {
        "key": "marcus-to-owen",
        "author": "marcus.wells",
        "parent": "owen-said-no",
        "body": "Owen, completely fair, and I'm glad your scan was stable. I think the hardest part of all this is that there's no option without a downside, only different downsides. Working out which ones you can live with is half the decision.",
    },
    {
        "key": "owen-well-put",
        "author": "OwenP_72",
        "parent": "marcus-to-owen",
        "body": "Well put. Good luck with the endocrine appointments.",
    },
    {
        "key": "jo-soup",
        "author": "Sunflower-Jo",
        "parent": None,
        "body": "Slightly off topic, sorry, but you can't mention freezing enough soup to open a café and then not share! I'm always hunting for things I can reheat on a bad fatigue day without standing at the hob. What made the cut?",
    },
    {
        "key": "ines-soup-list",
        "author": "Ines Calloway",
        "parent": "jo-soup",
        "body": "Jo, no apology needed, this is the important question. Red lentil and tomato with far too much cumin, a leek and potato one that is basically a hug in a bowl, and a chickpea and spinach stew that Dafydd claims as his own recipe (it isn't). All of them freeze well in single portions. I'll happily type out the lentil one if anyone wants it.",
    },
    {
        "key": "lotte-pea-soup",
        "author": "Lotte van Rijn",
        "parent": "ines-soup-list",
        "body": "May I add Dutch split pea soup to this list? It takes a whole afternoon and makes the kitchen smell wonderful, but it freezes beautifully and tastes even better reheated. It should be thick enough to stand a spoon in; that's how you know it's right.",
    },
    {
        "key": "frances-mum",
        "author": "Frances Dunmore",
        "parent": None,
        "body": """\
I'm reading this as a mum rather than as someone with MS. My daughter is in her thirties, lives about an hour from me, and starts her first course of alemtuzumab at the end of next month. She is calm and organised and has clearly thought it all through, rather like you, Ines. I'm the one lying awake.

I want to help without hovering. The last time she was in hospital, years ago, I moved into her spare room for a fortnight, and I'm not sure she has entirely forgiven me. This time I'd like to be useful in a way she actually wants. I've offered to drive her on the infusion days, to fill her freezer, to have her dog for the first few weeks. She said "maybe" to all of it, which I'm learning means "let me think about it without you in the room".

If anyone who has been through it has ideas about what really helped from family, I'd be grateful. And thank you for writing so honestly; it has helped me understand what she is weighing up.""",
    },
    {
        "key": "dolores-to-frances",
        "author": "Dolores_K",
        "parent": "frances-mum",
        "body": 'Frances, the fact that you\'re asking instead of just arriving says a lot. For me the best help was specific and small: "I\'m going to the shop on Wednesday, what do you need?" rather than "let me know if you need anything". Lifts home after the infusions were gold as well. I was in no state to drive after a day of it.',
    },
    {
        "key": "gethin-help-or-company",
        "author": "Gethin Morgan",
        "parent": "frances-mum",
        "body": """\
Frances, my wife has had MS for nineteen years and I have made every mistake in the caring book. The best thing I ever learned came from her, in the middle of a bad relapse:

> Ask me whether I want help or company. They aren't the same thing, and most days I want company.

I still ask her that nearly every week. It has saved us a great many arguments.""",
    },
    {
        "key": "frances-fridge",
        "author": "Frances Dunmore",
        "parent": "gethin-help-or-company",
        "body": 'Gethin, "help or company" is going on my fridge. Thank you. I think I\'ve been offering help when she wanted company all along.',
    },
    {
        "key": "theo-progressive",
        "author": "Theo Marchetti",
        "parent": None,
        "body": "I'm glad this decision went well for you, Ines, truly. I'll admit these columns are a bit bittersweet for me. I have primary progressive MS, so the list my neurologist gave me was very short, and most of the treatments people weigh up here were never on it. Sometimes reading about choosing between three of them feels like reading about someone else's holiday. Not a complaint about the column, just something I don't often see said.",
    },
    {
        "key": "ines-to-theo",
        "author": "Ines Calloway",
        "parent": "theo-progressive",
        "body": "Theo, thank you for saying it, and for saying it so generously. You're right that the conversation here leans towards relapsing MS, and that isn't fair on readers whose road looks different. I'd very much like to write about progressive MS, and I'd rather do it with readers than about them. If you'd be willing to talk with me for a future column, I would be grateful.",
    },
    {
        "key": "jo-to-theo",
        "author": "Sunflower-Jo",
        "parent": "theo-progressive",
        "body": "Theo, I'm really glad you posted. My uncle has progressive MS and says much the same, that all the treatment talk can make him feel he's turned up at the wrong party. You are very much at the right party here.",
    },
    {
        "key": "lotte-round-two",
        "author": "Lotte van Rijn",
        "parent": None,
        "body": """\
Writing from the other side of round two, which finished about six weeks ago. My two courses were very different: the first was mostly tiredness and a headache, while the second gave me a rash across my chest on day two that looked dramatic and itched like mad. The nurses dealt with it quickly and it faded within a couple of days, but I was glad I told them straight away instead of trying to be brave about it.

What I'll remember most is something one of the nurses said on my very first morning, and I'm passing it on because it helped:

> Tell us about everything, even if it seems small. We would rather hear about ten things that don't matter than miss the one that does.

One more thing: the steroids had me batch-cooking at three in the morning, and my freezer has never been so full. Good luck, Ines, and I hope your unit has decent coffee.""",
    },
    {
        "key": "ines-to-lotte",
        "author": "Ines Calloway",
        "parent": "lotte-round-two",
        "body": "Lotte, a three a.m. freezer-filling session sounds like exactly my kind of side effect. Thank you for the nurse's words; I've copied them onto the inside cover of the notebook I'm taking in with me. And yes, I will report back on the coffee.",
    },
    {
        "key": "kit-safe-choice",
        "author": "Kit Navarro",
        "parent": None,
        "body": 'The line that stopped me was your neurologist saying that none of the options was the safe choice. I wish someone had put it to me that way when I was choosing. I spent months treating "stay as I am" as the risk-free option, and for me it really wasn\'t. Thanks for writing this, and all the best for the infusions.',
    },
    {
        "key": "gethin-dafydd",
        "author": "Gethin Morgan",
        "parent": None,
        "body": "As a partner myself, can I just say that Dafydd sounds like a keeper. Drawing columns on the back of an old exam paper is the most romantic thing I've read all year. Perhaps he should write a guest column from his side of the kitchen table?",
    },
    {
        "key": "ines-to-gethin",
        "author": "Ines Calloway",
        "parent": "gethin-dafydd",
        "body": "Gethin, he has now read this and is completely insufferable. He says he'll consider it if he's paid in soup. More seriously, a column from the partners' side of things is a lovely idea. Leave it with me.",
    },
]


# The demo moderator's queue, under the first explainer: posted through the
# forum's services, so each comment waits for the real reason. The
# newcomer's two comments are held (the second for its link); GlenT's
# advice to stop a treatment is reported by three members and hidden, with
# Pauline's answer kept under its placeholder; his reply to her is
# reported twice and stays up until a moderator decides. Reports are
# (reporter, reason, note); reasons are forum.models.Reason values.
QUEUE_SLUG = "how-an-alemtuzumab-course-unfolds"

MODERATION_QUEUE = [
    {
        "key": "pauline-cardigan",
        "author": "Pauline Ashby",
        "parent": None,
        "body": "A few practical things from someone who has sat in the infusion chair twice, after years of standing on the other side of the drip stand. Bring a cardigan, because the units are always colder than you expect, a charger with a long lead, and a book you won't mind abandoning halfway. The steroids made me talkative for an hour and then flattened me for the rest of the day. And if anything feels different, say so early: the nurses would much rather check.",
        "reports": [],
    },
    {
        "key": "glen-stopped",
        "author": "GlenT",
        "parent": None,
        "body": "Somebody ought to say it. I stopped my injections four years ago without telling my neurologist and I've felt better ever since: no more flu days, no more bruised stomach. If your treatment makes you feel rough, just stop it for a couple of months and see. You'll soon find out whether you ever needed it. The clinics won't tell you that, because keeping you on the drug is what they're paid for.",
        "reports": [
            (
                "Dolores_K",
                "misinformation",
                "Somebody newly diagnosed could read this and stop their treatment tomorrow.",
            ),
            ("Kit Navarro", "misinformation", ""),
            (
                "Ade Oyelaran",
                "other",
                "Says clinics are paid to keep people on their drugs. Could a moderator look?",
            ),
        ],
    },
    {
        "key": "pauline-to-glen",
        "author": "Pauline Ashby",
        "parent": "glen-stopped",
        "body": "Glen, I'm genuinely glad you feel well, and I remember how miserable injection days can be. But please, anyone reading this: don't stop a treatment on your own to see what happens. With some drugs the MS can come back, sometimes harder than before, and a relapse isn't something you can take back by starting again. If the side effects are wearing you down, that is exactly the conversation to have with your MS nurse, because there is often another option.",
        "reports": [],
    },
    {
        "key": "glen-to-pauline",
        "author": "GlenT",
        "parent": "pauline-to-glen",
        "body": "Spare us the sermon, Pauline. People like you who nod along to whatever the consultant says are the reason nobody asks questions any more. Try reading something that isn't a hospital leaflet for once.",
        "reports": [
            (
                "Gethin Morgan",
                "abuse",
                "A personal dig at Pauline, who was only being careful.",
            ),
            (
                "Theo Marchetti",
                "other",
                "Not quite abuse, but the tone will put newer members off asking anything.",
            ),
        ],
    },
    {
        "key": "tamsin-hello",
        "author": "Tamsin Hale",
        "parent": None,
        "body": "Hello, first post. I was diagnosed in the spring and my neurologist has put alemtuzumab on the table alongside two other options. This explainer is the first thing I've read that didn't make my head spin. For those who chose it: how long was it before you felt like yourself again after the first course? I have two small children and I'm trying to work out how much help to line up.",
        "reports": [],
    },
    {
        "key": "tamsin-link",
        "author": "Tamsin Hale",
        "parent": "pauline-cardigan",
        "body": "The cardigan is going on my list, thank you! For anyone else weighing this up, the MS Trust's pages were what finally made it make sense to my husband, so I'm sharing them here: https://mstrust.org.uk/",
        "reports": [],
    },
]
