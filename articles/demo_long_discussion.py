# Prose is data: phrase lists, one per line.
# ruff: noqa: E501
"""The long demo discussion under the welcome post, as data.

Readers checking in about their week: about 250 short remarks put together
from the phrase lists below with a fixed random seed, the same on every run.
Plain data with no Django imports, like articles/demo_content.py, whose
people it uses. `manage.py seed_demo` turns it into rows.
"""

import random

from articles.demo_content import COLUMNIST, MODERATOR, READERS

# --- The long discussion ------------------------------------------------------
#
# The welcome post carries a long, chatty discussion: readers checking in
# about their week. It is long on purpose, so that a demo shows what a big
# discussion looks like with the default settings: about 250 comments over
# three pages ("Next comments"), and one thread longer than a page
# (CAIRN_COMMENTS_PER_PAGE is 100 by default) that continues with "Show N
# more replies in this thread" and opens the next page with its trail.
#
# Its remarks are short and many, so they are put together from the phrase
# lists below with a fixed random seed: the same discussion on every run.

LONG_DISCUSSION_SLUG = "welcome-to-the-discussions"
LONG_DISCUSSION_SEED = 14

# What people call each other in a reply.
CALLED = {
    "Ines Calloway": "Ines",
    "Ruth Abernethy": "Ruth",
    "Dolores_K": "Dolores",
    "Ben Achterberg": "Ben",
    "marcus.wells": "Marcus",
    "Yasmin H": "Yasmin",
    "Gethin Morgan": "Gethin",
    "Sunflower-Jo": "Jo",
    "Kit Navarro": "Kit",
    "OwenP_72": "Owen",
    "Ade Oyelaran": "Ade",
    "Lotte van Rijn": "Lotte",
    "Frances Dunmore": "Frances",
    "Theo Marchetti": "Theo",
}

# topic -> what starts a thread, what people tell, what they suggest, and
# what they ask.
TOPICS = {
    "fatigue": {
        "openings": [
            "Fatigue check-in: I have been in my dressing gown since lunchtime and I am calling it self-care.",
            "Can we have a thread for the days when getting dressed counts as the achievement?",
            "Low battery week here, and I suspect I'm not the only one.",
        ],
        "stories": [
            "I slept ten hours and still woke up feeling as if I'd run a marathon in wellies.",
            "On Tuesday I managed the shopping and a shower, and that was the whole day gone.",
            "My fatigue turns up at about three in the afternoon, like a bus that's always on time.",
            "I've started rating my days out of ten, and this week has been a steady four.",
            "Some days it's my legs that are tired, some days my brain, and today it's both.",
            "I cancelled on a friend again and felt awful about it, but the sofa won.",
            "I used to think a nap was a weakness; now it's in my calendar like a meeting.",
            "It isn't sleepiness, and that's the part I can never get across to people.",
            "Halfway through a sentence yesterday I forgot what the sentence was for.",
            "I had a good week, overdid it because it was a good week, and I'm paying for it now.",
        ],
        "tips": [
            "I plan the day around one big job and let everything else be optional.",
            "Sitting down to chop vegetables sounds silly, but it saves me for the evening.",
            "A chair in the hallway means I can put my shoes on without a wobble.",
            "A twenty-minute lie-down before I'm exhausted works better than an hour after.",
            "My OT suggested a fatigue diary, and it showed me that my bad days follow busy mornings.",
            "I do the hardest task first thing, while there's still something in the tank.",
            "Shopping delivered to the kitchen door is my best friend these days.",
        ],
        "questions": [
            "How do you explain this kind of tiredness to people who have never felt it?",
            "Does anyone else find the afternoons are the worst?",
            "What do you drop first on a low-energy day?",
        ],
    },
    "heat": {
        "openings": [
            "Heat check-in: the thermometer on my balcony says 31 and my legs have gone on strike. How is everyone coping? Tips, moans and reports from behind closed curtains all welcome.",
        ],
        "stories": [
            "I've got a cooling towel round my neck and my feet in a washing-up bowl of cold water.",
            "My legs went heavy on the walk back from the bus stop and I had to sit on a garden wall.",
            "The heat blurs the vision in my left eye, which frightens me every time even though it passes.",
            "I moved my whole work set-up into the back bedroom because it's the only room that stays cool.",
            "I did the food shop at seven this morning to beat the sun, and I was still wiped out by ten.",
            "A hot bath used to be my treat; now it's a lukewarm shower and I pretend it's a spa.",
            "My partner calls me the thermostat police, because every curtain is closed by nine.",
            "Last summer I underestimated a garden party and spent an hour in someone's utility room with the back door open.",
            "Once I cool down the symptoms fade again, but it takes me most of the evening.",
            "My fingers go numb and clumsy when it's this warm, so typing is slow going today.",
            "I've been eating ice lollies for breakfast and I refuse to apologise.",
            "The bedroom was still twenty-six degrees at midnight, so nobody in this house slept.",
            "I went to the cinema mainly for the air conditioning, and I couldn't tell you what the film was about.",
            "I carry a flask of iced water everywhere, and the train still catches me out.",
            "Even the hairdryer sets my legs off, so my hair is drying itself this week.",
            "We had one cool day on Thursday and I got more done than in the whole week before it.",
        ],
        "tips": [
            "A spray bottle kept in the fridge is cheap and works better than I expected.",
            "I wet a pair of socks, wring them out and wear them in bed. Sounds grim, feels wonderful.",
            "Frozen peas on the back of the neck, then straight back in the freezer for tomorrow.",
            "I take a cooling vest to hospital appointments, because those waiting rooms are ovens.",
            "Close the curtains on the sunny side early and open the windows once the evening cools.",
            "Errands before nine or after seven, and the afternoon is for lying very still.",
            "A little fan clipped to my walking frame has changed my summer.",
            "A cool swimming pool is the only exercise I can manage when it's like this.",
            "On trains I ask for a seat near the doors, where the air moves a bit.",
            "A lukewarm shower before bed, not a cold one: too cold and my body heats itself straight back up.",
        ],
        "questions": [
            "Does anyone have a cooling vest they'd recommend, or are they all much the same?",
            "How do you manage the commute when the trains are this hot?",
            "Is it just me, or does the heat hit harder as the week goes on?",
        ],
    },
    "walking": {
        "openings": [
            "Walking aids thread: I used my stick in town for the first time this week.",
            "Rollator owners, I need your wisdom.",
        ],
        "stories": [
            "Nobody looked twice at my stick, which took me years to believe would happen.",
            "My rollator has a seat, a basket and a bell, and I'd like to see anyone call it uncool.",
            "Foot drop catches me on kerbs, so I watch the pavement as if it owes me money.",
            "The physio fitted me with a splint and I'm getting used to the odd click it makes.",
            "I named my walking stick Gerald, and I don't leave the house without him now.",
            "I can walk fine for ten minutes and then my left leg simply stops listening.",
            "Borrowing a wheelchair at the museum meant I saw the whole exhibition for once.",
            "I lean on the trolley in the big supermarket; it's my secret walking frame.",
        ],
        "tips": [
            "A folding stick lives in my bag for the days I think I won't need it and then do.",
            "Ask for a proper fitting: at the right height my stick felt like a different thing.",
            "The blue badge took ages to come through, but it has made the hospital car park bearable.",
            "Shoes with a good grip and no laces have saved me from more than one fall.",
            "I plan routes with benches on them now, and there are more benches than you'd think.",
        ],
        "questions": [
            "When did you decide it was time for a stick, and how did you feel about it?",
            "Has anyone tried one of the electrical stimulation gadgets for foot drop?",
        ],
    },
    "mri": {
        "openings": [
            "MRI tomorrow morning, and I've already planned the breakfast I'll have afterwards.",
            "Scan day today. Distract me, please.",
        ],
        "stories": [
            "Forty minutes in the tube, and I counted every knock and buzz as if it were music.",
            "They let me bring my own playlist this time, and I fell asleep somewhere around the contrast.",
            "I always forget my hairgrips and have to make the walk of shame back to the locker.",
            "The scan itself is fine; it's the three weeks waiting for the letter that get me.",
            "Results came back stable, no new lesions, and I cried in the car park. Happy tears.",
            "My scan was moved twice, and I had booked the day off work both times.",
            "The radiographer talked me through every sequence, and it made a real difference.",
        ],
        "tips": [
            "Ask for a blanket: the scanner room is freezing and you can't fidget.",
            "I close my eyes before I slide in and keep them shut; it helps with the closed-in feeling.",
            "I write down my questions for the results appointment while the scan is fresh in my mind.",
            "Wear clothes with no metal in them and you often don't have to change into a gown.",
        ],
        "questions": [
            "How long does everyone wait for results after a scan?",
            "Does anyone else get more nervous about the results than about the scan itself?",
        ],
    },
    "injections": {
        "openings": [
            "Injection night again. Who else is on the Wednesday club?",
            "Six years of self-injecting today, which deserves a small cake.",
        ],
        "stories": [
            "Injection night is Wednesday, so Wednesday is also chocolate night.",
            "I've done my own injections for years and I still hold my breath every time.",
            "The site reactions are better since the nurse showed me how to rotate properly.",
            "At first my partner had to do it; now I manage on my own in under a minute.",
            "I had flu-like aches the night after for the first few months, and then they mostly settled.",
            "My pen injector clicks so loudly that the cat leaves the room.",
            "Taking a cool bag of pens through airport security was an adventure.",
        ],
        "tips": [
            "Taking the pen out of the fridge half an hour early makes it sting much less, for me at least.",
            "An ice pack on the spot beforehand numbs it enough for me.",
            "I keep a little chart of sites on the fridge, so I know where I'm up to.",
            "Ask your MS nurse to watch you do one; small changes to my technique helped a lot.",
        ],
        "questions": [
            "How do people manage injections when they're travelling?",
            "Any tricks for the nights when you really can't face it?",
        ],
    },
    "work": {
        "openings": [
            "Work thread: I finally had the conversation with my manager.",
            "Back at work after a relapse, and my brain is running on the slow setting.",
        ],
        "stories": [
            "I told my manager about my MS last month, and it went better than I'd feared.",
            "Working from home two days a week has given me my Thursdays back.",
            "I now have a meeting-free hour after lunch, written into my adjustments.",
            "Occupational health suggested a later start, and my mornings are much less of a scramble.",
            "I went down to four days a week and I don't miss the money as much as I feared.",
            "A colleague noticed me struggling on the stairs and quietly swapped desks with me.",
        ],
        "tips": [
            "Get any adjustments in writing, even the informal ones; managers change.",
            "An access-to-work assessment got me a proper chair and speech-to-text software.",
            "I keep a list of what I need on bad days, so I'm not explaining it all in the moment.",
            "Breaks before I need them, not after: that's the rule I try to keep at my desk.",
        ],
        "questions": [
            "Did you tell your employer, and how did you choose when?",
            "Has anyone asked for flexible hours, and how did it go?",
        ],
    },
    "family": {
        "openings": [
            "A family one: my youngest asked me today why my legs get tired.",
            "Big family weekend coming up, and I'm already planning my escape to a quiet room.",
        ],
        "stories": [
            "My ten-year-old has started carrying the shopping without being asked, and it melts me every time.",
            "Mum rings every day to ask about my legs, which is lovely and exhausting at the same time.",
            "My partner has learned to read my face and bring the footstool before I ask.",
            "I told my nephew MS is like a phone with a dodgy charger, and he understood at once.",
            "We've swapped long days out for short ones with a proper sit-down in the middle.",
            "My sister came to my last appointment and asked all the questions I'd forgotten.",
            "The children have a rule now: when I say battery low, they play a quiet game on the floor next to me.",
        ],
        "tips": [
            "Our family calendar has my rest times on it, so nobody plans over them.",
            "Let people help in their own way: my brother can't talk about it, but he mows my lawn.",
            "A short book for children about MS helped ours ask the questions they'd been saving up.",
        ],
        "questions": [
            "How did you tell your children?",
            "How do you stop family wrapping you in cotton wool?",
        ],
    },
    "exercise": {
        "openings": [
            "Exercise confession: I have done my physio sheet every day this week.",
            "Anyone else doing seated exercise classes?",
        ],
        "stories": [
            "Ten minutes of stretches every morning, and my legs are less stiff by lunch.",
            "I joined a seated exercise class where I'm the youngest by thirty years, and we laugh a lot.",
            "My balance exercises look ridiculous, but I can stand on one leg for eight seconds now.",
            "Pilates was suggested to me and I grumbled, but my core is definitely stronger.",
            "The physio gave me a sheet of exercises and it's stuck to the bathroom mirror.",
        ],
        "tips": [
            "Little and often works better for me than one big session I can't recover from.",
            "Hydrotherapy is worth asking about, if your hospital offers it.",
            "I stretch while the kettle boils, so it happens every day without planning.",
        ],
        "questions": [
            "What exercise do you actually keep up, rather than mean to?",
        ],
    },
}

REPLY_OPENERS = [
    "Same here, {name}.",
    "{name}, I could have written this.",
    "Oh, {name}, I feel this one.",
    "Thank you for posting this, {name}.",
    "Snap.",
    "This is so familiar.",
    "Ha, yes.",
    "{name}, you're not alone in this.",
    "Reading this and nodding, {name}.",
    "Thanks for sharing this, {name}.",
    "I'm with you, {name}.",
    "{name}, this rings true for me.",
    "Good to hear from you, {name}.",
    "Oh, I like this.",
    "That made me smile, {name}.",
    "",
]
HEAT_OPENERS = [
    "It's thirty degrees here too, {name}.",
    "Another one melting here.",
    "{name}, the heat is brutal this week.",
    "Sending a breeze your way, {name}.",
    "Hot and heavy-legged here as well.",
    "Same weather, same legs, {name}.",
]
CLOSERS = [
    "Be kind to yourself this week.",
    "Hope tomorrow is gentler.",
    "One day at a time.",
    "Small wins count.",
    "Let us know how it goes.",
    "Thinking of you.",
    "Go easy.",
    "Fingers crossed for you.",
    "Rest counts as doing something.",
    "We're all in the same boat here.",
    "Take care of yourself.",
]
# What the columnist and the moderator open their replies with.
STAFF_OPENERS = {
    COLUMNIST.display_name: [
        "Thank you, {name}; I'm keeping a list of ideas like this for a future column.",
        "{name}, this is exactly the kind of practical wisdom I hoped these discussions would gather.",
        "I'm learning so much from this thread, {name}.",
    ],
    MODERATOR.display_name: [
        "Lovely to see people looking after each other here, {name}.",
        "A gentle reminder from the moderators: what suits one of us may not suit another, so do run changes past your MS team.",
        "Thanks, {name}. If anyone is struggling more than usual, please ring your MS nurse as well as posting here.",
        "Just popping in to say this is a lovely thread, {name}. Carry on, everyone.",
    ],
}
# Readers who care for someone with MS speak from their side of it.
CARERS = {
    "Gethin Morgan": [
        "From the other side of the sofa: my wife says exactly this, and it helps me to read it in someone else's words.",
        "As a carer, I'm learning more from this thread than from any leaflet.",
        "I'm going to show this to my wife tonight; she'll recognise every word.",
        "Reading this as a husband, I'm going to stop asking \"are you sure?\" when she says she's done for the day.",
        "My wife swears by this too, and I've learned not to argue.",
    ],
    "Frances Dunmore": [
        "Reading as a mum: my daughter says almost the same, and it helps me understand her.",
        "Thank you for putting this into words; I'm sending it to my daughter.",
        "My daughter would laugh at this, in a good way.",
        "This helps me picture my daughter's days when I'm not there.",
        "I'm noting this down for my daughter, who won't ask for tips but might take one from me.",
    ],
}

# The shape: (topic, comments in the thread), in thread order. The fourth,
# long thread starts on the first page and runs over onto the second.
LONG_DISCUSSION_THREADS = [
    ("fatigue", 6),
    ("mri", 9),
    ("family", 7),
    ("heat", 131),
    *zip(
        [
            "walking",
            "work",
            "injections",
            "exercise",
            "fatigue",
            "family",
            "mri",
            "work",
            "walking",
            "injections",
            "fatigue",
            "exercise",
            "family",
            "mri",
            "work",
            "walking",
        ],
        [4, 8, 1, 6, 11, 3, 7, 5, 9, 2, 6, 10, 4, 8, 5, 9],
        strict=True,
    ),
]
# The long thread drifts now and then to neighbouring worries.
DRIFT = {"heat": ["fatigue", "walking", "exercise"]}


class _Deck:
    """Phrases dealt in a shuffled order and reshuffled when used up, so a
    long thread repeats a phrase as rarely as the list allows."""

    def __init__(self, rng, phrases):
        self.rng, self.phrases, self.left = rng, list(phrases), []

    def deal(self) -> str:
        if not self.left:
            self.left = self.rng.sample(self.phrases, len(self.phrases))
        return self.left.pop()


class _Writer:
    def __init__(self, rng):
        self.rng = rng
        self.decks = {
            (topic, part): _Deck(rng, phrases)
            for topic, parts in TOPICS.items()
            for part, phrases in parts.items()
        }
        self.openers = _Deck(rng, REPLY_OPENERS)
        self.heat_openers = _Deck(rng, HEAT_OPENERS)
        self.closers = _Deck(rng, CLOSERS)
        self.staff = {name: _Deck(rng, lines) for name, lines in STAFF_OPENERS.items()}
        self.carers = {name: _Deck(rng, lines) for name, lines in CARERS.items()}
        self.written = set()

    def body(self, topic: str, *, besides: str = "") -> str:
        """A story or a tip about `topic`, other than `besides`."""
        while True:
            part = self.rng.choice(["stories", "stories", "tips"])
            phrase = self.decks[topic, part].deal()
            if phrase != besides:
                return phrase

    def root(self, topic: str) -> str:
        parts = [self.decks[topic, "openings"].deal()]
        if topic != "heat":
            parts += [self.body(topic), self.decks[topic, "questions"].deal()]
        return self.unique(" ".join(parts))

    def reply(self, topic: str, *, author: str, to: str) -> str:
        rng = self.rng
        if author == MODERATOR.display_name:
            # A moderator's note stands alone.
            return self.unique(self.staff[author].deal().format(name=CALLED[to]))
        if author in self.carers:
            opener = self.openers.deal().format(name=CALLED[to])
            parts = [opener, self.carers[author].deal()]
            if rng.random() < 0.35:
                parts.append(self.closers.deal())
            return self.unique(" ".join(p for p in parts if p))
        if author in self.staff:
            opener = self.staff[author].deal()
        elif topic == "heat" and rng.random() < 0.3:
            opener = self.heat_openers.deal()
        else:
            opener = self.openers.deal()
        if topic in DRIFT and rng.random() < 0.2:
            topic = rng.choice(DRIFT[topic])
        parts = [opener.format(name=CALLED[to]), self.body(topic)]
        if rng.random() < 0.3:
            parts.append(self.body(topic, besides=parts[-1]))
        if rng.random() < 0.12:
            parts.append(self.decks[topic, "questions"].deal())
        elif rng.random() < 0.35:
            parts.append(self.closers.deal())
        return self.unique(" ".join(p for p in parts if p))

    def unique(self, text: str) -> str:
        """No two comments alike (and so never the same text twice from one
        member, which the forum refuses)."""
        while text in self.written:
            text = f"{text} {self.closers.deal()}"
        self.written.add(text)
        return text


def _long_discussion() -> list[dict]:
    """LONG_DISCUSSION_THREADS as comments in the shape of DISCUSSION, in
    posting order: threads start in order and their replies interleave, as
    readers come and go."""
    # Demo text, not security: a fixed seed keeps every run the same.
    rng = random.Random(LONG_DISCUSSION_SEED)  # noqa: S311
    writer = _Writer(rng)
    names = [r.display_name for r in READERS]
    people = [*names, COLUMNIST.display_name, MODERATOR.display_name]
    weights = [1.0] * len(names) + [0.6, 0.3]
    starters = [name for name in names if name not in CARERS]

    threads = []  # per thread: its comments, parents before replies
    for number, (topic, size) in enumerate(LONG_DISCUSSION_THREADS, start=1):
        key = f"long-{number}"
        root = {
            "key": key,
            "author": rng.choice(starters),
            "parent": None,
            "body": writer.root(topic),
            "depth": 0,
        }
        thread = [root]
        for n in range(1, size):
            recent = [
                c
                for c in thread[-6:]
                if c["depth"] < 5 and c["author"] != MODERATOR.display_name
            ]
            if rng.random() < 0.4 or not recent:
                parent = root
            elif rng.random() < 0.5:
                parent = recent[-1]
            else:
                parent = rng.choice(recent)
            # A conversation goes back and forth between two people, and
            # nobody answers the same reply twice (the opening comment of a
            # long thread is answered by everyone, some more than once).
            answered = {parent["author"]}
            if parent is not root:
                answered |= {
                    c["author"] for c in thread if c["parent"] == parent["key"]
                }
            grandparent = next(
                (c for c in thread if c["key"] == parent["parent"]), None
            )
            if (
                grandparent
                and grandparent["author"] not in answered
                and rng.random() < 0.4
            ):
                author = grandparent["author"]
            else:
                author = rng.choices(people, weights)[0]
                while author in answered:
                    author = rng.choices(people, weights)[0]
            thread.append(
                {
                    "key": f"{key}-{n}",
                    "author": author,
                    "parent": parent["key"],
                    "body": writer.reply(topic, author=author, to=parent["author"]),
                    "depth": parent["depth"] + 1,
                }
            )
        threads.append(thread)

    posted, waiting, active = [], list(reversed(threads)), []
    while waiting or active:
        if waiting and (not active or (len(active) < 3 and rng.random() < 0.25)):
            active.append(waiting.pop())
        thread = rng.choice(active)
        posted.append(thread.pop(0))
        if not thread:
            active.remove(thread)
    return [{k: v for k, v in c.items() if k != "depth"} for c in posted]


LONG_DISCUSSION = _long_discussion()
