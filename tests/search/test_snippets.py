from search.services import snippets


def test_headline_text_is_decoded_then_escaped_with_only_our_marks():
    html = snippets.from_headline(
        "a &lt;script&gt; \x02fatigue\x03 &amp; \x02<b>\x03", "\x02", "\x03"
    )
    assert html == (
        "a &lt;script&gt; <mark>fatigue</mark> &amp; <mark>&lt;b&gt;</mark>"
    )


def test_an_unclosed_sentinel_is_plain_text():
    assert snippets.from_headline("one \x02two", "\x02", "\x03") == "one two"


def test_window_centres_on_the_first_match_and_marks_every_term():
    text = "word " * 100 + "Fatigue comes and fatigue goes " + "end " * 100
    html = str(snippets.window(text, ["fatigue"]))
    assert html.startswith("…")
    assert html.count("<mark>") == 2
    assert "<mark>Fatigue</mark>" in html


def test_window_escapes_the_text():
    html = str(snippets.window('<img src=x onerror="a"> heat', ["heat"]))
    assert "<img" not in html and "&lt;img" in html and "<mark>heat</mark>" in html
