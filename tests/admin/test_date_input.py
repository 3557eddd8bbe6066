"""What the admin's date fields read from what an editor types (config/formats, core/widgets.py).

The browser test (tests/browser/test_date_entry.py) proves the picker leaves the typed
text alone; this pins how the form then reads it, in each interface language.
"""

import datetime

import pytest
from django import forms
from django.db import models
from django.utils import translation
from wagtail.admin.forms.models import formfield_for_dbfield

from core.widgets import TypedDateInput, TypedDateTimeInput, TypedTimeInput
from events.models import EventPage


class Dates(forms.Form):
    date = forms.DateField()
    moment = forms.DateTimeField()


def read(language, date, moment="2031-01-01 00:00"):
    with translation.override(language):
        form = Dates({"date": date, "moment": moment})
        form.is_valid()
        return form


@pytest.mark.parametrize(
    "typed",
    [
        "2015-10-29",
        "29.10.2015",
        "29/10/2015",
        "29 October 2015",
        "29 Oct 2015",
        "October 29, 2015",
    ],
)
def test_english_reads_the_ways_europeans_type_a_date(typed):
    assert read("en", typed).cleaned_data["date"] == datetime.date(2015, 10, 29)


def test_english_reads_day_before_month():
    assert read("en", "05/06/2025").cleaned_data["date"] == datetime.date(2025, 6, 5)


@pytest.mark.parametrize("typed", ["29.10.2015", "2015-10-29"])
def test_russian_reads_its_own_forms(typed):
    assert read("ru", typed).cleaned_data["date"] == datetime.date(2015, 10, 29)


@pytest.mark.parametrize("typed", ["2027-03-10 15:00", "10.03.2027 15:00", "10/03/2027 15:00"])
def test_date_and_time_keep_the_time(typed):
    moment = read("en", "2015-10-29", typed).cleaned_data["moment"]
    assert (moment.date(), moment.hour, moment.minute) == (datetime.date(2027, 3, 10), 15, 0)


@pytest.mark.parametrize("typed", ["2027-03-10 15:00", "29 октября 2015", "10.13.2027", "tomorrow"])
def test_what_is_not_a_date_is_refused_with_a_message(typed):
    form = read("en", typed)
    assert form.errors["date"] == ["Enter a valid date."]


def test_the_admins_date_fields_keep_what_was_typed():
    """Every model date and date-time field of the admin's forms uses the typed-text widgets."""
    form_class = EventPage.get_edit_handler().get_form_class()
    widgets = {name: type(field.widget) for name, field in form_class.base_fields.items()}
    assert widgets["start_date"] is TypedDateInput
    assert widgets["end_date"] is TypedDateInput
    assert widgets["start_time"] is TypedTimeInput
    moment = formfield_for_dbfield(models.DateTimeField(name="moment"))
    assert type(moment.widget) is TypedDateTimeInput
    assert TypedDateInput().get_config()["validateOnBlur"] is False
    assert TypedDateTimeInput().get_config()["validateOnBlur"] is False
    assert TypedTimeInput().get_config()["validateOnBlur"] is False
