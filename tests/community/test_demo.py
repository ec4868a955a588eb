"""The community in the demo content (community/demo.py through seed_demo)."""

from io import StringIO

import pytest
from django.core.management import call_command

from community import demo
from community.models import Category, Topic
from forum.models import Comment

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_fills_the_community_once():
    first = seed()
    assert f"{len(demo.CATEGORIES)} categories and {len(demo.TOPICS)} topics" in first
    names = list(Category.objects.listed().values_list("name", flat=True))
    assert names == [
        "Newly diagnosed",
        "Treatments",
        "Symptoms and daily life",
        "Carers and family",
        "Work and money",
    ]
    assert Category.objects.get(slug="newly-diagnosed").is_sensitive
    topics = Topic.objects.visible()
    assert topics.count() == len(demo.TOPICS) >= 10
    for topic in topics.select_related("discussion"):
        assert topic.discussion.comment_count >= 2, topic
    infusion = Topic.objects.get(title__startswith="Infusion day with alemtuzumab")
    assert infusion.treatment.slug == "alemtuzumab"
    assert infusion.tags.filter(slug="alemtuzumab").exists()
    anonymous = Topic.objects.get(
        category__slug="newly-diagnosed", opening__pseudonym__gt=""
    )
    assert anonymous.discussion.is_sensitive
    assert (
        Comment.objects.filter(
            discussion=anonymous.discussion, pseudonym__gt=""
        ).count()
        >= 2
    )

    before = (Topic.objects.count(), Comment.objects.count(), Category.objects.count())
    assert "and 0 categories and 0 topics." in seed()
    assert (
        Topic.objects.count(),
        Comment.objects.count(),
        Category.objects.count(),
    ) == before


def test_the_engine_never_imports_the_community():
    """forum knows nothing of topics (the dependency rule)."""
    from pathlib import Path

    import forum

    root = Path(forum.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in (
            "import community",
            "from community",
            "import articles",
            "from articles",
            "from search",
            "import search",
        ):
            assert word not in text, f"{path}: {word}"
