from django.template import Context, Template
from django.test import RequestFactory

from articles.templatetags.articles_tags import to_locale


def render_absolute_url(request, path: str) -> str:
    template = Template("{% load articles_tags %}{% absolute_url path %}")
    return template.render(Context({"request": request, "path": path}))


def test_absolute_url_uses_request_scheme_and_host(settings):
    settings.ALLOWED_HOSTS = ["cairn.example"]
    request = RequestFactory().get("/", secure=True, HTTP_HOST="cairn.example")

    assert render_absolute_url(request, "/feed/") == "https://cairn.example/feed/"


def test_absolute_url_output_cannot_break_out_of_an_attribute():
    request = RequestFactory().get("/")

    html = render_absolute_url(request, '/a"b<c/')

    assert html == "http://testserver/a%22b%3Cc/"


def test_to_locale_formats_language_for_open_graph():
    assert to_locale("en-gb") == "en_GB"
