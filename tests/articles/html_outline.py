"""Reading a page's outline (headings, landmarks, meta) for structure tests."""

from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._heading: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in HEADINGS:
            self._heading = (int(tag[1]), [])

    def handle_endtag(self, tag):
        if tag in HEADINGS and self._heading is not None:
            level, text = self._heading
            self.headings.append((level, " ".join("".join(text).split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1].append(data)


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser


def heading_levels_skip(headings: list[tuple[int, str]]) -> bool:
    """Whether any heading is more than one level below the one before it."""
    levels = [level for level, _ in headings]
    return any(b > a + 1 for a, b in zip(levels, levels[1:], strict=False))


def meta_content(html: str, *, key: str) -> list[str | None]:
    return [
        attrs.get("content")
        for tag, attrs in outline(html).tags
        if tag == "meta" and (attrs.get("property") or attrs.get("name")) == key
    ]


def link_hrefs(html: str, *, rel: str) -> list[str | None]:
    return [
        attrs.get("href")
        for tag, attrs in outline(html).tags
        if tag == "link" and attrs.get("rel") == rel
    ]
