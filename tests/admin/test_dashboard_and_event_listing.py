"""The admin dashboard's "Upcoming events" panel and the filtered "Events" listing (events.views)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.helpers import get_soup, text_of

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def events(moderated_tree):
    """Events around today: past, ongoing, upcoming (one a draft), in two types and areas."""
    training = factories.EventTypeFactory(name="Training")
    conference = factories.EventTypeFactory(name="Conference")
    elections, _, hate_crime = moderated_tree.areas

    def event(title, start, end=None, event_type=training, areas=(), live=True):
        page = factories.EventPageFactory(
            parent=moderated_tree.events,
            title=title,
            start_date=start,
            end_date=end,
            event_type=event_type,
            live=live,
        )
        page.thematic_areas.set(areas)
        page.save()  # a ParentalManyToManyField is written on save
        return page

    return {
        "past": event("Past training", days(-30), days(-28), areas=[hate_crime]),
        "ongoing": event("Ongoing training", days(-1), days(1), areas=[hate_crime]),
        "soon": event("Conference soon", days(5), event_type=conference, areas=[elections]),
        "draft": event("Draft training", days(10), live=False),
        "later": event("Later conference", days(40), event_type=conference),
        "training": training,
        "conference": conference,
        "elections": elections,
        "hate_crime": hate_crime,
    }


# Dashboard ---------------------------------------------------------------------------


def test_dashboard_lists_the_upcoming_events_soonest_first_with_edit_links(
    events, editor, client_for
):
    soup = get_soup(client_for(editor).get(reverse("wagtailadmin_home")))

    panel = soup.find(id="upcoming-events-section")
    assert text_of(panel.find("h2")) == "Upcoming events"
    rows = panel.find("tbody").find_all("tr")
    assert [text_of(row.find("td", class_="title")) for row in rows] == [
        "Ongoing training",
        "Conference soon",
        "Draft training",
        "Later conference",
    ]
    assert [row.find("td", class_="title").a["href"] for row in rows] == [
        reverse("wagtailadmin_pages:edit", args=[events[key].pk])
        for key in ("ongoing", "soon", "draft", "later")
    ]
    statuses = [
        text_of(row.find_all("td")[-1]).lower().removeprefix("current page status: ")
        for row in rows
    ]
    assert statuses == ["live", "live", "draft", "live"]
    assert panel.find("a", string="All events")["href"] == reverse("event_pages:index")


def test_dashboard_panel_says_when_there_is_nothing_upcoming(moderated_tree, editor, client_for):
    soup = get_soup(client_for(editor).get(reverse("wagtailadmin_home")))
    assert "No upcoming events." in text_of(soup.find(id="upcoming-events-section"))


def test_dashboard_shows_moderators_what_awaits_their_review(events, moderator, editor, client_for):
    events["draft"].save_revision(user=editor)
    events["draft"].get_workflow().start(events["draft"], editor)

    soup = get_soup(client_for(moderator).get(reverse("wagtailadmin_home")))

    review = soup.find(id="awaiting-review-section")
    assert "Draft training" in text_of(review)
    upcoming = text_of(soup.find(id="upcoming-events-section"))
    assert "Draft training" in upcoming


# The "Events" listing ----------------------------------------------------------------


def listing_titles(client, **params):
    response = client.get(reverse("event_pages:index"), params)
    soup = get_soup(response)
    return [text_of(cell.find("a")) for cell in soup.select("tbody td.title")]


def test_events_menu_lists_every_event_newest_start_first(events, editor, client_for):
    titles = listing_titles(client_for(editor))
    assert titles == [
        "Later conference",
        "Draft training",
        "Conference soon",
        "Ongoing training",
        "Past training",
    ]


def test_listing_filters_by_start_date_range(events, editor, client_for):
    titles = listing_titles(
        client_for(editor),
        start_date_from=days(0).isoformat(),
        start_date_to=days(30).isoformat(),
    )
    assert titles == ["Draft training", "Conference soon"]


def test_listing_filters_by_event_type(events, editor, client_for):
    titles = listing_titles(client_for(editor), event_type=events["conference"].pk)
    assert titles == ["Later conference", "Conference soon"]


def test_listing_filters_by_thematic_area(events, editor, client_for):
    titles = listing_titles(client_for(editor), thematic_areas=events["hate_crime"].pk)
    assert titles == ["Ongoing training", "Past training"]


def test_listing_filters_combine(events, editor, client_for):
    titles = listing_titles(
        client_for(editor),
        event_type=events["training"].pk,
        thematic_areas=events["hate_crime"].pk,
        start_date_from=days(-7).isoformat(),
    )
    assert titles == ["Ongoing training"]


def test_listing_titles_link_to_the_page_editor(events, editor, client_for):
    soup = get_soup(client_for(editor).get(reverse("event_pages:index")))
    links = [cell.find("a")["href"] for cell in soup.select("tbody td.title")]
    assert reverse("wagtailadmin_pages:edit", args=[events["past"].pk]) in links


def test_listing_offers_the_filters(events, editor, client_for):
    soup = get_soup(client_for(editor).get(reverse("event_pages:index")))
    names = {field["name"] for field in soup.select("input[name], select[name]")}
    assert {"start_date_from", "start_date_to", "event_type", "thematic_areas"} <= names


def test_listing_needs_a_login(events, client):
    response = client.get(reverse("event_pages:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
