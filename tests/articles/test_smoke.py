from http import HTTPStatus


def test_home_page_lists_published_article(client, article):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert article.title in response.text


def test_article_page_shows_disclaimer(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Cairn shares experiences, not medical advice" in response.text
