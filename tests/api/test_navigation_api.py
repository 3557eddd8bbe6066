"""The navigation endpoint: its shape, and the same menu as the one the templates render."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from wagtail.models import Page

from tests import factories
from tests.api.utils import translate

URL = "/api/v2/navigation/"


def get_response(**params):
    return Client().get(URL, params)


class MenuLinks(HTMLParser):
    """The links of ``<nav class="main-menu">`` as ``(level, title, url)``; level 1 is the top."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.in_menu = False
        self.level = 0
        self.href = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "main-menu" in (attrs.get("class") or "").split():
            self.in_menu = True
        elif self.in_menu and tag == "ul":
            self.level += 1
        elif self.in_menu and tag == "a":
            self.href, self.text = attrs["href"], ""

    def handle_data(self, data):
        if self.href is not None:
            self.text += data

    def handle_endtag(self, tag):
        if not self.in_menu:
            return
        if tag == "a" and self.href is not None:
            self.links.append((self.level, self.text.strip(), self.href))
            self.href = None
        elif tag == "ul":
            self.level -= 1
        elif tag == "nav":
            self.in_menu = False


def rendered_menu(path):
    """The menu of the page at ``path`` as the website renders it, without the home link."""
    response = Client().get(path)
    assert response.status_code == 200
    parser = MenuLinks()
    parser.feed(response.text)
    home, *links = parser.links
    assert home[0] == 1
    return links


def flatten(items, level=1):
    links = []
    for item in items:
        links.append((level, item["title"], item["url"]))
        links.extend(flatten(item["children"], level + 1))
    return links


def test_payload_shape(site_tree):
    response = get_response()

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"locale", "items"}
    assert data["locale"] == "en"
    our_work = site_tree.our_work
    assert data["items"][1] == {
        "id": our_work.pk,
        "title": "Our work",
        "url": "/en/our-work/",
        "type": "thematic_areas.ThematicAreaIndexPage",
        "children": [
            {
                "id": area.pk,
                "title": area.title,
                "url": f"/en/our-work/{area.slug}/",
                "type": "thematic_areas.ThematicAreaPage",
                "children": [],
            }
            for area in site_tree.areas
        ],
    }
    assert [(item["title"], item["type"]) for item in data["items"]] == [
        ("About us", "home.StandardPage"),
        ("Our work", "thematic_areas.ThematicAreaIndexPage"),
        ("News", "news.NewsIndexPage"),
        ("Events", "events.EventIndexPage"),
        ("Resources", "resources.ResourceIndexPage"),
    ]


def test_pages_not_in_menus_are_left_out(site_tree):
    factories.StandardPageFactory(parent=site_tree.home, title="Imprint", show_in_menus=False)
    factories.EventPageFactory(parent=site_tree.events, title="Some event")

    items = get_response().json()["items"]

    assert "Imprint" not in [item["title"] for item in items]
    assert items[3]["children"] == []


def test_api_and_templates_show_the_same_menu(site_tree):
    api = flatten(get_response().json()["items"])

    assert len(api) == 8
    assert rendered_menu("/en/") == api
    assert rendered_menu("/en/our-work/hate-crime/") == api


def test_reordering_the_tree_reorders_both(site_tree):
    site_tree.resources.move(site_tree.home, pos="first-child")
    # Moving a page renumbers its siblings' tree paths: reload before the next move.
    hate_crime = Page.objects.get(pk=site_tree.areas[2].pk)
    hate_crime.move(Page.objects.get(pk=site_tree.our_work.pk), pos="first-child")

    api = flatten(get_response().json()["items"])

    assert [title for level, title, url in api if level == 1] == [
        "Resources",
        "About us",
        "Our work",
        "News",
        "Events",
    ]
    assert [title for level, title, url in api if level == 2] == [
        "Hate crime",
        "Elections",
        "Civil society",
    ]
    assert rendered_menu("/en/") == api


def test_menu_in_another_language(site_tree):
    translate(site_tree.home, title="Главная")
    translate(site_tree.about, title="О нас")
    translate(site_tree.our_work, title="Наша работа")
    translate(site_tree.areas[0], title="Выборы")

    data = get_response(locale="ru").json()

    assert data["locale"] == "ru"
    assert flatten(data["items"]) == [
        (1, "О нас", "/ru/about-us/"),
        (1, "Наша работа", "/ru/our-work/"),
        (2, "Выборы", "/ru/our-work/elections/"),
    ]
    assert rendered_menu("/ru/") == flatten(data["items"])


def test_an_untranslated_parent_is_not_in_the_menu_in_english(site_tree):
    """Translating an area before "Our work" makes "Our work" an alias in Russian, live
    without anyone publishing it and with the English title: it stays out of the Russian
    menu (and with it the area below it) until it is translated."""
    translate(site_tree.home, title="Главная")
    translate(site_tree.about, title="О нас")
    translate(site_tree.areas[0], title="Выборы")

    data = get_response(locale="ru").json()

    assert flatten(data["items"]) == [(1, "О нас", "/ru/about-us/")]
    assert rendered_menu("/ru/") == flatten(data["items"])


def test_site_parameter(site_tree):
    default = get_response().json()

    assert get_response(site="localhost").json() == default
    assert get_response(site="localhost:80").json() == default


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"locale": "xx"}, "locale 'xx' does not exist (available: en, ru)"),
        ({"foo": "1"}, "query parameter is not an operation or a recognised field: foo"),
        (
            {"limit": "1", "depth": "2"},
            "query parameter is not an operation or a recognised field: depth, limit",
        ),
        ({"site": "nope"}, "site 'nope' does not exist"),
        ({"site": "localhost:81"}, "site 'localhost:81' does not exist"),
        ({"site": "localhost:http"}, "site must be a host name, optionally with :port"),
    ],
)
def test_invalid_parameters_answer_400(site_tree, params, message):
    response = get_response(**params)

    assert response.status_code == 400
    assert response.json() == {"message": message}
