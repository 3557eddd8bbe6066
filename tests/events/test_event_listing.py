"""The events listing: order, filters and pagination (DESIGN §1: listings with filters)."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from core.mixins import LISTING_PAGE_SIZE
from tests import factories
from tests.helpers import get_soup, text_of, titles

INVALID_FILTERS = "Some filters were not valid and have been ignored."


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def listing(client, query=""):
    return get_soup(client.get(f"/en/events/{query}"))


def sections(soup):
    """{"Upcoming events": [titles], "Past events": [titles]} as rendered."""
    return {
        text_of(section.find("h2")): titles(section, ".card__title")
        for section in soup.find("main").find_all("section")
    }


def test_upcoming_events_soonest_first_then_past_events_most_recent_first(site_tree, client):
    event_type = factories.EventTypeFactory()
    for title, start, end in [
        ("Long ago", days(-100), None),
        ("In five weeks", days(35), days(36)),
        ("Last week", days(-7), None),
        ("Ended yesterday", days(-3), days(-1)),
        ("Happening now", days(-2), days(2)),
        ("Today", days(0), None),
        ("Next week", days(7), None),
    ]:
        factories.EventPageFactory(
            parent=site_tree.events,
            title=title,
            start_date=start,
            end_date=end,
            event_type=event_type,
        )

    soup = listing(client)

    assert sections(soup) == {
        "Upcoming events": ["Happening now", "Today", "Next week", "In five weeks"],
        "Past events": ["Ended yesterday", "Last week", "Long ago"],
    }


def test_only_upcoming_events_means_no_past_section(site_tree, client):
    factories.EventPageFactory(parent=site_tree.events, title="Soon", start_date=days(2))
    assert sections(listing(client)) == {"Upcoming events": ["Soon"]}


def test_an_empty_listing_says_so(site_tree, client):
    soup = listing(client)
    assert sections(soup) == {}
    assert "No events match these filters." in text_of(soup.find("main"))


@pytest.fixture
def catalogue(site_tree):
    """Four events of two types, in two areas, in 2040 and 2041."""
    training = factories.EventTypeFactory(name="Training")
    conference = factories.EventTypeFactory(name="Conference")
    elections, civil_society, hate_crime = site_tree.areas
    for title, event_type, areas, start in [
        ("Training 2040", training, [hate_crime], datetime.date(2040, 3, 1)),
        ("Conference 2040", conference, [elections], datetime.date(2040, 6, 1)),
        ("Training 2041", training, [elections, civil_society], datetime.date(2041, 2, 1)),
        ("Conference 2041", conference, [hate_crime, civil_society], datetime.date(2041, 9, 1)),
    ]:
        factories.EventPageFactory(
            parent=site_tree.events,
            title=title,
            event_type=event_type,
            thematic_areas=areas,
            start_date=start,
        )
    return site_tree


ALL_EVENTS = ["Training 2040", "Conference 2040", "Training 2041", "Conference 2041"]


FILTERS = {
    "": ALL_EVENTS,
    "?type=training": ["Training 2040", "Training 2041"],
    "?type=conference": ["Conference 2040", "Conference 2041"],
    "?area=hate-crime": ["Training 2040", "Conference 2041"],
    "?area=civil-society": ["Training 2041", "Conference 2041"],
    "?area=elections": ["Conference 2040", "Training 2041"],
    "?year=2041": ["Training 2041", "Conference 2041"],
    "?year=2040": ["Training 2040", "Conference 2040"],
    "?type=training&year=2041": ["Training 2041"],
    "?type=conference&area=hate-crime&year=2041": ["Conference 2041"],
    "?type=conference&area=hate-crime&year=2040": [],
    "?type=&area=&year=": ALL_EVENTS,
}


def test_filters(catalogue, client):
    """Each query's listing (one fixture for all queries: the listing only reads)."""
    shown = {}
    for query in FILTERS:
        soup = listing(client, query)
        assert soup.find(attrs={"role": "alert"}) is None, query
        shown[query] = titles(soup, ".card__title")
    assert shown == FILTERS


def test_filter_form_offers_the_types_areas_and_years_there_are(catalogue, client):
    soup = listing(client, "?type=training")
    options = {
        select["name"]: [(option["value"], text_of(option)) for option in select.find_all("option")]
        for select in soup.find("form", class_="filters").find_all("select")
    }
    assert options == {
        "type": [("", "All types"), ("conference", "Conference"), ("training", "Training")],
        "area": [
            ("", "All thematic areas"),
            ("elections", "Elections"),
            ("civil-society", "Civil society"),
            ("hate-crime", "Hate crime"),
        ],
        "year": [("", "All years"), ("2041", "2041"), ("2040", "2040")],
    }
    selected = soup.find("select", attrs={"name": "type"}).find("option", selected=True)
    assert selected["value"] == "training"


INVALID_QUERIES = [
    "?type=no-such-type",
    "?area=no-such-area",
    "?year=abc",
    "?year=1999",
    "?year=99999999999999999999",
    "?type=training&year=abc",
    "?area=%00",
]


def test_invalid_filter_values_are_ignored_with_a_message(catalogue, client):
    shown = {}
    for query in INVALID_QUERIES:
        soup = listing(client, query)  # a 200, never a 500
        shown[query] = (text_of(soup.find(attrs={"role": "alert"})), titles(soup, ".card__title"))
    assert shown == {query: (INVALID_FILTERS, ALL_EVENTS) for query in INVALID_QUERIES}


def test_unknown_parameters_are_not_filters(catalogue, client):
    soup = listing(client, "?type[]=training&utm_source=newsletter")
    assert soup.find(attrs={"role": "alert"}) is None
    assert titles(soup, ".card__title") == ALL_EVENTS


@pytest.fixture
def many_events(site_tree):
    """One more upcoming event than fits on a page, on consecutive days."""
    event_type = factories.EventTypeFactory(name="Training")
    for number in range(1, LISTING_PAGE_SIZE + 2):
        factories.EventPageFactory(
            parent=site_tree.events,
            title=f"Event {number:02d}",
            start_date=days(number),
            event_type=event_type,
        )
    return site_tree


def pagination(soup):
    nav = soup.find("nav", class_="pagination")
    if nav is None:
        return None
    links = {a["rel"][0]: a["href"] for a in nav.find_all("a")}
    return text_of(nav.find(attrs={"aria-current": "page"})), links


def test_listing_page_size_is_twelve():
    assert LISTING_PAGE_SIZE == 12


def test_first_page_shows_a_page_of_events_and_a_next_link(many_events, client):
    soup = listing(client)
    assert titles(soup, ".card__title") == [f"Event {n:02d}" for n in range(1, 13)]
    assert pagination(soup) == ("Page 1 of 2", {"next": "?page=2"})


def test_second_page_shows_the_rest_and_a_previous_link(many_events, client):
    soup = listing(client, "?page=2")
    assert titles(soup, ".card__title") == ["Event 13"]
    assert pagination(soup) == ("Page 2 of 2", {"prev": "?page=1"})


def test_malformed_or_out_of_range_page_numbers_fall_back(many_events, client):
    """Not a number: the first page. Out of range: the last page. Never a 404 or 500."""
    expected = {"abc": 1, "": 1, "2.5": 1, "0": 2, "-1": 2, "99": 2}
    shown = {}
    for page in expected:
        soup = get_soup(client.get("/en/events/", {"page": page}))
        shown[page] = (pagination(soup)[0], len(soup.select(".card__title")))
    assert shown == {
        page: (f"Page {number} of 2", 12 if number == 1 else 1) for page, number in expected.items()
    }


def test_pagination_keeps_the_filters(many_events, client):
    factories.EventPageFactory(parent=many_events.events, title="Other type")
    soup = listing(client, "?type=training")
    assert "Other type" not in titles(soup, ".card__title")
    next_url = pagination(soup)[1]["next"]
    assert parse_qs(urlparse(next_url).query) == {"type": ["training"], "page": ["2"]}
    soup = listing(client, next_url)
    assert titles(soup, ".card__title") == ["Event 13"]


def test_one_page_of_events_has_no_pagination(site_tree, client):
    factories.EventPageFactory(parent=site_tree.events)
    assert pagination(listing(client)) is None
