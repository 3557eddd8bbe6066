"""Dates typed the way Europeans type them, in a real Chromium: kept, or refused with a message.

Wagtail's date picker used to replace a date it could not read with today's date when
the field lost focus, and drop the time typed into a date field, without a word
(core/widgets.py, config/formats).
"""

import datetime
import re

import pytest

from events.models import EventPage
from tests.browser.conftest import log_in, require_browser, screenshot
from tests.browser.test_editorial_workflow import field

require_browser()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def type_date(page, name, value):
    """Type into a date field as a person does (key by key), then leave it."""
    date_input = page.locator(f"#id_{name}")
    pickers = page.locator(".xdsoft_datetimepicker:visible")
    date_input.click()
    # The picker opens a moment after the field takes focus: wait for it, so that it cannot
    # open after the field is left and stay open over the form.
    expect(pickers).to_have_count(1)
    date_input.press_sequentially(value)
    # Leave it by clicking elsewhere, as a person does: a click outside closes the picker,
    # and the title (unlike the time beside the date) has no picker of its own.
    page.locator("#id_title").click()
    expect(pickers).to_have_count(0)
    return date_input


def save_draft(page):
    page.get_by_role("button", name="Save draft").click()


def test_european_dates_are_kept_and_saved(editorial_site, new_page):
    events_index = editorial_site.tree.events
    editor = new_page()
    log_in(editor, "editor")
    editor.goto(f"/admin/pages/add/events/eventpage/{events_index.pk}/")
    editor.locator("#id_title").fill("Expert meeting on hate crime data")

    # Leaving the field keeps what was typed: nothing becomes today's date.
    expect(type_date(editor, "start_date", "29.10.2031")).to_have_value("29.10.2031")
    expect(type_date(editor, "end_date", "30 October 2031")).to_have_value("30 October 2031")
    save_draft(editor)

    expect(editor.locator(".messages")).to_contain_text("created")
    event = EventPage.objects.get(title="Expert meeting on hate crime data")
    draft = event.get_latest_revision_as_object()
    assert (draft.start_date, draft.end_date) == (
        datetime.date(2031, 10, 29),
        datetime.date(2031, 10, 30),
    )
    # The form shows the saved dates in the picker's own format.
    editor.wait_for_url(re.compile(rf"/admin/pages/{event.pk}/edit/$"))
    expect(editor.locator("#id_start_date")).to_have_value("2031-10-29")


def test_a_date_it_cannot_read_is_refused_next_to_its_field_and_kept(editorial_site, new_page):
    events_index = editorial_site.tree.events
    editor = new_page()
    log_in(editor, "editor")
    editor.goto(f"/admin/pages/add/events/eventpage/{events_index.pk}/")
    editor.locator("#id_title").fill("Roundtable on election observation")

    # A time in a date field is not silently dropped: the form says the date is not one.
    expect(type_date(editor, "start_date", "2031-03-10 15:00")).to_have_value("2031-03-10 15:00")
    save_draft(editor)

    expect(editor.locator(".messages")).to_contain_text("could not be created")
    expect(field(editor, "start_date").locator("[data-field-errors]")).to_have_text(
        "Enter a valid date."
    )
    expect(editor.locator("#id_start_date")).to_have_value("2031-03-10 15:00")
    screenshot(editor, "date-entry-refused")
    assert not EventPage.objects.filter(title="Roundtable on election observation").exists()
