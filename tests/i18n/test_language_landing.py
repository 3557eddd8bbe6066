"""Landing in a language the site has not translated yet (issue 16).

Six languages configured, content in English and Russian only: ``/`` redirects only to a
language whose home page visitors can open, no language without one is offered (language
switcher, hreflang, sitemap), and a page missing in the language of the URL is a 404 that
links the page where it exists.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, PageViewRestriction

from home.models import StandardPage
from tests.helpers import get_soup, publish, text_of, translate

SIX = ["en", "fr", "de", "it", "ru", "es"]


@pytest.fixture
def six_languages(settings, db):
    """``SITE_LANGUAGES=en,fr,de,it,ru,es``, with the locales ``migrate`` would make."""
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [(code, code) for code in SIX]
    for code in SIX:
        Locale.objects.get_or_create(language_code=code)


@pytest.fixture
def english_and_russian(six_languages, site_tree):
    """The site tree in English, its home and "About us" translated into Russian."""
    home_ru = translate(site_tree.home, title="Главная")
    about_ru = translate(site_tree.about, title="О нас")
    return home_ru, about_ru


def landing(client, accept_language="", path="/", **cookies):
    client.cookies.load(cookies)
    response = client.get(path, headers={"accept-language": accept_language})
    assert response.status_code == 302, response.status_code
    return response["Location"]


def elsewhere_links(soup):
    """``(hreflang, href)`` of the 404's links to the page in other languages."""
    section = soup.find("section", class_="elsewhere")
    return [(a["hreflang"], a["href"]) for a in section.find_all("a")] if section else []


# Where `/` lands.


@pytest.mark.parametrize(
    "accept_language, location",
    [
        ("fr-FR,fr;q=0.9", "/en/"),  # French configured, no French content
        ("fr-FR,fr;q=0.9,ru;q=0.8,en;q=0.5", "/ru/"),  # the first live one asked for
        ("de-CH,de;q=0.9,es;q=0.8", "/en/"),  # none live: the default language
        ("ru-RU,ru;q=0.9", "/ru/"),
        ("", "/en/"),
        ("*", "/en/"),
    ],
)
def test_root_lands_only_in_a_language_with_content(
    english_and_russian, client, accept_language, location
):
    assert landing(client, accept_language) == location


def test_a_path_without_a_language_lands_in_a_language_with_content(english_and_russian, client):
    assert landing(client, "fr,ru;q=0.5", path="/about-us/") == "/ru/about-us/"
    assert landing(client, "fr", path="/about-us/") == "/en/about-us/"


def test_the_language_cookie_counts_only_for_a_language_with_content(english_and_russian, client):
    assert landing(client, "ru", django_language="fr") == "/ru/"
    assert landing(client, "en", django_language="ru") == "/ru/"


def test_a_draft_or_private_home_page_is_no_landing(english_and_russian, client):
    home_ru, _about_ru = english_and_russian
    home_ru.unpublish()
    assert landing(client, "ru") == "/en/"
    publish(home_ru)
    assert landing(client, "ru") == "/ru/"
    PageViewRestriction.objects.create(page=home_ru, restriction_type="login")
    assert landing(client, "ru") == "/en/"


def test_a_language_published_later_is_landed_in_at_once(english_and_russian, site_tree, client):
    assert landing(client, "fr") == "/en/"
    translate(site_tree.home, "fr", title="Accueil")
    assert landing(client, "fr") == "/fr/"


def test_the_languages_with_content_cost_no_query_per_request(english_and_russian, site_tree, rf):
    from config.languages import site_languages

    site = site_tree.home.get_site()

    def request():
        request = rf.get("/")
        request._wagtail_site = site  # as caching.middleware.SiteMiddleware sets it
        return request

    assert site_languages(request()) == ("en", "ru")
    with CaptureQueriesContext(connection) as queries:
        assert site_languages(request()) == ("en", "ru")
    assert [query["sql"] for query in queries] == []


def test_without_any_live_home_page_root_goes_to_the_default_language(six_languages, client):
    # A fresh site: no page at all. Django's own behaviour, the default language.
    assert landing(client, "fr") == "/en/"


# The 404 of a page missing in the language of the URL.


def test_page_missing_in_french_links_it_where_it_exists(english_and_russian, client):
    response = client.get("/fr/about-us/")
    soup = get_soup(response, status=404)
    # In French: the interface strings that have a French translation are in French.
    assert (soup.html["lang"], response["Content-Language"]) == ("fr", "fr")
    assert elsewhere_links(soup) == [("en", "/en/about-us/"), ("ru", "/ru/about-us/")]
    # The same set the page's own hreflang alternates name.
    english = client.get("/en/about-us/").text
    alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', english)
    assert {code for code, _url in alternates} == {"en", "ru"}
    section = text_of(soup.find("section", class_="elsewhere"))
    assert "English: About us" in section and "Русский: О нас" in section


def test_french_root_without_a_french_home_lists_the_home_pages(english_and_russian, client):
    response = client.get("/fr/", headers={"accept-language": "fr"})
    soup = get_soup(response, status=404)
    assert soup.html["lang"] == "fr"
    assert elsewhere_links(soup) == [("en", "/en/"), ("ru", "/ru/")]
    assert "no pages in this language" in text_of(soup.find("main"))
    # No link into the language that has nothing (its search, its home).
    assert not [a for a in soup.find("main").find_all("a") if a["href"].startswith("/fr/")]


def test_nowhere_in_a_language_without_pages_lists_the_home_pages(english_and_russian, client):
    soup = get_soup(client.get("/fr/no-such-page/"), status=404)
    assert elsewhere_links(soup) == [("en", "/en/"), ("ru", "/ru/")]


def test_page_missing_in_russian_links_english_in_russian(english_and_russian, site_tree, client):
    only_english = publish(
        site_tree.about.add_child(instance=StandardPage(title="English only", slug="english-only"))
    )
    assert only_english.live
    soup = get_soup(client.get("/ru/about-us/english-only/"), status=404)
    assert soup.html["lang"] == "ru"
    assert text_of(soup.find("h1")) == "Страница не найдена"
    assert text_of(soup.find(id="elsewhere-heading")) == "Эта страница на других языках"
    assert elsewhere_links(soup) == [("en", "/en/about-us/english-only/")]
    # Russian has pages: the usual way on, in Russian.
    links = [a["href"] for a in soup.find("main").find_all("a")]
    assert links[-2:] == ["/ru/", "/ru/search/"]


def test_a_page_nowhere_else_is_a_plain_404(english_and_russian, client):
    soup = get_soup(client.get("/ru/no-such-page/"), status=404)
    assert soup.find("section", class_="elsewhere") is None


def test_a_translation_visitors_cannot_open_is_never_linked(english_and_russian, site_tree, client):
    _home_ru, about_ru = english_and_russian
    about_ru.unpublish()
    assert elsewhere_links(get_soup(client.get("/fr/about-us/"), status=404)) == [
        ("en", "/en/about-us/")
    ]
    publish(about_ru)
    PageViewRestriction.objects.create(page=about_ru, restriction_type="password", password="x")
    assert elsewhere_links(get_soup(client.get("/fr/about-us/"), status=404)) == [
        ("en", "/en/about-us/")
    ]


def test_a_draft_french_page_is_not_linked_from_other_languages(
    english_and_russian, site_tree, client
):
    home_fr = translate(site_tree.home, "fr", title="Accueil")
    assert client.get("/fr/").status_code == 200
    translate(site_tree.about, "fr", title="À propos").unpublish()
    soup = get_soup(client.get("/fr/about-us/"), status=404)
    assert elsewhere_links(soup) == [("en", "/en/about-us/"), ("ru", "/ru/about-us/")]
    assert home_fr.live
    soup = get_soup(client.get("/de/about-us/"), status=404)
    assert ("fr", "/fr/about-us/") not in elsewhere_links(soup)


@pytest.mark.parametrize(
    "path",
    [
        "/fr/%00/",
        "/fr/about-us%00/",
        "/fr/" + "a/" * 3000,
        "/fr/%2e%2e/%2e%2e/etc/passwd",
        "/fr/about-us/?next=%00",
        "/fr/<script>alert(1)</script>/",
        "/fr/%C3%A9t%C3%A9/",
        "/fr/%ff%fe/",
        "/fr//about-us//",
        "/fr-ca/about-us/",
        "/ru/" + "x" * 5000 + "/",
    ],
)
def test_hostile_paths_are_plain_404s(english_and_russian, client, path):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
    assert b"<script>alert" not in response.content


# A language without a live home page is not offered anywhere.


@pytest.fixture
def russian_home_draft(english_and_russian):
    """A live Russian "About us" whose Russian home page has been unpublished."""
    home_ru, about_ru = english_and_russian
    home_ru.unpublish()
    about_ru.refresh_from_db()
    assert about_ru.live
    return about_ru


def test_no_switcher_or_hreflang_to_a_language_whose_home_is_a_draft(russian_home_draft, client):
    assert client.get("/ru/about-us/").status_code == 404  # as Wagtail serves it
    html = client.get("/en/about-us/").text
    assert "language-switcher" not in html
    assert 'hreflang="ru"' not in html
    assert 'content="ru_RU"' not in html  # og:locale:alternate


def test_sitemap_leaves_out_a_language_whose_home_is_a_draft(russian_home_draft, client):
    sitemap = client.get("/sitemap.xml").text
    assert "/en/about-us/" in sitemap
    assert "/ru/" not in sitemap


def test_switcher_and_hreflang_offer_the_live_languages(english_and_russian, client):
    html = client.get("/en/about-us/").text
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert re.findall(r'hreflang="(\w+)"', switcher) == ["ru"]
    alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)"', html)
    assert sorted(alternates) == ["en", "ru"]


def test_translations_are_listed_in_the_sites_order_of_languages(six_languages, site_tree, client):
    """The hreflang links, the language switcher and the API's ``meta.translations`` list
    a page's translations alike, in the order of ``LANGUAGES`` (here not the order the
    languages were added in, nor that of their codes)."""
    for code in ("ru", "de", "fr"):
        translate(site_tree.home, code, title=f"Home {code}")
        translate(site_tree.about, code, title=f"About {code}")

    soup = get_soup(client.get("/en/about-us/"))
    hreflangs = [link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')]
    switcher = [link["hreflang"] for link in soup.select(".language-switcher a")]
    detail = client.get(f"/api/v2/pages/{site_tree.about.pk}/").json()

    assert hreflangs == ["fr", "de", "ru", "en"]  # the page's own language last
    assert switcher == ["fr", "de", "ru"]
    assert [item["locale"] for item in detail["meta"]["translations"]] == ["fr", "de", "ru"]


def test_a_url_without_a_language_is_redirected_without_rendering_a_page(
    english_and_russian, client
):
    """``/`` is the site's most visited URL: its answer is a redirect, so the 404 page Django
    renders before redirecting (the menu and its queries) is not made at all."""
    client.get("/", headers={"accept-language": "ru"})  # the site's languages, cached
    with CaptureQueriesContext(connection) as context:
        response = client.get("/about-us/", headers={"accept-language": "ru"})
    assert (response.status_code, response["Location"]) == (302, "/ru/about-us/")
    assert [template.name for template in response.templates] == []
    assert len(context) <= 1  # the editors' redirects, looked up first


def test_a_url_without_a_language_that_no_language_answers_gets_the_404_page(
    english_and_russian, client
):
    soup = get_soup(client.get("/report.pdf/"), status=404)  # no page's URL has a dot
    assert soup.find("main") is not None  # the whole page, with the site around it


def test_an_editors_redirect_without_a_language_still_wins(english_and_russian, client):
    Redirect.objects.create(old_path="/annual-report", redirect_link="https://example.org/report")
    response = client.get("/annual-report/")
    assert response.status_code in (301, 302)
    assert response["Location"] == "https://example.org/report"


def test_search_in_a_language_without_pages_is_not_found(english_and_russian, client):
    """French is configured but has no home page: ``/fr/search/`` answers as every other
    French URL does (404, with links to the languages that have pages), not with an empty
    French search; Russian, which has pages, is searched."""
    soup = get_soup(client.get("/fr/search/?q=about"), status=404)
    assert elsewhere_links(soup)
    assert client.get("/ru/search/?q=about").status_code == 200
    assert client.get("/fr/news/feed/rss/").status_code == 404
