"""The query syntax and the excerpt highlighting, without a database."""

import pytest
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from search.highlight import best_window, highlight, stem, terms_pattern
from search.query import MAX_QUERY_LENGTH, MAX_TERMS, clean_query, parse_query, sanitize
from tests.search.utils import HOSTILE_QUERIES


def test_clean_query_drops_invisible_characters_and_collapses_space():
    assert clean_query("  hate\x00crime\t\n\x1b  victims\u200b ") == "hate crime victims"
    assert clean_query(None) == ""
    assert clean_query("\x00\x01\u200b") == ""


def test_clean_query_is_capped_at_a_word_boundary():
    query = ("victims " * 100).strip()
    cleaned = clean_query(query)
    assert len(cleaned) <= MAX_QUERY_LENGTH
    assert cleaned.split() == ["victims"] * len(cleaned.split())
    assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH


def test_words_are_searched_together():
    parsed = parse_query("hate crime")
    assert (parsed.words, parsed.phrases, parsed.excluded, parsed.operator) == (
        ["hate", "crime"],
        [],
        [],
        "and",
    )
    query = parsed.as_search_query()
    assert isinstance(query, PlainText)
    assert (query.query_string, query.operator) == ("hate crime", "and")


def test_phrases_exclusions_and_or():
    parsed = parse_query('"hate crime" victims -police NOT army OR support')
    assert parsed.phrases == ["hate crime"]
    assert parsed.words == ["victims", "support"]
    assert parsed.excluded == ["police", "army"]
    assert parsed.operator == "or"
    query = parsed.as_search_query()
    assert isinstance(query, And)
    positive, *negative = query.subqueries
    assert isinstance(positive, Or)
    assert [type(sub) for sub in positive.subqueries] == [PlainText, Phrase]
    assert [sub.subquery.query_string for sub in negative] == ["police", "army"]
    assert all(isinstance(sub, Not) for sub in negative)


def test_hyphenated_and_apostrophe_words_stay_whole():
    assert parse_query("non-discrimination ODIHR’s").words == ["non-discrimination", "ODIHR’s"]


def test_punctuation_is_dropped():
    parsed = parse_query('((hate* OR "crime) AND title:victims !')
    # An unbalanced quote is punctuation; "title:" is a word, not a field filter.
    assert parsed.words == ["hate", "crime", "title", "victims"]
    assert parsed.phrases == []


@pytest.mark.parametrize("raw", ["", "   ", "-police", "NOT police", "*", "()", '"', "AND OR"])
def test_nothing_to_search_for(raw):
    assert parse_query(raw).as_search_query() is None


def test_terms_are_capped():
    parsed = parse_query(" ".join(f"w{number}" for number in range(100)))
    assert len(parsed.words) == MAX_TERMS


def query_strings(query):
    """Every text in a query tree."""
    if query is None:
        return []
    if hasattr(query, "query_string"):
        return [query.query_string]
    if hasattr(query, "subquery"):
        return query_strings(query.subquery)
    return [text for sub in query.subqueries for text in query_strings(sub)]


@pytest.mark.parametrize("raw", HOSTILE_QUERIES)
def test_hostile_queries_become_words_or_nothing(raw):
    for text in query_strings(sanitize(raw)):
        assert all(char.isalnum() or char in " -'’_" for char in text), text


def test_sanitize_cleans_query_objects_built_in_code():
    query = sanitize(And([PlainText('a"b'), Phrase("x\x00 y"), PlainText("*")]))
    assert isinstance(query, And)
    assert [sub.query_string for sub in query.subqueries] == ["a b", "x y"]
    assert sanitize(Not(PlainText("-"))) is None


def test_highlight_escapes_text_and_marks_matches():
    html = highlight("<b>Hate</b> & crimes", terms_pattern(["hate", "crime"]))
    assert html == "&lt;b&gt;<mark>Hate</mark>&lt;/b&gt; &amp; <mark>crimes</mark>"
    assert highlight("<i>x</i>", None) == "&lt;i&gt;x&lt;/i&gt;"


def test_highlight_marks_other_forms_of_a_word():
    assert stem("crimes") == "crime"
    html = highlight("Преступления на почве ненависти", terms_pattern(["преступлений"]))
    assert html == "<mark>Преступления</mark> на почве ненависти"


def test_highlight_leaves_short_words_when_the_query_has_longer_ones():
    html = highlight("tolerance and non-discrimination", terms_pattern(["tolerance", "and"]))
    assert html == "<mark>tolerance</mark> and non-discrimination"
    assert highlight("EU and UN", terms_pattern(["EU"])) == "<mark>EU</mark> and UN"


def test_query_text_cannot_inject_a_pattern():
    assert terms_pattern([".*", "(", "|"]) is None
    # "[a-z]" is the literal word "a-z", not a character class.
    html = highlight("a.b [a-z] all", terms_pattern(["[a-z]"]))
    assert html == "a.b [<mark>a-z</mark>] all"


def test_best_window_picks_the_sentence_with_the_most_terms():
    text = "Police met. Hate crime victims need support. Crime data matters."
    pattern = terms_pattern(["hate", "crime"])
    assert best_window(text, pattern, 240) == "Hate crime victims need support."
    long_sentence = "word " * 100 + "hate crime " + "word " * 100
    window = best_window(long_sentence, pattern, 120)
    assert window.startswith("…") and "hate crime" in window and len(window) <= 122
