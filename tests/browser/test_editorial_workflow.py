"""The editors' daily work, done as they do it: in a real (headless) Chromium, in the admin.

An editor writes an event with every fact of the reference page and submits it; a
moderator approves it from the dashboard; visitors and the API then see it. A page
scheduled for the future stays hidden until then. A wrong date, a missing fact and a
taken slug are each explained next to their field.

Screenshots of the key screens go to test-artifacts/screenshots/.
"""

import datetime
import re

import pytest
from django.utils import timezone

from events.models import EventPage
from tests import factories
from tests.browser.conftest import log_in, require_browser, screenshot

require_browser()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the data must be committed;
    # serialized rollback restores what the migrations made (groups, workflow, root page).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Joint Training Against Hate Crimes for Civil Society Representatives and Law Enforcement"
ODIHR = "OSCE Office for Democratic Institutions and Human Rights"
SECTIONS = [
    ("About", "This joint training aims to deepen co-operation between police and civil society."),
    ("Why is this important?", "Effective cooperation between police and civil society is vital."),
    ("Background", "The workshop is organized as part of a joint initiative (STARS)."),
]


# The admin's widgets, as an editor uses them ----------------------------------------


def field(page, name):
    """The wrapper of one form field (label, input, help and errors)."""
    return page.locator(f'[data-contentpath="{name}"]').first


def choose_snippet(page, name, label):
    """Open a snippet chooser, pick ``label`` in its modal and wait for the modal to close."""
    field(page, name).get_by_role("button", name=re.compile(r"^Choose")).click()
    modal = page.locator(".modal.in")
    modal.get_by_role("link", name=label, exact=True).click()
    expect(modal).to_have_count(0)
    expect(field(page, name)).to_contain_text(label)


def type_rich_text(container, text):
    """Type into the Draftail editor inside ``container``, and check that it all arrived.

    The keys go to the editor itself (focused, not clicked at a point on the screen):
    the admin scrolls new blocks into view, and a click aimed while it scrolls can land
    in a neighbouring field.
    """
    editable = container.locator('[contenteditable="true"]')
    editable.press_sequentially(text)
    expect(editable).to_have_text(text)
    # Draftail copies its state to the form's hidden input a moment later (it batches
    # keystrokes); a submit before that would send the text without its last words.
    expect(container.locator('input[type="hidden"]').first).to_have_value(
        re.compile(re.escape(text))
    )


def add_section(page, label, text):
    """Append a body block (its heading keeps its default) and type its text."""
    body = field(page, "body")
    blocks = body.locator("[data-streamfield-child]")
    position = blocks.count()
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(blocks).to_have_count(position + 1)
    block = blocks.nth(position)
    expect(block.locator('[data-contentpath="heading"] input')).to_have_value(label)
    type_rich_text(block.locator('[data-contentpath="text"]'), text)


def fill_date(page, name, value):
    """Type a date, then close the picker that opens with the field: it covers fields below.

    The field is left by clicking the title, not with Tab: Tab would focus the time field
    beside a date, whose own picker opens a moment later and stays over the form."""
    page.locator(f"#id_{name}").fill(value)
    date_picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(date_picker).to_have_count(1)  # it opens a moment after the field takes focus
    page.locator("#id_title").click()
    expect(date_picker).to_have_count(0)


def open_more_actions(page):
    page.get_by_role("button", name="More actions").click()


# The tests --------------------------------------------------------------------------


def test_editor_writes_an_event_a_moderator_approves_it_and_it_goes_live(editorial_site, new_page):
    events_index = editorial_site.tree.events
    hate_crime = editorial_site.tree.areas[2]

    # The editor adds an event under Events, with every fact of the reference page.
    editor = new_page()
    log_in(editor, "editor")
    editor.goto(f"/admin/pages/{events_index.pk}/")
    editor.get_by_role("link", name=re.compile("Add child page")).first.click()
    editor.wait_for_url(re.compile(rf"/admin/pages/add/events/eventpage/{events_index.pk}/$"))
    editor.locator("#id_title").fill(TITLE)
    choose_snippet(editor, "event_type", "Training")
    fill_date(editor, "start_date", "2031-05-27")
    fill_date(editor, "end_date", "2031-05-29")
    editor.locator("#id_city").fill("Sibiu")
    editor.locator("#id_country").select_option("RO")
    editor.locator("#id_organizers-ADD").click()
    choose_snippet(editor, "organization", ODIHR)
    editor.locator("#id_organizers-0-role").select_option("organizer")
    # A new event's source is the institution already.
    expect(field(editor, "source")).to_contain_text(ODIHR)
    field(editor, "fields_of_work").get_by_label("Tolerance and non-discrimination").check()
    field(editor, "thematic_areas").get_by_label("Hate crime").check()
    editor.locator("#id_summary").fill("A joint training for civil society and law enforcement.")
    editor.locator("#id_title").scroll_into_view_if_needed()
    screenshot(editor, "01-editor-event-facts")
    for heading, text in SECTIONS:
        add_section(editor, heading, text)
    screenshot(editor, "02-editor-event-sections")

    # Editors cannot publish: the only way out is the moderation workflow.
    open_more_actions(editor)
    expect(editor.get_by_role("button", name=re.compile("^Publish"))).to_have_count(0)
    editor.get_by_role("button", name="Submit to Moderators approve").click()
    editor.wait_for_url(re.compile(rf"/admin/pages/{events_index.pk}/$"))
    expect(editor.locator(".messages")).to_contain_text(
        f"Page '{TITLE}' created and submitted for moderation."
    )
    screenshot(editor, "03-editor-submitted")

    event = EventPage.objects.get(title=TITLE)
    assert (event.live, event.owner.username) == (False, "editor")
    assert event.current_workflow_state.workflow.name == "Moderators approve"
    draft = event.get_latest_revision_as_object()
    assert (draft.event_type.name, draft.source.acronym) == ("Training", "ODIHR")
    assert (draft.start_date, draft.end_date) == (
        datetime.date(2031, 5, 27),
        datetime.date(2031, 5, 29),
    )
    assert (draft.city, draft.country.code) == ("Sibiu", "RO")
    assert [(row.organization.acronym, row.role) for row in draft.organizers.all()] == [
        ("ODIHR", "organizer")
    ]
    assert [term.name for term in draft.fields_of_work.all()] == [
        "Tolerance and non-discrimination"
    ]
    assert [area.pk for area in draft.thematic_areas.all()] == [hate_crime.pk]
    assert [(block.block_type, block.value["heading"]) for block in draft.body] == [
        ("about", "About"),
        ("why_important", "Why is this important?"),
        ("background", "Background"),
    ]
    assert all(
        text in block.value["text"].source
        for block, (_, text) in zip(draft.body, SECTIONS, strict=True)
    )
    # Not public yet.
    assert editor.request.get(f"/en/events/{event.slug}/").status == 404

    # The moderator finds it on the dashboard and approves it.
    moderator = new_page()
    log_in(moderator, "moderator")
    review = moderator.locator("#awaiting-review-section")
    expect(review).to_contain_text(TITLE)
    expect(moderator.locator("#upcoming-events-section")).to_contain_text(TITLE)
    screenshot(moderator, "04-moderator-dashboard")
    row = review.locator("tr", has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    expect(row.get_by_role("button", name="Approve", exact=True)).to_be_visible()
    screenshot(moderator, "05-moderation-actions")
    with moderator.expect_navigation():
        row.get_by_role("button", name="Approve", exact=True).click()
    screenshot(moderator, "06-moderator-approved")

    event.refresh_from_db()
    assert event.live and not event.has_unpublished_changes

    # Visitors see it on the events page, clients in the API.
    visitor = new_page()
    visitor.goto("/en/events/")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    for heading, text in SECTIONS:
        expect(visitor.get_by_role("heading", name=heading)).to_be_visible()
        expect(visitor.locator("main")).to_contain_text(text)
    screenshot(visitor, "07-visitor-event-page")

    response = visitor.request.get("/api/v2/events/?fields=title,event_type,start_date")
    assert response.status == 200
    assert [
        (item["title"], item["event_type"]["slug"], item["start_date"])
        for item in response.json()["items"]
    ] == [(TITLE, "training", "2031-05-27")]


def test_a_page_scheduled_for_the_future_stays_hidden_from_visitors_and_the_api(
    editorial_site, new_page
):
    event = factories.EventPageFactory(
        parent=editorial_site.tree.events,
        title="Webinar on hate crime data",
        slug="webinar-on-hate-crime-data",
        event_type=editorial_site.training,
        live=False,
    )
    event.save_revision(user=editorial_site.editor)
    go_live_at = timezone.localtime() + datetime.timedelta(days=3)

    moderator = new_page()
    log_in(moderator, "moderator")
    moderator.goto(f"/admin/pages/{event.pk}/edit/")
    moderator.get_by_role("button", name="Toggle status").click()
    moderator.get_by_role("button", name="Set schedule").click()
    dialog = moderator.get_by_role("dialog", name="Set publishing schedule")
    dialog.locator("#id_go_live_at").fill(go_live_at.strftime("%Y-%m-%d %H:%M"))
    # The date picker opens a moment after the field takes focus, and covers the
    # dialog's button; once it is open, a click beside it closes it.
    date_picker = moderator.locator(".xdsoft_datetimepicker:visible")
    expect(date_picker).to_have_count(1)
    screenshot(moderator, "08-moderator-schedule")
    dialog.get_by_role("heading", name="Set publishing schedule").click()
    expect(date_picker).to_have_count(0)
    dialog.get_by_role("button", name="Save schedule").click()
    expect(dialog).to_be_hidden()
    open_more_actions(moderator)
    moderator.get_by_role("button", name="Schedule to publish").click()
    expect(moderator.locator(".messages")).to_contain_text(
        "Page 'Webinar on hate crime data' has been scheduled for publishing."
    )

    event.refresh_from_db()
    assert event.live is False
    assert event.get_latest_revision().approved_go_live_at is not None

    visitor = new_page()
    visitor.goto("/en/events/")
    expect(visitor.locator("main")).not_to_contain_text("Webinar on hate crime data")
    assert visitor.request.get("/en/events/webinar-on-hate-crime-data/").status == 404
    for url in ("/api/v2/events/", "/api/v2/pages/?type=events.EventPage"):
        response = visitor.request.get(url)
        assert response.status == 200
        assert response.json()["meta"]["total_count"] == 0, url


def test_every_editor_mistake_is_explained_next_to_its_field(editorial_site, new_page):
    events_index = editorial_site.tree.events
    factories.EventPageFactory(parent=events_index, title="Taken", slug="roundtable")

    editor = new_page()
    log_in(editor, "editor")
    editor.goto(f"/admin/pages/add/events/eventpage/{events_index.pk}/")
    editor.locator("#id_title").fill("Roundtable")  # no event type: a required fact
    fill_date(editor, "start_date", "2031-03-12")
    fill_date(editor, "end_date", "2031-03-10")
    fill_date(editor, "end_time", "17:30")  # an end time, but no start time
    expect(editor.locator("#id_time_zone")).to_have_value("Europe/Warsaw")
    editor.get_by_role("tab", name="Promote").click()
    editor.locator("#id_slug").fill("roundtable")
    # Drafts may lack required facts (Wagtail defers them); submitting may not.
    open_more_actions(editor)
    editor.get_by_role("button", name="Submit to Moderators approve").click()

    expect(editor.locator(".messages")).to_contain_text(
        "The page could not be created due to validation errors"
    )
    editor.get_by_role("tab", name="Content").click()
    expect(field(editor, "end_date").locator("[data-field-errors]")).to_have_text(
        "The end date cannot be before the start date."
    )
    expect(field(editor, "event_type").locator("[data-field-errors]")).to_have_text(
        "This field is required."
    )
    expect(field(editor, "start_date").locator("[data-field-errors]")).to_have_text("")
    expect(field(editor, "end_time").locator("[data-field-errors]")).to_have_text(
        "An end time needs a start time: give the start time, or leave the end time blank."
    )
    expect(editor.locator("#id_end_time")).to_have_value("17:30")
    field(editor, "end_date").scroll_into_view_if_needed()
    screenshot(editor, "09-editor-validation-errors")
    editor.get_by_role("tab", name="Promote").click()
    expect(field(editor, "slug").locator("[data-field-errors]")).to_contain_text(
        "The slug 'roundtable' is already in use by “Taken” (live) in this section: "
        "continue editing it at /admin/pages/"
    )
    assert EventPage.objects.filter(slug="roundtable").count() == 1
