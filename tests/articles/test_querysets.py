from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles.models import Article, Tag
from tests.articles.conftest import ROLES, ROLES_WHO_SEE_UNPUBLISHED, STATES
from tests.factories import ArticleFactory, ColumnistFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(article_in_state) -> dict[str, Article]:
    return {state: article_in_state(state) for state in STATES}


def test_published_excludes_drafts_and_scheduled(one_of_each):
    assert list(Article.objects.published()) == [one_of_each["published"]]


def test_published_draft_with_past_date_is_excluded(columnist):
    ArticleFactory(
        author=columnist,
        status=Article.Status.DRAFT,
        published_at=timezone.now() - timedelta(days=1),
    )

    assert not Article.objects.published().exists()


def test_published_given_later_now_includes_scheduled(one_of_each):
    later = timezone.now() + timedelta(days=4)

    assert set(Article.objects.published(later)) == {
        one_of_each["published"],
        one_of_each["scheduled"],
    }


def test_scheduled_returns_only_future_dated_published(one_of_each):
    assert list(Article.objects.scheduled()) == [one_of_each["scheduled"]]


def test_scheduled_given_later_now_is_empty(one_of_each):
    later = timezone.now() + timedelta(days=4)

    assert not Article.objects.scheduled(later).exists()


def test_drafts_returns_only_drafts(one_of_each):
    assert list(Article.objects.drafts()) == [one_of_each["draft"]]


def test_visible_to_anonymous_only_published(one_of_each):
    visible = Article.objects.visible_to(AnonymousUser())

    assert list(visible) == [one_of_each["published"]]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_visible_to_role_sees_unpublished_only_if_author_or_staff(
    role, one_of_each, user_in_role
):
    visible = set(Article.objects.visible_to(user_in_role(role)))

    if role in ROLES_WHO_SEE_UNPUBLISHED:
        assert visible == set(one_of_each.values())
    else:
        assert visible == {one_of_each["published"]}


def test_visible_to_author_excludes_other_authors_drafts(columnist):
    others_draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    assert others_draft not in Article.objects.visible_to(columnist)


def test_by_author_returns_that_authors_articles(article):
    ArticleFactory()

    assert list(Article.objects.by_author(article.author)) == [article]


def test_tagged_returns_articles_with_that_tag(columnist):
    fatigue, sleep = TagFactory(), TagFactory()
    tagged = ArticleFactory(author=columnist, tags=[fatigue, sleep])
    ArticleFactory(author=columnist, tags=[sleep])

    assert list(Article.objects.tagged(fatigue)) == [tagged]


def test_newest_first_orders_by_date_with_undated_drafts_first(columnist):
    now = timezone.now()
    old = ArticleFactory(author=columnist, published_at=now - timedelta(days=9))
    new = ArticleFactory(author=columnist, published_at=now - timedelta(days=1))
    undated = ArticleFactory(
        author=columnist, status=Article.Status.DRAFT, published_at=None
    )
    same_time_later_pk = ArticleFactory(author=columnist, published_at=new.published_at)

    assert list(Article.objects.newest_first()) == [
        undated,
        same_time_later_pk,
        new,
        old,
    ]


def test_for_list_loads_authors_in_the_same_query(django_assert_num_queries):
    ArticleFactory.create_batch(3)

    with django_assert_num_queries(1):
        names = [a.author.display_name for a in Article.objects.for_list()]

    assert len(names) == 3


def test_for_detail_loads_authors_and_tags_in_two_queries(django_assert_num_queries):
    for _ in range(3):
        ArticleFactory(tags=[TagFactory(), TagFactory()])

    with django_assert_num_queries(2):
        rows = [
            (a.author.display_name, [t.name for t in a.tags.all()])
            for a in Article.objects.for_detail()
        ]

    assert all(len(tags) == 2 for _, tags in rows)


def test_tag_in_use_requires_a_published_article(columnist):
    live, drafted, scheduled, unused = TagFactory.create_batch(4)
    ArticleFactory(author=columnist, tags=[live])
    ArticleFactory(author=columnist, tags=[live])
    ArticleFactory(
        author=columnist,
        status=Article.Status.DRAFT,
        published_at=None,
        tags=[drafted],
    )
    ArticleFactory(
        author=columnist,
        published_at=timezone.now() + timedelta(days=1),
        tags=[scheduled],
    )

    assert list(Tag.objects.in_use()) == [live]


def test_tag_in_use_given_later_now_includes_scheduled_tags():
    tag = TagFactory()
    ArticleFactory(
        author=ColumnistFactory(),
        published_at=timezone.now() + timedelta(days=1),
        tags=[tag],
    )

    assert list(Tag.objects.in_use(timezone.now() + timedelta(days=2))) == [tag]


def test_with_comment_count_reads_each_articles_discussion(columnist, member, settings):
    from forum import services
    from forum.disclaimers import current_disclaimer
    from forum.models import Discussion

    settings.CAIRN_COMMENT_RATE_LIMITS = []
    talked, quiet = ArticleFactory(author=columnist), ArticleFactory(author=columnist)
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    for n in range(3):
        services.post_comment(
            discussion=Discussion.objects.for_host(talked).get(),
            author=member,
            body=f"c{n}",
        )
    counts = dict(
        Article.objects.with_comment_count().values_list("pk", "comment_count")
    )
    assert counts == {talked.pk: 3, quiet.pk: 0}
