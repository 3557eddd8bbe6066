"""Accessibility basics on every kind of rendered page (DESIGN §1: WCAG 2.1 AA) that axe-core
does not check: one h1, the skip link first, one <main id="main">, the page's language,
named navigation, and which images are decorative. axe-core itself runs on every page
type in tests/browser/test_accessibility_axe.py."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests import factories
from tests.helpers import accessibility_problems, get_soup


@pytest.fixture
def content(site_tree):
    """One of everything, with images in cards, lead images and body blocks."""
    photo = factories.ImageFactory(title="Sibiu", description="Participants of the training")
    today = datetime.date.today()
    factories.EventPageFactory(
        parent=site_tree.events,
        slug="training",
        start_date=today + datetime.timedelta(days=3),
        image=photo,
        thematic_areas=[site_tree.areas[2]],
        body=[{"type": "about", "value": {"heading": "About", "text": "<p>About.</p>"}}],
    )
    factories.NewsPageFactory(
        parent=site_tree.news,
        slug="meeting",
        image=photo,
        thematic_areas=[site_tree.areas[2]],
        body=[
            {"type": "paragraph", "value": "<p>Text.</p>"},
            {
                "type": "image",
                "value": {"image": photo.pk, "alt_text": "", "caption": "Sibiu", "attribution": ""},
            },
        ],
    )
    resource = factories.ResourcePageFactory(
        parent=site_tree.resources, slug="guide", thematic_areas=[site_tree.areas[2]]
    )
    factories.ResourceDocumentFactory(page=resource)
    return site_tree


PAGES = [
    "/en/",
    "/en/about-us/",
    "/en/our-work/",
    "/en/our-work/hate-crime/",
    "/en/news/",
    "/en/news/meeting/",
    "/en/resources/",
    "/en/resources/guide/",
    "/en/events/",
    "/en/events/?type=nonexistent",
    "/en/events/training/",
    "/en/search/",
    "/en/search/?q=training",
]


def test_every_kind_of_page_has_the_accessibility_basics(content, client):
    problems = {url: accessibility_problems(get_soup(client.get(url))) for url in PAGES}
    assert problems == dict.fromkeys(PAGES, [])


def test_not_found_page_has_the_accessibility_basics(content, client):
    soup = get_soup(client.get("/en/no-such-page/"), status=404)
    assert accessibility_problems(soup) == []


def test_images_in_cards_and_bodies_carry_alt_text(content, client):
    soup = get_soup(client.get("/en/news/meeting/"))
    alts = [img["alt"] for img in soup.find("main").find_all("img")]
    assert alts == ["Participants of the training", "Participants of the training"]
    card_images = get_soup(client.get("/en/news/")).select("img.card__image")
    assert [img["alt"] for img in card_images] == [""]  # decorative: the title follows


def test_the_check_finds_what_is_missing():
    """The checker itself fails pages that lack the basics."""
    broken = BeautifulSoup(
        '<html><body><a href="/">Home</a><nav></nav><h1>A</h1><h1>B</h1></body></html>',
        "html.parser",
    )
    assert accessibility_problems(broken) == [
        "2 h1 elements",
        'first link is not a skip link to #main: <a href="/">Home</a>',
        "main elements: []",
        "html lang=None",
        "nav without a name: None",
    ]
