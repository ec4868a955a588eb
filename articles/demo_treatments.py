# Prose is data: one description per line.
# ruff: noqa: E501
"""The treatments list in the demo content, and the MS journeys of a few
demo members.

The list holds the disease-modifying therapies an MS clinic commonly talks
about, each under its generic name with its brand names and abbreviations
as other names, so a member who only knows "Lemtrada" finds alemtuzumab.
The descriptions are written for Cairn: short, neutral, never advice.

Journeys, as members fill them in: Dolores shows everything to everyone,
Kit shows everything to signed-in members only, Theo shows his type of MS
to everyone and keeps the rest to himself; every other demo member has
told nothing, as most members will.

Idempotent like the rest of seed_demo: a treatment is created only when
its slug is missing, a journey only for a member who has none, and what
exists (whoever wrote it) is left exactly as it is.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoTreatment:
    slug: str
    name: str
    other_names: tuple[str, ...]
    kind: str  # a forum.Treatment.Kind value
    description: str


TREATMENTS = [
    DemoTreatment(
        "alemtuzumab",
        "Alemtuzumab",
        ("Lemtrada", "Campath"),
        "infusion",
        "A monoclonal antibody given as a drip on a few days in a row, in two courses a year apart. Blood and urine tests follow every month for several years after the last course.",
    ),
    DemoTreatment(
        "ocrelizumab",
        "Ocrelizumab",
        ("Ocrevus",),
        "infusion",
        "A monoclonal antibody that removes a kind of white blood cell (B cells) for a while. Given as a drip every six months after a first dose split in two; also used in early primary progressive MS.",
    ),
    DemoTreatment(
        "natalizumab",
        "Natalizumab",
        ("Tysabri", "Tyruko"),
        "infusion",
        "A monoclonal antibody that keeps immune cells from crossing into the brain and spinal cord. Usually a drip every four weeks; people on it have regular blood tests for the JC virus.",
    ),
    DemoTreatment(
        "ofatumumab",
        "Ofatumumab",
        ("Kesimpta",),
        "injection",
        "A monoclonal antibody against B cells, injected under the skin with a pen at home, once a month after the first few doses.",
    ),
    DemoTreatment(
        "ublituximab",
        "Ublituximab",
        ("Briumvi",),
        "infusion",
        "A monoclonal antibody against B cells, given as a drip every six months after two starting doses.",
    ),
    DemoTreatment(
        "rituximab",
        "Rituximab",
        ("Rituxan", "MabThera", "Truxima"),
        "infusion",
        "A monoclonal antibody against B cells, first made for other illnesses, that some MS services use outside its licence. Given as a drip, often every six months.",
    ),
    DemoTreatment(
        "interferon-beta-1a",
        "Interferon beta-1a",
        ("Avonex", "Rebif", "IFN beta-1a"),
        "injection",
        "One of the first MS treatments: a protein that damps down part of the immune response. Injected into a muscle once a week or under the skin three times a week, depending on the brand.",
    ),
    DemoTreatment(
        "peginterferon-beta-1a",
        "Peginterferon beta-1a",
        ("Plegridy",),
        "injection",
        "A longer-lasting form of interferon beta-1a, injected every two weeks.",
    ),
    DemoTreatment(
        "interferon-beta-1b",
        "Interferon beta-1b",
        ("Betaferon", "Betaseron", "Extavia", "IFN beta-1b"),
        "injection",
        "An interferon injected under the skin every other day.",
    ),
    DemoTreatment(
        "glatiramer-acetate",
        "Glatiramer acetate",
        ("Copaxone", "Glatopa", "Brabio", "GA"),
        "injection",
        "A mixture of small protein fragments that steers the immune response. Injected under the skin, every day or three times a week depending on the strength.",
    ),
    DemoTreatment(
        "teriflunomide",
        "Teriflunomide",
        ("Aubagio",),
        "tablet",
        "A tablet taken once a day that slows the multiplying of active immune cells. Liver tests are part of it, and it stays in the body for months after stopping unless it is washed out.",
    ),
    DemoTreatment(
        "dimethyl-fumarate",
        "Dimethyl fumarate",
        ("Tecfidera", "DMF"),
        "tablet",
        "A capsule taken twice a day. Flushing and an upset stomach are common in the first weeks, and blood counts are checked regularly.",
    ),
    DemoTreatment(
        "diroximel-fumarate",
        "Diroximel fumarate",
        ("Vumerity", "DRF"),
        "tablet",
        "A capsule taken twice a day that the body turns into the same active substance as dimethyl fumarate.",
    ),
    DemoTreatment(
        "monomethyl-fumarate",
        "Monomethyl fumarate",
        ("Bafiertam", "MMF"),
        "tablet",
        "The active substance that the other fumarates become in the body, as a capsule taken twice a day.",
    ),
    DemoTreatment(
        "fingolimod",
        "Fingolimod",
        ("Gilenya",),
        "tablet",
        "A capsule taken once a day that keeps some white blood cells in the lymph nodes. The first dose is usually taken at the clinic, with the heart rate watched for some hours.",
    ),
    DemoTreatment(
        "siponimod",
        "Siponimod",
        ("Mayzent",),
        "tablet",
        "A tablet taken once a day, related to fingolimod, used in active secondary progressive MS. A genetic test before starting decides the dose.",
    ),
    DemoTreatment(
        "ozanimod",
        "Ozanimod",
        ("Zeposia",),
        "tablet",
        "A capsule taken once a day, related to fingolimod, started on a dose that rises over the first week.",
    ),
    DemoTreatment(
        "ponesimod",
        "Ponesimod",
        ("Ponvory",),
        "tablet",
        "A tablet taken once a day, related to fingolimod, started on a dose that rises over the first two weeks.",
    ),
    DemoTreatment(
        "cladribine",
        "Cladribine",
        ("Mavenclad",),
        "tablet",
        "Tablets taken on a few days in two short treatment weeks a year, for two years. It lowers some white blood cells for a while, which then recover.",
    ),
    DemoTreatment(
        "mitoxantrone",
        "Mitoxantrone",
        ("Novantrone",),
        "infusion",
        "A chemotherapy drug once used for very active MS, given as a drip. Seldom used now, because of its effects on the heart and the blood.",
    ),
    DemoTreatment(
        "ahsct",
        "Autologous haematopoietic stem cell transplantation",
        ("aHSCT", "HSCT", "stem cell transplant"),
        "other",
        "Chemotherapy clears much of the immune system, which regrows from the person's own stem cells. Offered in specialist centres, mostly for very active relapsing MS.",
    ),
]

# Demo article slug -> the treatments it is about (by slug): the three
# alemtuzumab pieces are listed on its treatment page and link to it.
ARTICLE_TREATMENTS = {
    "how-an-alemtuzumab-course-unfolds": ("alemtuzumab",),
    "alemtuzumab-monitoring-explained": ("alemtuzumab",),
    "one-kitchen-table-and-a-start-date": ("alemtuzumab",),
}

EVERYONE, MEMBERS, ONLY_ME = "everyone", "members", "me"

# Display name -> the journey they filled in (treatments by slug).
JOURNEYS = {
    "Dolores_K": {
        "diagnosed_year": 2009,
        "ms_type": "rrms",
        "current": (),
        "current_other": "Nothing at the moment: watching and waiting.",
        "past": ("alemtuzumab", "interferon-beta-1a"),
        "visibility": dict.fromkeys(
            ("diagnosed", "ms_type", "current", "past"), EVERYONE
        ),
    },
    "Kit Navarro": {
        "diagnosed_year": 2021,
        "ms_type": "rrms",
        "current": ("natalizumab",),
        "current_other": "",
        "past": (),
        "visibility": dict.fromkeys(
            ("diagnosed", "ms_type", "current", "past"), MEMBERS
        ),
    },
    "Theo Marchetti": {
        "diagnosed_year": 2018,
        "ms_type": "ppms",
        "current": ("ocrelizumab",),
        "current_other": "Physiotherapy twice a week.",
        "past": (),
        "visibility": {
            "diagnosed": ONLY_ME,
            "ms_type": EVERYONE,
            "current": ONLY_ME,
            "past": ONLY_ME,
        },
    },
}


def seed(members_by_name) -> tuple[int, int]:
    """Create the missing treatments and demo journeys, and name the
    treatments of the demo articles; return how many treatments and
    journeys were created."""
    created = seed_treatments(), seed_journeys(members_by_name)
    link_articles(members_by_name)
    return created


def link_articles(members_by_name) -> int:
    """Name the treatments of the demo articles in ARTICLE_TREATMENTS (the
    demo columnist's, by slug) that name none yet, so a second run changes
    nothing and treatments an editor chose stay as they are. Return how
    many articles were linked."""
    from articles.management.commands.seed_demo import demo_article
    from articles.models import Article
    from forum.models import Treatment

    linked = 0
    for slug, treatments in ARTICLE_TREATMENTS.items():
        article = demo_article(slug, members_by_name)
        if (
            article is None
            or Article.treatments.through.objects.filter(article_id=article.pk).exists()
        ):
            continue
        article.treatments.add(*Treatment.objects.filter(slug__in=treatments))
        linked += 1
    return linked


def seed_treatments() -> int:
    from forum.models import Treatment

    created = 0
    for item in TREATMENTS:
        if Treatment.objects.filter(slug=item.slug).exists():
            continue
        treatment = Treatment(
            name=item.name,
            slug=item.slug,
            other_names="\n".join(item.other_names),
            kind=item.kind,
            description=item.description,
        )
        treatment.full_clean()
        treatment.save()
        created += 1
    return created


def seed_journeys(members_by_name) -> int:
    """Through the service members use (forum.services.journeys), for the
    demo members in JOURNEYS who have no journey yet and may write one."""
    from forum.models import Journey, Treatment
    from forum.services import profile_block
    from forum.services.journeys import update_journey

    created = 0
    for name, item in JOURNEYS.items():
        member = members_by_name.get(name)
        if member is None or Journey.objects.filter(member=member).exists():
            continue
        if profile_block(member):
            continue
        seen = item["visibility"]
        update_journey(
            member=member,
            diagnosed_year=item["diagnosed_year"],
            diagnosed_visibility=seen["diagnosed"],
            ms_type=item["ms_type"],
            ms_type_visibility=seen["ms_type"],
            current_treatments=Treatment.objects.listed().filter(
                slug__in=item["current"]
            ),
            current_other=item["current_other"],
            current_visibility=seen["current"],
            past_treatments=Treatment.objects.listed().filter(slug__in=item["past"]),
            past_other="",
            past_visibility=seen["past"],
        )
        created += 1
    return created
