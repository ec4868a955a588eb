import pytest

from search.services.query import MAX_LENGTH, clean_query, parse

GROUPS = [
    ("Alemtuzumab", "Lemtrada", "Campath"),
    ("Dimethyl fumarate", "Tecfidera", "DMF"),
    ("Campath 1H test",),
]


def test_clean_query_removes_controls_and_collapses_spaces():
    assert clean_query("  heat\r\n\x00and\x07   cold\u2028 ") == (
        "heat and cold",
        False,
    )


def test_long_query_is_cut_at_a_word_boundary():
    text, truncated = clean_query("fatigue " * 30)
    assert truncated
    assert len(text) <= MAX_LENGTH
    assert text.split() == ["fatigue"] * len(text.split())


def test_query_of_one_long_word_is_cut_at_the_limit():
    text, truncated = clean_query("x" * 200)
    assert truncated and text == "x" * MAX_LENGTH


def test_a_treatment_name_stands_for_all_its_names():
    query = parse("lemtrada fatigue", GROUPS)
    assert query.groups == (GROUPS[0],)
    assert query.rest == "fatigue"
    assert query.terms == ("fatigue",)


def test_multi_word_names_are_found_longest_first():
    query = parse("dimethyl FUMARATE and flushing", GROUPS)
    assert query.groups == (GROUPS[1],)
    assert query.terms == ("and", "flushing")
    assert parse("campath 1h test", GROUPS).groups == (GROUPS[2],)


def test_names_are_matched_as_whole_words_only():
    assert parse("DMFs campathy", GROUPS).groups == ()


def test_the_same_treatment_named_twice_is_one_group():
    assert parse("Lemtrada or Campath", GROUPS).groups == (GROUPS[0],)


@pytest.mark.parametrize(
    "raw", ["", "   ", "a", "é", "!!!", "&|!:*()<->", '"', "\x00", "\u202e\u2066"]
)
def test_empty_short_and_nonsense_queries_are_not_searchable(raw):
    assert not parse(raw, GROUPS).is_searchable


@pytest.mark.parametrize(
    "raw", ["ab", "MS", "Campath", '"heat sensitivity"', "a b c fatigue"]
)
def test_words_and_names_are_searchable(raw):
    assert parse(raw, GROUPS).is_searchable


def test_quoted_phrases_are_one_term():
    assert parse('"heat sensitivity" (walking),', GROUPS).terms == (
        "heat sensitivity",
        "walking",
    )
