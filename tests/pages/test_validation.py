"""Validation editors see: event dates, required event fields, taxonomy slugs (DESIGN §1, §4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale

from events.models import EventPage, EventType
from taxonomies.models import FieldOfWork, Organization
from tests import factories
from tests.helpers import event_form_data, form_errors, get_soup, text_of

END_BEFORE_START = "The end date cannot be before the start date."
SLUG_TAKEN = "Another entry in this language already uses this slug."


@pytest.fixture
def event(site_tree):
    return factories.EventPageFactory(
        parent=site_tree.events,
        title="Expert meeting",
        slug="expert-meeting",
        start_date=datetime.date(2031, 3, 10),
        end_date=datetime.date(2031, 3, 11),
    )


# Event dates -------------------------------------------------------------------------


def test_end_date_before_start_date_is_an_error_on_end_date(event):
    event.end_date = datetime.date(2031, 3, 9)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {"end_date": [END_BEFORE_START]}


@pytest.mark.parametrize(
    "end_date",
    [None, datetime.date(2031, 3, 10), datetime.date(2031, 3, 12)],
    ids=["one-day", "same-day", "after-start"],
)
def test_end_date_on_or_after_start_date_or_blank_is_valid(event, end_date):
    event.end_date = end_date
    event.full_clean()


def test_start_date_and_event_type_are_required(event):
    event.start_date = None
    event.event_type = None
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert set(error.value.message_dict) == {"start_date", "event_type"}
    assert error.value.message_dict["start_date"] == ["This field cannot be null."]
    assert error.value.message_dict["event_type"] == ["This field cannot be blank."]


def test_admin_edit_form_shows_the_date_error_and_saves_nothing(event, admin_client):
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    assert admin_client.get(edit_url).status_code == 200
    revisions_before = event.revisions.count()

    response = admin_client.post(
        edit_url,
        event_form_data(
            title=event.title,
            slug=event.slug,
            event_type=event.event_type_id,
            start_date="2031-03-10",
            end_date="2031-03-09",
        ),
    )

    assert response.status_code == 200
    assert form_errors(response) == {"end_date": [END_BEFORE_START]}
    soup = get_soup(response)
    field = soup.find("input", attrs={"name": "end_date"}).find_parent(
        attrs={"data-field-wrapper": True}
    )
    assert END_BEFORE_START in text_of(field)
    event.refresh_from_db()
    assert event.end_date == datetime.date(2031, 3, 11)
    assert event.revisions.count() == revisions_before


def test_admin_edit_form_saves_valid_dates(event, admin_client):
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]),
        event_form_data(
            title=event.title,
            slug=event.slug,
            event_type=event.event_type_id,
            start_date="2031-03-10",
            end_date="2031-03-12",
        ),
    )
    assert response.status_code == 302
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert draft.end_date == datetime.date(2031, 3, 12)


def test_admin_form_requires_start_date_event_type_source_and_field_of_work_to_publish(
    event, admin_client
):
    data = event_form_data(title=event.title, slug=event.slug, event_type="", start_date="")
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 200
    assert form_errors(response) == {
        "event_type": ["This field is required."],
        "start_date": ["This field is required."],
        "source": ["Choose the organization the event comes from."],
        "fields_of_work": ["Choose at least one field of work."],
    }


# Taxonomy slugs ----------------------------------------------------------------------


@pytest.mark.parametrize("model", [EventType, FieldOfWork, Organization])
def test_taxonomy_slug_is_derived_from_the_name(db, model):
    term = model(name="Tolerance and Non-Discrimination", locale=Locale.get_default())
    term.full_clean()
    assert term.slug == "tolerance-and-non-discrimination"


def test_taxonomy_slug_that_is_given_is_kept(db):
    term = EventType(name="Training", slug="trainings", locale=Locale.get_default())
    term.full_clean()
    assert term.slug == "trainings"


def test_taxonomy_name_without_latin_letters_needs_a_slug(db):
    term = EventType(name="Тренинг", locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert error.value.message_dict["slug"] == [
        "Enter a slug made of Latin letters, digits or hyphens."
    ]


@pytest.mark.parametrize("model", [EventType, FieldOfWork, Organization])
def test_duplicate_taxonomy_slug_in_one_language_is_rejected(db, model):
    model.objects.create(name="Training", slug="training", locale=Locale.get_default())
    duplicate = model(name="Training", locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert SLUG_TAKEN in error.value.message_dict["slug"]


def test_same_taxonomy_slug_in_another_language_is_allowed(db):
    EventType.objects.create(name="Training", slug="training", locale=Locale.get_default())
    russian, _ = Locale.objects.get_or_create(language_code="ru")
    EventType(name="Тренинг", slug="training", locale=russian).full_clean()


def test_a_saved_taxonomy_term_does_not_clash_with_itself(db):
    term = factories.EventTypeFactory(name="Training")
    term.name = "Trainings"
    term.full_clean()
    assert term.slug == "training"


def test_snippet_admin_derives_the_slug(admin_client):
    add_url = reverse("wagtailsnippets_events_eventtype:add") + "?locale=en"
    response = admin_client.post(add_url, {"name": "Study visit", "slug": ""})
    assert response.status_code == 302
    assert EventType.objects.get(name="Study visit").slug == "study-visit"


def test_snippet_admin_rejects_a_duplicate_slug_with_a_clear_message(admin_client):
    factories.EventTypeFactory(name="Training", slug="training")
    add_url = reverse("wagtailsnippets_events_eventtype:add") + "?locale=en"
    response = admin_client.post(add_url, {"name": "Training", "slug": ""})
    assert response.status_code == 200
    assert form_errors(response) == {"slug": [SLUG_TAKEN]}
    assert SLUG_TAKEN in text_of(get_soup(response))
    assert EventType.objects.filter(slug="training").count() == 1
