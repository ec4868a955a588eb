from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Tag
from forum.models import Disclaimer
from tests.factories import ArticleFactory, ColumnistFactory, TagFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
ADD = "/admin/articles/article/add/"


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def article_form_data(**overrides) -> dict:
    data = {
        "title": "Cooling vests, a season later",
        "slug": "cooling-vests-a-season-later",
        "kind": Article.Kind.COLUMN,
        "summary": "What changed after a summer of trying them.",
        "body": "It helped on the hottest days.",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(overrides)
    return data


# --- pages load --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [CHANGELIST, ADD, "/admin/articles/tag/", "/admin/articles/tag/add/"],
)
def test_admin_page_loads_for_superuser(superuser_client, article, url):
    response = superuser_client.get(url)

    assert response.status_code == HTTPStatus.OK


def test_admin_changelist_for_member_redirects_to_login(member_client):
    response = member_client.get(CHANGELIST)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/login/")


def test_admin_changelist_shows_publication_state(superuser_client, article_in_state):
    for state in ["draft", "scheduled", "published"]:
        article_in_state(state)

    response = superuser_client.get(CHANGELIST)

    for label in ["Draft", "Scheduled", "Live"]:
        assertContains(response, f'<td class="field-state">{label}</td>', html=True)


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", "draft"), ("scheduled", "scheduled"), ("live", "published")],
)
def test_admin_changelist_state_filter_narrows_list(
    superuser_client, article_in_state, state, expected
):
    articles = {s: article_in_state(s) for s in ["draft", "scheduled", "published"]}

    response = superuser_client.get(CHANGELIST, {"state": state})

    assert list(response.context["cl"].queryset) == [articles[expected]]


def test_admin_changelist_date_hierarchy_drills_down_by_year(
    superuser_client, article_in_state
):
    published = article_in_state("published")
    article_in_state("draft")
    year = timezone.localtime(published.published_at).year

    response = superuser_client.get(CHANGELIST, {"published_at__year": year})

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].queryset) == [published]


def test_admin_changelist_search_finds_author_name(superuser_client):
    wanted = ArticleFactory(author=ColumnistFactory(display_name="Marisol Quint"))
    ArticleFactory()

    response = superuser_client.get(CHANGELIST, {"q": "Quint"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_admin_changelist_query_count_does_not_grow(
    superuser_client, django_assert_max_num_queries
):
    ArticleFactory.create_batch(3)
    with django_assert_max_num_queries(30) as few:
        superuser_client.get(CHANGELIST)
    ArticleFactory.create_batch(20)

    with django_assert_max_num_queries(len(few.captured_queries)):
        superuser_client.get(CHANGELIST)


def test_admin_add_page_prepopulates_slug_from_title(superuser_client):
    response = superuser_client.get(ADD)

    assertContains(response, 'id="django-admin-prepopulated-fields-constants"')
    assertContains(response, "&quot;#id_title&quot;")


def test_admin_add_page_offers_only_columnists_as_author(
    superuser_client, columnist, member, moderator
):
    response = superuser_client.get(ADD)

    choices = response.context["adminform"].form.fields["author"].queryset
    assert list(choices) == [columnist]


def test_admin_add_page_columnist_defaults_to_themself(client, columnist):
    columnist.is_staff = True
    columnist.is_superuser = True
    columnist.save()
    client.force_login(columnist)

    response = client.get(ADD)

    assert response.context["adminform"].form.initial["author"] == columnist.pk


# --- saving validates ----------------------------------------------------------


def test_admin_add_with_columnist_saves_draft(superuser_client, columnist):
    response = superuser_client.post(ADD, article_form_data(author=columnist.pk))

    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get()
    assert article.author == columnist
    assert article.body_html == "<p>It helped on the hottest days.</p>"


def test_admin_add_with_non_columnist_author_is_refused(superuser_client, member):
    response = superuser_client.post(ADD, article_form_data(author=member.pk))

    assert response.status_code == HTTPStatus.OK
    assert "author" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_admin_add_after_author_left_columnists_is_refused(superuser_client):
    former = ColumnistFactory()
    former.groups.clear()

    response = superuser_client.post(ADD, article_form_data(author=former.pk))

    assert "author" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_admin_add_published_without_date_is_dated_now(superuser_client, columnist):
    before = timezone.now()

    superuser_client.post(
        ADD,
        article_form_data(author=columnist.pk, status=Article.Status.PUBLISHED),
    )

    article = Article.objects.get()
    assert article.is_published()
    assert article.published_at >= before


def test_admin_add_duplicate_slug_is_refused(superuser_client, article):
    response = superuser_client.post(
        ADD, article_form_data(author=article.author.pk, slug=article.slug)
    )

    assert "slug" in response.context["adminform"].form.errors
    assert Article.objects.count() == 1


# --- preview -------------------------------------------------------------------


def test_admin_change_page_shows_sanitised_preview(superuser_client, columnist):
    article = ArticleFactory(
        author=columnist,
        status=Article.Status.DRAFT,
        published_at=None,
        body="Read **this** <script>alert(1)</script> [x](javascript:alert(1))",
    )

    response = superuser_client.get(change_url(article))

    assert response.status_code == HTTPStatus.OK
    assertContains(
        response,
        f'<div class="cairn-preview">{article.body_html}</div>',
        html=True,
    )
    assertContains(response, "<strong>this</strong>", html=True)
    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(
        response,
        f'<a href="{article.get_absolute_url()}">Open the page preview</a>',
        html=True,
    )
    assertContains(response, "articles/admin/preview.css")


def test_admin_add_page_explains_preview_after_save(superuser_client):
    response = superuser_client.get(ADD)

    assertContains(response, "Save the article to see a preview.")


def test_admin_view_on_site_opens_draft_for_staff(superuser_client, draft_article):
    content_type = ContentType.objects.get_for_model(Article)

    response = superuser_client.get(
        f"/admin/r/{content_type.pk}/{draft_article.pk}/", follow=True
    )

    assert response.redirect_chain[-1][0].endswith(draft_article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assertContains(response, '<div class="draft-banner')


def test_admin_change_page_links_view_on_site(superuser_client, draft_article):
    content_type = ContentType.objects.get_for_model(Article)

    response = superuser_client.get(change_url(draft_article))

    assertContains(response, f"/admin/r/{content_type.pk}/{draft_article.pk}/")


# --- tags --------------------------------------------------------------------


def test_admin_tag_add_saves_tag(superuser_client):
    response = superuser_client.post(
        "/admin/articles/tag/add/", {"name": "Heat", "slug": "heat"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Tag.objects.get().name == "Heat"


def test_admin_tag_autocomplete_finds_tag(superuser_client):
    TagFactory(name="Bladder", slug="bladder")

    response = superuser_client.get(
        "/admin/autocomplete/",
        {
            "term": "blad",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "tags",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Bladder"]


# --- the disclaimer ------------------------------------------------------------


def disclaimer_form_data(disclaimer: Disclaimer, **overrides) -> dict:
    local = timezone.localtime(disclaimer.published_at)
    data = {
        "summary": disclaimer.summary,
        "body": disclaimer.body,
        "guidelines": disclaimer.guidelines,
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return data


def test_admin_disclaimer_pages_load_for_superuser(superuser_client):
    current = Disclaimer.objects.current()

    for url in [
        "/admin/forum/disclaimer/",
        "/admin/forum/disclaimer/add/",
        f"/admin/forum/disclaimer/{current.pk}/change/",
    ]:
        assert superuser_client.get(url).status_code == HTTPStatus.OK, url


def test_admin_disclaimer_change_creates_new_version_shown_on_next_request(
    superuser_client, client, article
):
    old = Disclaimer.objects.current()
    assertContains(client.get(article.get_absolute_url()), old.summary)

    response = superuser_client.post(
        f"/admin/forum/disclaimer/{old.pk}/change/",
        disclaimer_form_data(
            old,
            summary="Reworded summary for the new version.",
            body="Reworded body: your care team knows your history best.",
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/admin/forum/disclaimer/"
    new = Disclaimer.objects.current()
    assert new.version == old.version + 1
    old.refresh_from_db()
    assert old.summary != "Reworded summary for the new version."
    page = client.get(article.get_absolute_url())
    assertContains(page, "Reworded summary for the new version.")
    assertContains(page, "Reworded body: your care team knows your history best.")
    assertNotContains(page, old.summary)


def test_admin_disclaimer_scheduled_version_waits_for_its_date(
    superuser_client, client, article
):
    old = Disclaimer.objects.current()
    later = timezone.now() + timedelta(days=7)

    superuser_client.post(
        "/admin/forum/disclaimer/add/",
        disclaimer_form_data(
            old,
            summary="Next week's summary.",
            published_at_0=timezone.localtime(later).strftime("%Y-%m-%d"),
            published_at_1=timezone.localtime(later).strftime("%H:%M:%S"),
        ),
    )

    assert Disclaimer.objects.count() == 2
    page = client.get(article.get_absolute_url())
    assertContains(page, old.summary)
    assertNotContains(page, "Next week's summary.")


def test_admin_disclaimer_cannot_be_deleted(superuser_client):
    current = Disclaimer.objects.current()

    response = superuser_client.get(f"/admin/forum/disclaimer/{current.pk}/delete/")

    assert response.status_code == HTTPStatus.FORBIDDEN
