"""A timed, hybrid, co-organised event with registration, entered through the admin in a real
Chromium with European dates, is found in the API and the calendar feed in its own time zone
(issue 14, "Done when")."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from events.models import EventPage
from tests import factories
from tests.browser.conftest import PASSWORD, log_in, require_browser, screenshot
from tests.browser.test_editorial_workflow import choose_snippet, field, open_more_actions

require_browser()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Expert roundtable on hate crime data collection"
ODIHR = "OSCE Office for Democratic Institutions and Human Rights"
MISSION = "OSCE Mission to Skopje"


def set_value(page, name, value):
    """Set a date or time field without focusing it: its picker would open over the form
    (typing into the pickers is test_date_entry's); the server reads the value as typed."""
    page.locator(f"#id_{name}").evaluate("(input, value) => { input.value = value; }", value)
    expect(page.locator(f"#id_{name}")).to_have_value(value)


def add_organizer(page, index, name, role):
    page.locator("#id_organizers-ADD").click()
    row = page.locator(f'[id="inline_child_organizers-{index}"]')
    row.locator('[data-contentpath="organization"]').get_by_role(
        "button", name=re.compile(r"^Choose")
    ).click()
    modal = page.locator(".modal.in")
    modal.get_by_role("link", name=name, exact=True).click()
    expect(modal).to_have_count(0)
    expect(row.locator('[data-contentpath="organization"]')).to_contain_text(name)
    row.locator(f"#id_organizers-{index}-role").select_option(role)


def test_a_hybrid_co_organised_event_with_registration_reaches_the_api_and_the_calendar(
    site_tree, new_page
):
    factories.EventTypeFactory(name="Roundtable")
    factories.OrganizationFactory(name=ODIHR, acronym="ODIHR", kind="institution")
    factories.OrganizationFactory(name=MISSION, kind="field-operation")
    factories.FieldOfWorkFactory(name="Tolerance and non-discrimination")
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)

    chief = new_page()
    log_in(chief, "chief")
    chief.goto(f"/admin/pages/add/events/eventpage/{site_tree.events.pk}/")
    chief.locator("#id_title").fill(TITLE)
    choose_snippet(chief, "event_type", "Roundtable")
    set_value(chief, "start_date", "3.11.2031")
    set_value(chief, "start_time", "15:00")
    set_value(chief, "end_date", "4 November 2031")
    set_value(chief, "end_time", "17:30")
    chief.locator("#id_time_zone").select_option("Europe/Skopje")
    chief.locator("#id_attendance").select_option("hybrid")
    chief.locator("#id_venue").fill("Hotel Continental")
    chief.locator("#id_city").fill("Skopje")
    chief.locator("#id_country").select_option("MK")
    add_organizer(chief, 0, ODIHR, "organizer")
    add_organizer(chief, 1, MISSION, "co-organizer")
    # A new event's source is the institution already.
    expect(field(chief, "source")).to_contain_text(ODIHR)
    field(chief, "fields_of_work").get_by_label("Tolerance and non-discrimination").check()
    chief.locator("#id_registration_url").fill("https://www.osce.org/odihr/register")
    set_value(chief, "registration_deadline_date", "27.10.2031")
    set_value(chief, "registration_deadline_time", "12:00")
    field(chief, "working_languages").get_by_label("English").check()
    field(chief, "interpretation").get_by_label("Macedonian").check()
    chief.locator("#id_title").scroll_into_view_if_needed()
    screenshot(chief, "hybrid-event-entry")
    open_more_actions(chief)
    chief.get_by_role("button", name=re.compile("^Publish")).click()
    expect(chief.locator(".messages")).to_contain_text("published")

    event = EventPage.objects.get(title=TITLE)
    assert event.live
    assert (event.start_date, event.start_time, event.end_date, event.end_time) == (
        datetime.date(2031, 11, 3),
        datetime.time(15, 0),
        datetime.date(2031, 11, 4),
        datetime.time(17, 30),
    )

    visitor = new_page()
    response = visitor.request.get(
        "/api/v2/events/?attendance=hybrid&registration_open=1"
        "&fields=start,end,time_zone,attendance,place,organizers,organized_by,registration"
    )
    assert response.status == 200
    [item] = response.json()["items"]
    assert (item["start"], item["end"], item["time_zone"]) == (
        "2031-11-03T15:00:00+01:00",
        "2031-11-04T17:30:00+01:00",
        "Europe/Skopje",
    )
    assert item["attendance"]["slug"] == "hybrid"
    assert item["organized_by"] == f"Organized by {ODIHR} and {MISSION}"
    assert [row["role"]["slug"] for row in item["organizers"]] == ["organizer", "co-organizer"]
    assert item["registration"]["url"] == "https://www.osce.org/odihr/register"
    assert item["registration"]["deadline"] == "2031-10-27T12:00:00+01:00"
    assert item["registration"]["open"] is True

    calendar = visitor.request.get("/feeds/events.ics").text()
    assert "\r\nDTSTART;TZID=Europe/Skopje:20311103T150000\r\n" in calendar
    assert "\r\nDTEND;TZID=Europe/Skopje:20311104T173000\r\n" in calendar
    assert "\r\nTZID:Europe/Skopje\r\n" in calendar
    assert "Skopje" in calendar.split("LOCATION:", 1)[1].split("\r\n", 1)[0]

    page = new_page()
    page.goto(f"/en/events/{event.slug}/")
    expect(page.locator(".event__organizers")).to_have_text(f"{ODIHR} and {MISSION}")
    expect(page.locator(".event__registration")).to_contain_text("Register")
