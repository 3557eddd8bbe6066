"""404 and 500 pages in the language of the URL; the 500 page never reads the database."""

import json

import pytest
from wagtail.models import Site

from config import errors, urls
from home.models import StandardPage
from tests.helpers import get_soup, main_menu_links, publish, text_of

NOT_FOUND = {
    "en": ("Page not found", "Sorry, we could not find that page.", "/en/"),
    "ru": ("Страница не найдена", "К сожалению, мы не нашли эту страницу.", "/ru/"),
}
SERVER_ERROR = {
    "en": ("Something went wrong", "Please try again in a few minutes."),
    "ru": ("Что-то пошло не так", "Пожалуйста, попробуйте ещё раз через несколько минут."),
}


@pytest.fixture
def failing_client(client, monkeypatch):
    """Every page and API request fails with a bug (not a database outage)."""

    def broken(*args, **kwargs):
        raise ValueError("a bug with a secret in it")

    monkeypatch.setattr(Site, "find_for_request", broken)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("language", ["en", "ru"])
def test_not_found_page_in_the_language_of_the_url(shared_demo_site, client, language):
    heading, text, home = NOT_FOUND[language]
    soup = get_soup(client.get(f"/{language}/no-such-page/"), status=404)
    assert soup.html["lang"] == language
    assert text_of(soup.find("h1")) == heading
    assert text_of(soup.title).startswith(heading)
    assert text in text_of(soup.find("main"))
    links = [a["href"] for a in soup.find("main").find_all("a")]
    assert links == [home, f"/{language}/search/"]
    # The site's layout: header, the menu of that language, footer.
    menu = main_menu_links(soup)
    assert menu[0] == ("Home" if language == "en" else "Главная", home)
    assert all(href.startswith(home) for _, href in menu)
    assert soup.find("footer", class_="site-footer")


def test_a_page_missing_only_in_russian_is_a_russian_404(shared_demo_site, client):
    about = StandardPage.objects.get(slug="about-us", locale__language_code="en")
    only_english = about.add_child(instance=StandardPage(title="English only", slug="english-only"))
    publish(only_english)
    assert client.get("/en/about-us/english-only/").status_code == 200
    soup = get_soup(client.get("/ru/about-us/english-only/"), status=404)
    assert soup.html["lang"] == "ru"
    assert text_of(soup.find("h1")) == "Страница не найдена"


def test_handler500_is_ours():
    assert urls.handler500 == "config.errors.server_error"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_server_error_page_in_the_language_of_the_url(db, failing_client, language):
    response = failing_client.get(f"/{language}/about-us/")
    soup = get_soup(response, status=500)
    heading, text = SERVER_ERROR[language]
    assert soup.html["lang"] == language
    assert text_of(soup.find("h1")) == heading
    assert text in text_of(soup.find("main"))
    assert soup.find("main").find("a")["href"] == f"/{language}/"
    assert b"secret" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_server_error_without_a_language_prefix_follows_the_browser(db, failing_client):
    response = failing_client.get("/", headers={"accept-language": "ru,en;q=0.5"})
    soup = get_soup(response, status=500)
    assert soup.html["lang"] == "ru"


def test_server_error_in_the_api_is_json(db, failing_client, monkeypatch):
    from api.views import SitePagesAPIViewSet

    def broken(*args, **kwargs):
        raise ValueError("a bug with a secret in it")

    monkeypatch.setattr(SitePagesAPIViewSet, "get_queryset", broken)
    response = failing_client.get("/api/v2/pages/")
    assert response.status_code == 500
    assert json.loads(response.content) == {"message": "Internal server error."}


def test_server_error_page_reads_no_database(rf):
    """No ``db`` fixture: pytest-django makes any database access here an error."""
    response = errors.server_error(rf.get("/ru/events/"))
    assert response.status_code == 500
    assert "Что-то пошло не так" in response.content.decode()
