"""The one place where text written by people becomes HTML.

Threat model: anyone who can post (members in comments, columnists in
articles, staff in the disclaimer) may try to inject script, styles, frames,
forms, tracking images or misleading links, including through Markdown tricks
(`[x](javascript:...)`, entity-encoded schemes, raw HTML blocks, autolinks)
and through parser differentials between html5lib and browsers (mutation XSS
via svg/math/noscript/raw-text elements).

Defence in depth, applied once on write:
1. markdown-it-py renders with raw HTML disabled: any `<tag>` typed by a
   person is escaped to text before a sanitiser ever sees it, and its link
   validator refuses javascript:, vbscript:, file: and data: URLs.
2. bleach cleans the result against small allow-lists (module constants
   below): no svg, math, noscript, style, iframe, img, form or raw-text tags,
   no style or event attributes, comments stripped, only http, https and
   mailto links.
3. Every surviving or linkified link gets `rel="nofollow ugc noopener"`.

Templates mark only the stored `*_html` fields safe; everything else is
autoescaped.
"""

from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

COMMENT_TAGS = frozenset(
    {
        "p",
        "br",
        "em",
        "strong",
        "del",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "a",
    }
)
ARTICLE_TAGS = COMMENT_TAGS | {
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "ol": ["start"],
    "th": ["align"],
    "td": ["align"],
}
PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Comments: paragraphs, emphasis, lists, quotes, code and links; no headings,
# tables or images (the image rule is off, so ![x](y) stays literal text).
_comment_md = MarkdownIt(
    "zero", {"html": False, "breaks": True, "typographer": False}
).enable(
    [
        "emphasis",
        "list",
        "blockquote",
        "backticks",
        "fence",
        "code",
        "link",
        "newline",
        "escape",
        "strikethrough",
        "autolink",
        "entity",
    ]
)
_article_md = (
    MarkdownIt("commonmark", {"html": False, "typographer": True})
    .enable(["table", "strikethrough"])
    .disable(["image", "html_block", "html_inline"])
)


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = LINK_REL
    return attrs


def _cleaner(tags: frozenset[str]) -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=tags,
        attributes=ATTRIBUTES,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})
        ],
    )


_comment_cleaner = _cleaner(COMMENT_TAGS)
_article_cleaner = _cleaner(ARTICLE_TAGS)


def render_comment(source: str) -> str:
    """Markdown subset → safe HTML for a reader's comment."""
    return _comment_cleaner.clean(_comment_md.render(source)).strip()


def render_article(source: str) -> str:
    """Markdown → safe HTML for editorial text (articles, the disclaimer)."""
    return _article_cleaner.clean(_article_md.render(source)).strip()
