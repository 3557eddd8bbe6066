"""A timed event entered through the admin in a real Chromium, European dates, reaches the
page, the API and the calendar feed in its own time zone (issue 14, Events: When)."""

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

TITLE = "Conference on three decades of democracy and human rights"


def test_a_timed_event_typed_the_european_way_is_published_in_its_zone(site_tree, new_page):
    factories.EventTypeFactory(name="Conference")
    factories.OrganizationFactory(
        name="OSCE Office for Democratic Institutions and Human Rights",
        acronym="ODIHR",
        kind="institution",
    )
    factories.FieldOfWorkFactory(name="Democratization")
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    events_index = site_tree.events

    chief = new_page()
    log_in(chief, "chief")
    chief.goto(f"/admin/pages/add/events/eventpage/{events_index.pk}/")
    chief.locator("#id_title").fill(TITLE)
    choose_snippet(chief, "event_type", "Conference")
    # Typing into these fields with their pickers is test_date_entry's; here the values are
    # set without focus, so no picker opens over the form, and the server reads them.
    for name, value in [
        ("start_date", "14.10.2031"),
        ("start_time", "10:00"),
        ("end_date", "15 October 2031"),
        ("end_time", "18:00"),
    ]:
        chief.locator(f"#id_{name}").evaluate("(input, value) => { input.value = value; }", value)
    expect(chief.locator("#id_start_date")).to_have_value("14.10.2031")
    expect(chief.locator("#id_end_date")).to_have_value("15 October 2031")
    expect(chief.locator("#id_time_zone")).to_have_value("Europe/Warsaw")
    chief.locator("#id_time_zone").select_option("Europe/Vienna")
    # What publishing needs besides the time: a place and a field of work (the source is
    # the institution already).
    chief.locator("#id_city").fill("Vienna")
    chief.locator("#id_country").select_option("AT")
    field(chief, "fields_of_work").get_by_label("Democratization").check()
    chief.locator("#id_title").scroll_into_view_if_needed()
    screenshot(chief, "event-time-entry")
    open_more_actions(chief)
    chief.get_by_role("button", name=re.compile("^Publish")).click()
    expect(chief.locator(".messages")).to_contain_text("published")

    event = EventPage.objects.get(title=TITLE)
    assert event.live
    assert (event.start_date, event.start_time, event.end_date, event.end_time) == (
        datetime.date(2031, 10, 14),
        datetime.time(10, 0),
        datetime.date(2031, 10, 15),
        datetime.time(18, 0),
    )
    assert event.time_zone == "Europe/Vienna"

    visitor = new_page()
    visitor.goto(f"/en/events/{event.slug}/")
    expect(visitor.locator(".event__facts dd").first).to_have_text(
        "14 October, 10:00 – 15 October 2031, 18:00 (Europe/Vienna, CEST)"
    )
    response = visitor.request.get("/api/v2/events/?fields=start,end,time_zone,all_day")
    assert response.status == 200
    [item] = response.json()["items"]
    assert (item["start"], item["end"], item["time_zone"], item["all_day"]) == (
        "2031-10-14T10:00:00+02:00",
        "2031-10-15T18:00:00+02:00",
        "Europe/Vienna",
        False,
    )
    calendar = visitor.request.get("/feeds/events.ics").text()
    assert "\r\nDTSTART;TZID=Europe/Vienna:20311014T100000\r\n" in calendar
    assert "\r\nDTEND;TZID=Europe/Vienna:20311015T180000\r\n" in calendar
    assert "\r\nTZID:Europe/Vienna\r\n" in calendar
