"""The one sanitiser against a generated corpus of hostile input.

Rather than expecting exact output, every result is parsed like a browser
would and must hold only allow-listed tags, attributes and link schemes.
"""

import itertools
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from forum import sanitize

TAGS = [
    "script",
    "img",
    "svg",
    "math",
    "iframe",
    "style",
    "object",
    "embed",
    "a",
    "form",
    "input",
    "video",
    "audio",
    "body",
    "details",
    "noscript",
    "textarea",
    "title",
    "xmp",
    "template",
    "meta",
    "base",
    "link",
    "marquee",
    "select",
]
HANDLERS = [
    "onerror=alert(1)",
    "onload=alert(1)",
    "onmouseover=alert(1)",
    "onfocus=alert(1) autofocus",
    "ontoggle=alert(1) open",
]
SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "file:///etc/passwd",
]
WRAPPERS = [
    "{}",
    "`{}`",
    "> {}",
    "- {}",
    "**{}**",
    "<div>{}</div>",
    "<!--{}-->",
    "<svg><p><style>{}",
    "<math><mtext><table><mglyph><style>{}",
    '<noscript><p title="</noscript>{}">',
]


def payloads():
    for tag, handler in itertools.product(TAGS, HANDLERS):
        yield f"<{tag} src=x {handler}>x</{tag}>"
    for scheme in SCHEMES:
        yield f"[click]({scheme})"
        yield f"<{scheme}>"
        yield f'<a href="{scheme}">x</a>'
        yield f"[x]: {scheme}\n\n[click][x]"
        yield f'<iframe src="{scheme}"></iframe>'
    for wrapper in WRAPPERS:
        yield wrapper.format("<img src=x onerror=alert(1)>")
        yield wrapper.format("<script>alert(1)</script>")
    yield "![x](javascript:alert(1))"
    yield '<a href="https://ok.example" onclick="alert(1)" style="color:red">ok</a>'
    yield "<scr<script>ipt>alert(1)</scr</script>ipt>"
    yield '"><script>alert(1)</script>'
    yield "\u202egnp.exe"
    yield '<a hx-get="/c/1/delete/" hx-trigger="load">x</a>'


CORPUS = list(payloads())


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def inspect(html: str) -> list[tuple[str, dict]]:
    parser = Inspector()
    parser.feed(html)
    parser.close()
    return parser.tags


def test_corpus_is_large():
    assert len(CORPUS) > 150


@pytest.mark.parametrize(
    "render,allowed",
    [
        (sanitize.render_comment, sanitize.COMMENT_TAGS),
        (sanitize.render_article, sanitize.ARTICLE_TAGS),
    ],
)
def test_hostile_input_yields_only_allow_listed_markup(render, allowed):
    for payload in CORPUS:
        html = render(payload)
        for tag, attrs in inspect(html):
            assert tag in allowed, (payload, html)
            assert set(attrs) <= set(sanitize.ATTRIBUTES.get(tag, [])), (payload, html)
            if "href" in attrs:
                scheme = urlparse(attrs["href"].strip()).scheme.lower()
                assert scheme in {"", *sanitize.PROTOCOLS}, (payload, html)
                assert attrs.get("rel") == sanitize.LINK_REL, (payload, html)


def test_every_link_gets_nofollow_ugc_noopener():
    html = sanitize.render_comment(
        "[a](https://a.example) and https://b.example.org and <mailto:x@y.example>"
    )
    links = [attrs for tag, attrs in inspect(html) if tag == "a"]
    assert len(links) == 3
    assert all(link["rel"] == "nofollow ugc noopener" for link in links)


def test_comment_markdown_subset_renders():
    html = sanitize.render_comment(
        "*em* **strong**\n\n- one\n- two\n\n> quoted\n\n`code`"
    )
    assert {tag for tag, _ in inspect(html)} >= {
        "em",
        "strong",
        "ul",
        "li",
        "blockquote",
        "code",
    }


def test_comment_headings_and_images_stay_text():
    html = sanitize.render_comment("# Not a heading\n\n![alt](https://x.example/i.png)")
    assert "<h1" not in html and "<img" not in html
