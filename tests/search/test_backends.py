"""The search backends: chosen by engine; per-language stemming on PostgreSQL; safe everywhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Phrase, PlainText

from news.models import NewsPage
from tests import factories
from tests.search.utils import HOSTILE_QUERIES, api_titles, result_titles, search_page, translate

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming per language is PostgreSQL's"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 backend")


@pytest.fixture
def pages(site_tree):
    """An English news item and its Russian translation, about hate crimes."""
    english = factories.NewsPageFactory(
        parent=site_tree.news,
        title="Report on crimes",
        summary="Prosecutors recorded more hate crimes than ever.",
    )
    russian = translate(
        english,
        "ru",
        title="Доклад о преступлениях",
        summary="Прокуроры зарегистрировали больше преступлений на почве ненависти.",
    )
    return english, russian


def lexemes(page):
    """The words of a page's index entry as the database stored them."""
    entry = IndexEntry.objects.get(object_id=str(page.pk))
    return f"{entry.title} {entry.body}"


@postgres_only
def test_postgres_backend_uses_each_languages_configuration():
    backend = get_search_backend()
    assert type(backend).__name__ == "LocalizedPostgresSearchBackend"
    assert backend.query_configs == ("english", "russian")
    assert backend.config_for_language("ru-RU") == "russian"
    assert backend.config_for_language("kk") == "simple"


@sqlite_only
def test_sqlite_backend_is_the_fts5_one():
    assert type(get_search_backend()).__name__ == "SafeSQLiteSearchBackend"


@postgres_only
def test_pages_are_indexed_with_the_stemmer_of_their_language(pages):
    english, russian = pages
    assert "'crime'" in lexemes(english)  # english: "crimes" -> crime
    assert "'преступлен'" in lexemes(russian)  # russian: "преступлениях" -> преступлен
    assert "'преступлениях'" not in lexemes(russian)


@postgres_only
def test_russian_word_forms_find_each_other(pages):
    for query in ["преступление", "преступлений", "Преступлениями", "прокурор"]:
        assert result_titles(search_page("ru", q=query)) == ["Доклад о преступлениях"], query
        assert api_titles("pages/", search=query, locale="ru") == ["Доклад о преступлениях"]
    # Without a locale, each page is matched in its own language.
    assert api_titles("pages/", search="преступлений") == ["Доклад о преступлениях"]


@postgres_only
def test_english_word_forms_find_each_other(pages):
    assert result_titles(search_page(q="crime reporting")) == ["Report on crimes"]
    assert api_titles("pages/", search="prosecutor recording") == ["Report on crimes"]


@postgres_only
def test_every_language_is_queried_with_its_configuration(pages):
    with CaptureQueriesContext(connection) as queries:
        api_titles("pages/", search="преступлений")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "to_tsquery('english'::regconfig" in sql
    assert "to_tsquery('russian'::regconfig" in sql


@postgres_only
def test_stop_words_alone_find_nothing(pages):
    assert result_titles(search_page(q="the of and")) == []
    assert api_titles("pages/", search="и на в") == []


@sqlite_only
def test_sqlite_matches_words_as_typed(pages):
    assert result_titles(search_page("ru", q="преступлений")) == ["Доклад о преступлениях"]
    assert result_titles(search_page("ru", q="ПРЕСТУПЛЕНИЙ")) == ["Доклад о преступлениях"]
    assert result_titles(search_page(q="crimes")) == ["Report on crimes"]


def test_objects_without_a_locale_are_searchable(site_tree):
    image = factories.ImageFactory(title="Annual reports of the office")
    assert list(Image.objects.search("reports")) == [image]
    assert list(Image.objects.search('reports"')) == [image]


def test_searching_given_fields(pages):
    english, russian = pages
    assert list(NewsPage.objects.search("crimes", fields=["title"])) == [english]
    assert list(NewsPage.objects.search("ненависти", fields=["title"])) == []  # in the summary
    if connection.vendor == "postgresql":  # SQLite's FTS5 index has title and body only
        assert list(NewsPage.objects.search("ненависти", fields=["summary"])) == [russian]


@pytest.fixture
def indexed_page(db):
    """One page in the index, so that every query is evaluated against a row."""
    return factories.StandardPageFactory(
        parent=Page.get_first_root_node(), title="Hate crime data", intro="Crime (hate) data."
    )


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_backend_accepts_any_string(indexed_page, query):
    # Also what Wagtail's admin sends: autocomplete while typing, search on submit.
    list(Page.objects.search(query))
    list(Page.objects.autocomplete(query))
    list(Image.objects.search(query, operator="or"))


def test_backend_accepts_query_objects_with_any_text(site_tree):
    factories.StandardPageFactory(parent=site_tree.home, title="Quote test")
    query = And([PlainText('quote"'), Phrase("te\x00st")])
    assert [page.title for page in Page.objects.search(query)] == []
    assert [page.title for page in Page.objects.search(PlainText('"quote'))] == ["Quote test"]
    assert list(Page.objects.search(PlainText("*"))) == []


@pytest.mark.parametrize("query", ["Quokka", 'quo"kka (\x00 -'])
def test_admin_searches_use_the_backend(site_tree, admin_client, query):
    factories.StandardPageFactory(parent=site_tree.home, title="Quokka facts")
    for url in ["/admin/pages/search/", "/admin/choose-page/search/", "/admin/images/"]:
        response = admin_client.get(url, {"q": query})
        assert response.status_code == 200, url
    if query == "Quokka":
        response = admin_client.get("/admin/pages/search/", {"q": query})
        assert b"Quokka facts" in response.content
