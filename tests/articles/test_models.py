from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.forms import modelform_factory
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, MemberFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_article_saved_published_without_date_violates_named_constraint(columnist):
    article = ArticleFactory.build(author=columnist, published_at=None)

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        article.save()

    # SQLite names the failed CHECK constraint; PostgreSQL does too.
    assert "articles_article_published_has_date" in str(caught.value)


def test_article_saved_as_draft_without_date_is_allowed(columnist):
    article = ArticleFactory(
        author=columnist, status=Article.Status.DRAFT, published_at=None
    )

    assert article.pk is not None


def test_article_full_clean_published_without_date_dates_it_now(columnist):
    article = ArticleFactory.build(author=columnist, published_at=None)
    before = timezone.now()

    article.full_clean()

    assert before <= article.published_at <= timezone.now()


def test_article_full_clean_draft_without_date_leaves_it_undated(columnist):
    article = ArticleFactory.build(
        author=columnist, status=Article.Status.DRAFT, published_at=None
    )

    article.full_clean()

    assert article.published_at is None


def test_article_full_clean_author_not_columnist_raises_validation_error(member):
    article = ArticleFactory.build(author=member)

    with pytest.raises(ValidationError) as caught:
        article.full_clean()

    assert "author" in caught.value.message_dict


def test_article_save_script_in_body_never_reaches_body_html(columnist):
    article = ArticleFactory(
        author=columnist,
        body="Hello <script>alert('x')</script> there\n\n<img src=x onerror=alert(1)>",
    )

    # Raw HTML is shown as text, never parsed into elements.
    assert "<script" not in article.body_html
    assert "<img" not in article.body_html
    assert "&lt;script&gt;" in article.body_html


def test_article_save_javascript_link_is_not_a_link(columnist):
    article = ArticleFactory(
        author=columnist, body="[press me](javascript:alert(document.cookie))"
    )

    assert "<a" not in article.body_html
    assert 'href="javascript' not in article.body_html


def test_article_save_links_get_nofollow_ugc_noopener(columnist):
    article = ArticleFactory(
        author=columnist,
        body="[A trial registry](https://example.org/trials) and https://example.net",
    )

    assert article.body_html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.org/trials"' in article.body_html


def test_article_save_markdown_becomes_html(columnist):
    article = ArticleFactory(author=columnist, body="## Dosing\n\nTake *care*.")

    assert article.body_html == "<h2>Dosing</h2>\n<p>Take <em>care</em>.</p>"


def test_article_save_with_update_fields_rerenders_body_html(article):
    article.body = "Rewritten **text**."

    article.save(update_fields=["body"])

    article.refresh_from_db()
    assert article.body_html == "<p>Rewritten <strong>text</strong>.</p>"


@pytest.mark.parametrize(
    ("status", "offset", "published", "scheduled"),
    [
        (Article.Status.DRAFT, None, False, False),
        (Article.Status.DRAFT, timedelta(days=-1), False, False),
        (Article.Status.PUBLISHED, timedelta(days=-1), True, False),
        (Article.Status.PUBLISHED, timedelta(days=1), False, True),
    ],
    ids=["undated-draft", "dated-draft", "published", "scheduled"],
)
def test_article_is_published_and_is_scheduled_answer_from_the_row(
    status, offset, published, scheduled, django_assert_num_queries
):
    now = timezone.now()
    article = Article(
        status=status, published_at=None if offset is None else now + offset
    )

    with django_assert_num_queries(0):
        assert article.is_published(now) is published
        assert article.is_scheduled(now) is scheduled


def test_article_is_published_at_its_publication_instant():
    now = timezone.now()
    article = Article(status=Article.Status.PUBLISHED, published_at=now)

    assert article.is_published(now)
    assert not article.is_scheduled(now)


def test_article_str_is_title():
    assert str(Article(title="On fatigue")) == "On fatigue"


def test_article_get_absolute_url_uses_slug():
    assert Article(slug="on-fatigue").get_absolute_url() == "/articles/on-fatigue/"


def test_tag_get_absolute_url_uses_slug():
    tag = TagFactory.build(name="Fatigue", slug="fatigue")

    assert str(tag) == "Fatigue"
    assert tag.get_absolute_url() == "/tags/fatigue/"


def test_article_author_is_protected_from_deletion(article):
    with pytest.raises(ProtectedError):
        article.author.delete()


def test_article_form_author_choices_limited_to_columnists(columnist):
    MemberFactory()
    form_class = modelform_factory(Article, fields=["author"])

    assert list(form_class().fields["author"].queryset) == [columnist]
