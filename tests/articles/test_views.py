from datetime import timedelta
from http import HTTPStatus

import pytest
from django.template import loader
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from forum.services import publish_disclaimer
from tests.articles.conftest import ROLES, ROLES_WHO_SEE_UNPUBLISHED, STATES
from tests.articles.html_outline import (
    heading_levels_skip,
    link_hrefs,
    meta_content,
    outline,
)
from tests.factories import ArticleFactory, ColumnistFactory, MemberFactory, TagFactory

pytestmark = pytest.mark.django_db

DRAFT_BANNER = '<div class="draft-banner'


def page_titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


# --- article page: who sees what --------------------------------------------


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_article_detail_role_and_state_decide_visibility(
    role, state, article_in_state, client_as
):
    article = article_in_state(state)
    client = client_as(role)

    response = client.get(article.get_absolute_url())

    if state == "published":
        assert response.status_code == HTTPStatus.OK
        assertNotContains(response, DRAFT_BANNER)
    elif role in ROLES_WHO_SEE_UNPUBLISHED:
        assert response.status_code == HTTPStatus.OK
        assertContains(response, DRAFT_BANNER)
        assertContains(response, "<strong>Draft</strong>", html=True)
    else:
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_article_detail_dated_draft_hidden_from_public(client, columnist):
    article = ArticleFactory(
        author=columnist,
        status=Article.Status.DRAFT,
        published_at=timezone.now() - timedelta(days=1),
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_article_detail_scheduled_banner_says_when(client, columnist):
    when = timezone.localtime() + timedelta(days=3)
    article = ArticleFactory(author=columnist, published_at=when)
    client.force_login(columnist)

    response = client.get(article.get_absolute_url())

    assertContains(response, "Scheduled for " + when.strftime("%-d %B %Y, %H:%M"))


def test_article_detail_unpublished_is_not_indexed(client, draft_article):
    client.force_login(draft_article.author)

    response = client.get(draft_article.get_absolute_url())

    assert meta_content(response.text, key="robots") == ["noindex, nofollow"]


def test_article_detail_published_is_indexable(client, article):
    response = client.get(article.get_absolute_url())

    assert meta_content(response.text, key="robots") == []


def test_article_detail_unknown_slug_returns_not_found(client):
    response = client.get("/articles/no-such-article/")

    assert response.status_code == HTTPStatus.NOT_FOUND


# --- article page: content and markup ---------------------------------------


def test_article_detail_shows_body_author_link_time_and_tags(client, columnist):
    tag = TagFactory(name="Sleep", slug="sleep")
    article = ArticleFactory(
        author=columnist, body="Rest **matters**.", tags=[tag], title="Resting well"
    )

    response = client.get(article.get_absolute_url())

    assertContains(response, '<h1 id="article-title">Resting well</h1>', html=True)
    assertContains(response, "<p>Rest <strong>matters</strong>.</p>", html=True)
    assertContains(
        response,
        f'<a href="/columnists/{columnist.pk}/" rel="author">'
        f"{columnist.display_name}</a>",
        html=True,
    )
    published = timezone.localtime(article.published_at)
    assertContains(
        response,
        f'<time datetime="{published.isoformat()}">'
        f"{published.strftime('%-d %B %Y')}</time>",
        html=True,
    )
    assertContains(
        response,
        '<a class="btn btn-sm btn-outline-secondary mb-2" href="/tags/sleep/" '
        'rel="tag">Sleep</a>',
        html=True,
    )


def test_article_detail_author_email_never_shown(client, article):
    response = client.get(article.get_absolute_url())

    assertNotContains(response, article.author.email)


def test_article_detail_has_one_h1_and_headings_in_order(client, columnist):
    article = ArticleFactory(author=columnist, body="## Part one\n\n### Detail")

    page = outline(client.get(article.get_absolute_url()).text)

    assert [level for level, _ in page.headings].count(1) == 1
    assert page.headings[0] == (1, article.title)
    assert not heading_levels_skip(page.headings)


def test_article_detail_has_landmarks(client, article):
    tags = [tag for tag, _ in outline(client.get(article.get_absolute_url()).text).tags]

    for landmark in ["header", "nav", "main", "footer", "article", "aside"]:
        assert landmark in tags
    assert tags.count("main") == 1


def test_article_detail_canonical_and_open_graph(client, columnist):
    tag = TagFactory(name="Relapses")
    article = ArticleFactory(
        author=columnist,
        title="After a relapse",
        summary="What the first weeks were like.",
        tags=[tag],
    )
    url = f"http://testserver{article.get_absolute_url()}"

    html = client.get(article.get_absolute_url()).text

    assert link_hrefs(html, rel="canonical") == [url]
    assert meta_content(html, key="og:url") == [url]
    assert meta_content(html, key="og:type") == ["article"]
    assert meta_content(html, key="og:title") == ["After a relapse"]
    assert meta_content(html, key="og:description") == [
        "What the first weeks were like."
    ]
    assert meta_content(html, key="og:locale") == ["en_GB"]
    assert meta_content(html, key="article:published_time") == [
        timezone.localtime(article.published_at).isoformat()
    ]
    assert meta_content(html, key="article:author") == [
        f"http://testserver/columnists/{columnist.pk}/"
    ]
    assert meta_content(html, key="article:tag") == ["Relapses"]


def test_article_detail_title_is_escaped_in_meta(client, columnist):
    article = ArticleFactory(author=columnist, title='Quotes " and <tags>')

    response = client.get(article.get_absolute_url())

    assert meta_content(response.text, key="og:title") == ['Quotes " and <tags>']
    assertNotContains(response, "<tags>")


def test_article_detail_shows_disclaimer_under_article_and_in_footer(client, article):
    response = client.get(article.get_absolute_url())
    html = response.text

    assertContains(
        response,
        '<h2 id="disclaimer-heading" class="h5">Medical disclaimer</h2>',
        html=True,
    )
    # The full disclaimer sits inside the article, after its body.
    body_end = html.index("Second paragraph with")
    disclaimer_at = html.index('id="medical-disclaimer"')
    assert body_end < disclaimer_at < html.index("</article>")
    # The summary is in the footer.
    footer = html[html.index("<footer") :]
    assert 'id="site-disclaimer"' in footer
    assert "Medical disclaimer:" in footer


def test_new_disclaimer_version_replaces_old_text_on_next_request(client, article):
    first = client.get(article.get_absolute_url())
    assertContains(first, "Cairn shares experiences, not medical advice")

    publish_disclaimer(
        summary="Version two summary written for this test.",
        body="Version two body: check every change with your own care team.",
        guidelines="Be kind.",
    )
    second = client.get(article.get_absolute_url())

    assertContains(second, "Version two body: check every change")
    assertContains(second, "Version two summary written for this test.")
    assertNotContains(second, "Cairn shares experiences, not medical advice")


def test_article_detail_future_disclaimer_version_not_shown_yet(client, article):
    publish_disclaimer(
        summary="A later summary.",
        body="A later body.",
        guidelines="Be kind.",
        published_at=timezone.now() + timedelta(days=1),
    )

    response = client.get(article.get_absolute_url())

    assertNotContains(response, "A later body.")


def test_article_detail_query_count_is_small(
    client, columnist, django_assert_max_num_queries
):
    article = ArticleFactory(author=columnist, tags=TagFactory.create_batch(5))

    # article + author, tags, treatments, related reading (one query for
    # both lists: articles/related.py), discussion, a page of comments, the
    # disclaimer (cold cache); tests/articles/test_discussion_page.py pins
    # the whole page with large discussions.
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK


def test_article_detail_query_count_signed_in_is_small(
    member_client, columnist, django_assert_max_num_queries
):
    article = ArticleFactory(author=columnist, tags=TagFactory.create_batch(5))

    # session, member, article + author, tags, treatments, related reading,
    # discussion, a page of comments, the member's standing (verified,
    # disclaimer accepted, follow state, last visit, unread notifications),
    # the disclaimer (cold cache), the visit written down
    with django_assert_max_num_queries(11):
        response = member_client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK


# --- home --------------------------------------------------------------------


def test_home_lists_published_articles_newest_first(client, columnist):
    now = timezone.now()
    older = ArticleFactory(author=columnist, published_at=now - timedelta(days=2))
    newer = ArticleFactory(author=columnist, published_at=now - timedelta(days=1))
    ArticleFactory(author=columnist, status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(author=columnist, published_at=now + timedelta(days=1))

    response = client.get("/")

    assert response.status_code == HTTPStatus.OK
    assert page_titles(response) == [newer.title, older.title]


def test_home_shows_drafts_to_nobody_not_even_their_author(client, draft_article):
    client.force_login(draft_article.author)

    response = client.get("/")

    assertNotContains(response, draft_article.title)


def test_home_with_no_articles_says_so(client):
    response = client.get("/")

    assertContains(response, "Nothing has been published yet.")


def test_home_paginates_ten_per_page(client, columnist):
    now = timezone.now()
    articles = [
        ArticleFactory(author=columnist, published_at=now - timedelta(hours=n))
        for n in range(1, 13)
    ]

    first = client.get("/")
    second = client.get("/?page=2")

    assert page_titles(first) == [a.title for a in articles[:10]]
    assert page_titles(second) == [a.title for a in articles[10:]]
    assertContains(
        first, '<a class="page-link" href="?page=2" rel="next">Older</a>', html=True
    )
    assertContains(
        second, '<a class="page-link" href="?page=1" rel="prev">Newer</a>', html=True
    )
    assertContains(second, "Page 2 of 2")
    assert link_hrefs(second.text, rel="canonical") == ["http://testserver/?page=2"]
    assert link_hrefs(first.text, rel="canonical") == ["http://testserver/"]


@pytest.mark.parametrize("page", ["3", "0", "two"])
def test_home_page_out_of_range_returns_not_found(client, columnist, page):
    ArticleFactory.create_batch(12, author=columnist)

    response = client.get(f"/?page={page}")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_home_has_one_h1_and_headings_in_order(client, article):
    page = outline(client.get("/").text)

    assert [level for level, _ in page.headings].count(1) == 1
    assert not heading_levels_skip(page.headings)


@pytest.mark.parametrize("count", [3, 25])
def test_home_query_count_does_not_grow_with_articles(
    client, count, django_assert_max_num_queries
):
    for _ in range(count):
        ArticleFactory(tags=[TagFactory()])

    # count, page of articles + authors, disclaimer
    with django_assert_max_num_queries(3):
        response = client.get("/")

    assert len(response.context["articles"]) == min(count, 10)


@pytest.mark.parametrize("count", [3, 25])
def test_home_query_count_signed_in_does_not_grow_with_articles(
    member_client, count, django_assert_max_num_queries
):
    for _ in range(count):
        ArticleFactory(tags=[TagFactory()])

    # session, member, count, page of articles + authors, disclaimer
    with django_assert_max_num_queries(6):
        response = member_client.get("/")

    assert len(response.context["articles"]) == min(count, 10)


# --- columnist page ----------------------------------------------------------


def test_columnist_detail_shows_bio_and_published_articles(client):
    columnist = ColumnistFactory(bio="Diagnosed in 2015.\nWrites about work.")
    published = ArticleFactory(author=columnist)
    draft = ArticleFactory(
        author=columnist, status=Article.Status.DRAFT, published_at=None
    )
    someone_elses = ArticleFactory()

    response = client.get(f"/columnists/{columnist.pk}/")

    assert response.status_code == HTTPStatus.OK
    assertContains(response, f"<h1>{columnist.display_name}</h1>", html=True)
    assertContains(response, "Diagnosed in 2015.<br>Writes about work.")
    assert page_titles(response) == [published.title]
    assertNotContains(response, draft.title)
    assertNotContains(response, someone_elses.title)


def test_columnist_detail_own_drafts_not_listed_for_author(client, draft_article):
    client.force_login(draft_article.author)

    response = client.get(f"/columnists/{draft_article.author.pk}/")

    assert page_titles(response) == []
    assertContains(response, "No published articles yet.")


def test_columnist_detail_escapes_bio(client):
    columnist = ColumnistFactory(bio="<b>bold</b> claim")

    response = client.get(f"/columnists/{columnist.pk}/")

    assertContains(response, "&lt;b&gt;bold&lt;/b&gt; claim")


def test_columnist_detail_canonical_and_headings(client, columnist):
    ArticleFactory(author=columnist)

    html = client.get(f"/columnists/{columnist.pk}/").text

    assert link_hrefs(html, rel="canonical") == [
        f"http://testserver/columnists/{columnist.pk}/"
    ]
    page = outline(html)
    assert [level for level, _ in page.headings].count(1) == 1
    assert not heading_levels_skip(page.headings)


def test_columnist_detail_non_columnist_returns_not_found(client, member):
    response = client.get(f"/columnists/{member.pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_columnist_detail_unknown_member_returns_not_found(client):
    response = client.get("/columnists/999999/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_columnist_detail_query_count_is_small(
    client, columnist, django_assert_max_num_queries
):
    ArticleFactory.create_batch(12, author=columnist)

    # columnist, count, page of articles + authors, disclaimer
    with django_assert_max_num_queries(4):
        client.get(f"/columnists/{columnist.pk}/")


# --- tag page ----------------------------------------------------------------


def test_tag_detail_lists_published_articles_with_tag(client, columnist):
    tag = TagFactory(name="Fatigue", slug="fatigue")
    tagged = ArticleFactory(author=columnist, tags=[tag])
    ArticleFactory(author=columnist)
    scheduled = ArticleFactory(
        author=columnist, published_at=timezone.now() + timedelta(days=1), tags=[tag]
    )

    response = client.get("/tags/fatigue/")

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "<h1>Fatigue</h1>", html=True)
    assert page_titles(response) == [tagged.title]
    assertNotContains(response, scheduled.title)


def test_tag_detail_tag_with_only_drafts_returns_not_found(client, columnist):
    tag = TagFactory(slug="embargoed")
    ArticleFactory(
        author=columnist, status=Article.Status.DRAFT, published_at=None, tags=[tag]
    )

    response = client.get("/tags/embargoed/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_tag_detail_unknown_tag_returns_not_found(client):
    response = client.get("/tags/no-such-tag/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_tag_detail_canonical_is_tag_url(client, columnist):
    tag = TagFactory(slug="heat")
    ArticleFactory(author=columnist, tags=[tag])

    html = client.get("/tags/heat/?utm_source=newsletter").text

    assert link_hrefs(html, rel="canonical") == ["http://testserver/tags/heat/"]


def test_tag_detail_headings_in_order(client, columnist):
    tag = TagFactory()
    ArticleFactory(author=columnist, tags=[tag])

    page = outline(client.get(tag.get_absolute_url()).text)

    assert [level for level, _ in page.headings].count(1) == 1
    assert not heading_levels_skip(page.headings)


# --- sitemap, robots.txt, error pages ------------------------------------------


def test_sitemap_lists_published_articles_and_used_tags_only(client, columnist):
    used, unused, draft_only = TagFactory.create_batch(3)
    published = ArticleFactory(author=columnist, tags=[used])
    draft = ArticleFactory(
        author=columnist,
        status=Article.Status.DRAFT,
        published_at=None,
        tags=[draft_only],
    )
    scheduled = ArticleFactory(
        author=columnist, published_at=timezone.now() + timedelta(days=1)
    )

    response = client.get("/sitemap.xml")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/xml")
    xml = response.text
    assert f"<loc>http://testserver{published.get_absolute_url()}</loc>" in xml
    assert f"<loc>http://testserver{used.get_absolute_url()}</loc>" in xml
    assert "<loc>http://testserver/</loc>" in xml
    for hidden in [draft, scheduled, unused, draft_only]:
        assert hidden.get_absolute_url() not in xml


def test_robots_txt_points_to_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /accounts/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_not_found_page_is_friendly(client):
    response = client.get("/no/such/page/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assertContains(
        response,
        "<h1>We couldn’t find that page</h1>",
        html=True,
        status_code=HTTPStatus.NOT_FOUND,
    )
    assertContains(
        response,
        '<a class="btn btn-primary" href="/">Go to the home page</a>',
        html=True,
        status_code=HTTPStatus.NOT_FOUND,
    )


def test_server_error_template_renders_without_context():
    html = loader.get_template("500.html").render()

    assert "<h1>Something went wrong on our side</h1>" in html
    assert '<html lang="en-gb">' in html


def test_server_error_view_uses_friendly_template():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Something went wrong on our side" in response.content


def test_pages_have_no_inline_scripts_or_styles(client, article):
    member = MemberFactory()
    client.force_login(member)
    urls = [
        "/",
        article.get_absolute_url(),
        f"/columnists/{article.author.pk}/",
        "/no/such/page/",
    ]

    for url in urls:
        page = outline(client.get(url).text)
        scripts = [attrs for tag, attrs in page.tags if tag == "script"]
        assert all(attrs.get("src") for attrs in scripts), url
        assert not any("style" in attrs for _, attrs in page.tags), url
        assert "style" not in [tag for tag, _ in page.tags], url
