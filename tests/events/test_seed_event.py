"""The demo's event page reproduces the reference page, fact for fact (DESIGN, seed file)."""

import html
import json

import pytest

from tests.helpers import (
    SEED_SECTIONS,
    accessibility_problems,
    event_facts,
    get_soup,
    read_reference_page,
    text_of,
)

SEED_URL = (
    "/en/events/"
    "joint-training-against-hate-crimes-for-civil-society-representatives-and-law-enforcement/"
)
REFERENCE = read_reference_page()


@pytest.fixture
def seed_page(shared_demo_site, client):
    response = client.get(SEED_URL)
    return response, get_soup(response)


def test_title_is_the_one_h1(seed_page):
    _, soup = seed_page
    assert [text_of(h1) for h1 in soup.find_all("h1")] == [REFERENCE.title]
    assert REFERENCE.title == (
        "Joint Training Against Hate Crimes for Civil Society Representatives and Law Enforcement"
    )


def test_event_type_label(seed_page):
    _, soup = seed_page
    assert text_of(soup.find("p", class_="event__type")) == REFERENCE.event_type == "Training"


def test_labelled_facts_match_the_reference(seed_page):
    _, soup = seed_page
    rendered = event_facts(soup)
    labels = [text_of(dt) for dt in soup.select("dl.event__facts dt")]
    # The reference's labels, with their colons, in its order (then the page's own extras).
    assert labels[: len(REFERENCE.facts)] == [f"{label}:" for label in REFERENCE.facts]
    assert list(REFERENCE.facts) == ["Date", "Location", "Organized by", "Source", "Fields of work"]
    for label, value in REFERENCE.facts.items():
        assert label in rendered
        # The organisers are a list of organisations with roles now, and their line is
        # written from it: the same organisations and roles as the reference's free text.
        if value is not None and label != "Organized by":
            assert rendered[label] == value
    assert rendered["Location"] == "Sibiu, Romania"
    assert REFERENCE.facts["Organized by"] == (
        "OSCE Office for Democratic Institutions and Human Rights (ODIHR) in cooperation "
        "with the civil society organization ACCEPT"
    )
    assert rendered["Organized by"] == (
        "OSCE Office for Democratic Institutions and Human Rights, in co-operation with ACCEPT"
    )
    assert rendered["Source"] == "OSCE Office for Democratic Institutions and Human Rights"
    assert rendered["Fields of work"] == "Tolerance and non-discrimination"
    # The reference gives no date; the demo dates the event 27–29 May 2025.
    assert rendered["Date"] == "27–29 May 2025"
    times = soup.find("dl", class_="event__facts").find_all("time")
    assert [time["datetime"] for time in times] == ["2025-05-27", "2025-05-29"]


def test_section_headings_in_order(seed_page):
    _, soup = seed_page
    stream = soup.find("div", class_="stream")
    assert [text_of(h2) for h2 in stream.find_all("h2")] == list(SEED_SECTIONS)


def test_every_paragraph_of_every_section_is_shown_in_full(seed_page):
    response, soup = seed_page
    assert list(REFERENCE.sections) == list(SEED_SECTIONS)
    assert [len(paragraphs) for paragraphs in REFERENCE.sections.values()] == [3, 1, 1]
    page_text = html.unescape(response.content.decode())
    for heading, paragraphs in REFERENCE.sections.items():
        section = soup.find("h2", string=heading).find_parent("section")
        assert [text_of(p) for p in section.find_all("p")] == paragraphs
        for paragraph in paragraphs:
            assert paragraph in page_text


def test_typographic_quotes_survive(seed_page):
    _, soup = seed_page
    text = text_of(soup.find("div", class_="stream"))
    assert "ODIHR’s work" in text
    assert "victims’ experience" in text
    assert "the “Support to the Organization" in text
    assert "victim support” (CERV-2023-IM-CRAC/RIGH/2)" in text


def test_schema_org_event_json_ld(seed_page):
    _, soup = seed_page
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == REFERENCE.title
    assert data["startDate"] == "2025-05-27"
    assert data["endDate"] == "2025-05-29"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Sibiu, Romania"
    assert data["location"]["address"]["addressCountry"] == "RO"
    assert [organizer["name"] for organizer in data["organizer"]] == [
        "OSCE Office for Democratic Institutions and Human Rights"
    ]
    assert data["url"].endswith(SEED_URL)


def test_accessibility_basics(seed_page):
    _, soup = seed_page
    assert accessibility_problems(soup) == []
