from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from forum import services
from forum.models import Comment, Discussion, Treatment
from search.services import treatments
from tests.factories import ArticleFactory, MemberFactory
from tests.hosts import visible_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def lemtrada():
    return Treatment.objects.create(
        name="Alemtuzumab",
        slug="alemtuzumab",
        other_names="Lemtrada\nCampath",
        kind=Treatment.Kind.INFUSION,
    )


def test_treatments_by_kind_groups_listed_treatments_infusions_first(
    django_assert_num_queries,
):
    Treatment.objects.create(name="Teriflunomide", slug="teri", kind="tablet")
    Treatment.objects.create(name="Ocrelizumab", slug="ocre", kind="infusion")
    Treatment.objects.create(name="Alemtuzumab", slug="alem", kind="infusion")
    Treatment.objects.create(
        name="Retired one", slug="retired", kind="injection", is_listed=False
    )

    with django_assert_num_queries(1):
        groups = treatments.treatments_by_kind()

    assert [g.kind for g in groups] == ["infusion", "tablet"]
    assert [t.name for t in groups[0].treatments] == ["Alemtuzumab", "Ocrelizumab"]
    assert str(groups[1].heading) == "Tablets and capsules"


def test_articles_about_lists_published_articles_naming_it_newest_first(
    lemtrada, columnist
):
    now = timezone.now()
    older = ArticleFactory(author=columnist, published_at=now - timedelta(days=3))
    newer = ArticleFactory(author=columnist, published_at=now - timedelta(days=1))
    draft = ArticleFactory(
        author=columnist, status=Article.Status.DRAFT, published_at=None
    )
    scheduled = ArticleFactory(author=columnist, published_at=now + timedelta(days=1))
    ArticleFactory(author=columnist)  # about nothing
    for article in (older, newer, draft, scheduled):
        article.treatments.add(lemtrada)

    assert treatments.articles_about(lemtrada) == [newer, older]


def test_topics_about_lists_visible_topics_with_it_latest_activity_first(
    lemtrada, accept, no_rate_limits
):
    starter = accept(MemberFactory())
    quiet = visible_topic(starter=starter, title="Two years after my infusions")
    busy = visible_topic(starter=starter, title="Monthly blood tests and work")
    other = visible_topic(starter=starter, title="Fatigue in the afternoons")
    for topic in (quiet, busy):
        topic.treatment = lemtrada
        topic.save(update_fields=["treatment"])
    services.post_comment(
        discussion=Discussion.objects.get(pk=busy.discussion_id),
        author=starter,
        body="Another thought on it.",
    )
    # A held opening post takes its topic out of every list.
    held = visible_topic(starter=starter, title="A topic waiting for review")
    held.treatment = lemtrada
    held.save(update_fields=["treatment"])
    Comment.objects.filter(pk=held.opening_id).update(
        status=Comment.Status.PENDING, listed=False
    )

    assert treatments.topics_about(lemtrada) == [busy, quiet]
    assert other not in treatments.topics_about(lemtrada)


def test_recent_mentions_gives_each_comment_a_plain_excerpt(
    lemtrada, article, member, accept, no_rate_limits
):
    accept(member)
    discussion = services.open_discussion(host=article)
    services.post_comment(
        discussion=discussion,
        author=member,
        body="My **Campath** course was in May & <em>went</em> fine.",
    )

    [found] = treatments.recent_mentions(lemtrada)

    assert found.excerpt == "My Campath course was in May & <em>went</em> fine."
    assert found.byline.name == member.display_name
