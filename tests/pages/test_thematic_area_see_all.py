"""A thematic area page shows six of each kind of item, and under a section that has more a
"See all N …" link to the listing of its language filtered by the area (issue 16)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests import factories
from tests.helpers import get_soup, text_of, titles, translate


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def section(soup, heading):
    tag = soup.find("h2", string=heading)
    assert tag is not None, f"no h2 {heading!r}"
    return tag.find_parent("section")


def see_all(section_tag):
    """(text, href) of the section's "See all" link, or None."""
    link = section_tag.select_one(".see-all a")
    return (text_of(link), link["href"]) if link else None


def tagged_items(site_tree, area, count, prefix):
    """``count`` upcoming events, news items and resources tagged with ``area``."""
    for number in range(count):
        factories.EventPageFactory(
            parent=site_tree.events,
            title=f"{prefix} event {number}",
            start_date=days(10 + number),
            thematic_areas=[area],
        )
        factories.NewsPageFactory(
            parent=site_tree.news,
            title=f"{prefix} news {number}",
            date=days(-number),
            thematic_areas=[area],
        )
        factories.ResourcePageFactory(
            parent=site_tree.resources,
            title=f"{prefix} resource {number}",
            date=days(-number),
            thematic_areas=[area],
        )


@pytest.fixture
def eight_per_section(site_tree):
    """Eight of each tagged "Hate crime", two of each tagged "Elections"."""
    elections, _civil_society, hate_crime = site_tree.areas
    tagged_items(site_tree, hate_crime, 8, "Hate crime")
    tagged_items(site_tree, elections, 2, "Elections")
    return site_tree


@pytest.mark.parametrize(
    ("heading", "text", "href", "kind"),
    [
        ("Events", "See all 8 events", "/en/events/?area=hate-crime", "event"),
        ("News", "See all 8 news items", "/en/news/?area=hate-crime", "news"),
        ("Resources", "See all 8 resources", "/en/resources/?area=hate-crime", "resource"),
    ],
)
def test_a_section_with_more_than_six_links_to_the_listing_filtered_by_the_area(
    eight_per_section, client, heading, text, href, kind
):
    soup = get_soup(client.get("/en/our-work/hate-crime/"))
    shown = section(soup, heading)
    assert len(shown.select(".card__title")) == 6
    assert see_all(shown) == (text, href)

    listed = titles(get_soup(client.get(href)), ".card__title")

    assert sorted(listed) == sorted(f"Hate crime {kind} {number}" for number in range(8))


def test_a_section_of_six_or_fewer_has_no_link_until_a_seventh_item(site_tree, client):
    hate_crime = site_tree.areas[2]
    tagged_items(site_tree, hate_crime, 6, "Hate crime")
    # Six upcoming and one past: the page shows all seven, under two headings.
    factories.EventPageFactory(
        parent=site_tree.events, title="Past", start_date=days(-3), thematic_areas=[hate_crime]
    )

    soup = get_soup(client.get("/en/our-work/hate-crime/"))
    assert soup.select(".see-all") == []
    assert len(section(soup, "Events").select(".card__title")) == 7

    tagged_items(site_tree, hate_crime, 1, "Seventh")

    soup = get_soup(client.get("/en/our-work/hate-crime/"))
    assert see_all(section(soup, "Events")) == ("See all 8 events", "/en/events/?area=hate-crime")
    assert see_all(section(soup, "News")) == ("See all 7 news items", "/en/news/?area=hate-crime")
    assert see_all(section(soup, "Resources")) == (
        "See all 7 resources",
        "/en/resources/?area=hate-crime",
    )


def test_the_count_leaves_out_drafts_private_and_expired_pages(site_tree, client):
    hate_crime = site_tree.areas[2]
    tagged_items(site_tree, hate_crime, 7, "Visible")
    for model, parent in [
        (factories.EventPageFactory, site_tree.events),
        (factories.NewsPageFactory, site_tree.news),
        (factories.ResourcePageFactory, site_tree.resources),
    ]:
        model(parent=parent, title="Draft", thematic_areas=[hate_crime], live=False)
        private = model(parent=parent, title="Private", thematic_areas=[hate_crime])
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        model(
            parent=parent,
            title="Expired",
            thematic_areas=[hate_crime],
            expire_at=timezone.now() - datetime.timedelta(minutes=5),
        )

    soup = get_soup(client.get("/en/our-work/hate-crime/"))

    assert [text for text, _href in map(see_all, soup.select("main section"))] == [
        "See all 7 events",
        "See all 7 news items",
        "See all 7 resources",
    ]
    listed = titles(get_soup(client.get("/en/resources/?area=hate-crime")), ".card__title")
    assert sorted(listed) == sorted(f"Visible resource {number}" for number in range(7))


def test_a_russian_area_page_links_to_the_russian_listing(eight_per_section, client):
    site_tree = eight_per_section
    area = translate(site_tree.areas[2], title="Преступления на почве ненависти")
    translate(site_tree.events, title="Мероприятия")
    for event in site_tree.events.get_children().specific():
        if event.title.startswith("Hate crime"):
            translate(event, title=event.title.replace("Hate crime event", "Мероприятие"))

    soup = get_soup(client.get(area.url))
    events = section(soup, "Мероприятия")
    assert len(events.select(".card__title")) == 6
    assert see_all(events) == ("Смотреть все 8 мероприятий", "/ru/events/?area=hate-crime")
    # News and resources have no Russian listing yet (nor Russian items): no link.
    assert soup.select(".see-all") == events.select(".see-all")

    listed = titles(get_soup(client.get("/ru/events/?area=hate-crime")), ".card__title")
    assert sorted(listed) == sorted(f"Мероприятие {number}" for number in range(8))


def test_the_russian_plural_forms(site_tree, client):
    area = translate(site_tree.areas[2], title="Преступления на почве ненависти")
    translate(site_tree.resources, title="Материалы")
    english_area = site_tree.areas[2]
    for number in range(22):
        resource = factories.ResourcePageFactory(
            parent=site_tree.resources, title=f"Guide {number}", thematic_areas=[english_area]
        )
        translate(resource)
        if number + 1 in (21, 22):
            soup = get_soup(client.get(area.url))
            assert (
                see_all(section(soup, "Материалы"))[0]
                == {
                    21: "Смотреть все 21 материал",
                    22: "Смотреть все 22 материала",
                }[number + 1]
            )


def get(url, **params):
    with CaptureQueriesContext(connection) as context:
        response = Client().get(url, params)
    return len(context), response


def test_the_filtered_resources_listing_is_cached_by_its_area(eight_per_section):
    """The listing reads ``area`` (caching keys it on the value); made-up parameters share
    its entry and never reach it."""
    _, hate_crime = get("/en/resources/", area="hate-crime")
    _, elections = get("/en/resources/", area="elections")
    assert "Hate crime resource 0" in hate_crime.content.decode()
    assert "Hate crime resource 0" not in elections.content.decode()
    assert "Elections resource 0" in elections.content.decode()

    queries, again = get("/en/resources/", area="hate-crime", utm_source="newsletter")

    assert (queries, again.content) == (0, hate_crime.content)
    assert b"utm_source" not in again.content
