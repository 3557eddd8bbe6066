"""Taking part in an event: in person or online, its registration, its working languages
and interpretation, and how the API gives them.

Registration is open while the editor says so, or, left automatic, until its deadline
passes (a day ends at midnight in the event's time zone), or, with no deadline, until the
event ends.
"""

import datetime
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from rest_framework.fields import Field

from core.languages import REGION_LANGUAGES, language_choices
from core.serializers import DateOrDateTimeField


class Attendance(models.TextChoices):
    """How people attend an event."""

    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


# The languages an event is held or interpreted in.
EventLanguage = language_choices("EventLanguage", REGION_LANGUAGES, module=__name__)


class LanguageCodesField(models.JSONField):
    """A list of language codes (``["en", "ru"]``) from ``EventLanguage``, ticked in the admin.

    JSON rather than an array column: SQLite has none. ``events.filters.LanguageFilter``
    finds a code in it on both databases.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = [code for code in value or [] if code not in EventLanguage.values]
        if unknown:
            raise ValidationError(
                _("Unknown language code: %(codes)s."), params={"codes": ", ".join(unknown)}
            )

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=EventLanguage.choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=kwargs.get("widget") or forms.CheckboxSelectMultiple,
        )


def language_names(codes):
    """The names of language codes in the active language, in their order."""
    names = dict(EventLanguage.choices)
    return [str(names.get(code, code)) for code in codes or []]


class RegistrationOpen(models.TextChoices):
    """Whether registration is open: by its deadline, or as the editor says."""

    AUTOMATIC = "automatic", _("Automatic: until the deadline, or until the event ends")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def end_of_day(day, time_zone):
    """Midnight after ``day`` in ``time_zone``: the moment a day given without a time ends."""
    next_day = day + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(), zoneinfo.ZoneInfo(time_zone))


def closes_at(moment, time_zone):
    """The moment a deadline or an end given as a date or an aware datetime has passed."""
    if isinstance(moment, datetime.datetime):
        return moment
    return end_of_day(moment, time_zone)


class RegistrationField(Field):
    """The event's registration, or null when it has none. Example::

    {"url": "https://meetings.odihr.pl/", "deadline": "2031-03-01T17:00:00+01:00", "open": true}
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        if not page.registration_url:
            return None
        deadline = page.registration_deadline
        return {
            "url": page.registration_url,
            "deadline": None if deadline is None else page.when.iso(deadline),
            "open": page.registration_is_open(),
        }

    def openapi_schema(self, builder, model_field):
        deadline = DateOrDateTimeField(allow_null=True).openapi_schema(builder, None)
        deadline["description"] = (
            "The registration deadline in the event's time zone: a date (the end of that "
            "day) or a date-time with its UTC offset; null when there is none."
        )
        return builder.nullable(
            builder.object(
                {
                    "url": {"type": "string", "format": "uri"},
                    "deadline": deadline,
                    "open": {
                        "type": "boolean",
                        "description": "Whether registration is open now: as the editor "
                        "set it, else until the deadline, or until the event ends.",
                    },
                },
                description="How to register; null when the event takes no registration.",
            )
        )


class PlaceField(Field):
    """Where, as the page shows it (``EventPage.place``), in the page's language:
    ``"Hofburg Congress Centre, Vienna, Austria"``, ``"Online"``."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        with translation.override(page.locale.language_code):
            return page.place

    def openapi_schema(self, builder, model_field):
        return {
            "type": "string",
            "description": "Where, as the page shows it: the location label, else venue, city "
            "and country in the page's language, marked online when it is; empty when unknown.",
        }


class LanguagesField(Field):
    """A list of language codes with their names in the page's language::

    [{"code": "en", "name": "English"}, {"code": "ru", "name": "Russian"}]
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        codes = getattr(page, self.field_name) or []
        with translation.override(page.locale.language_code):
            names = language_names(codes)
        return [{"code": code, "name": name} for code, name in zip(codes, names, strict=True)]

    def openapi_schema(self, builder, model_field):
        return {
            "type": "array",
            "items": builder.object(
                {
                    "code": {"type": "string", "enum": list(EventLanguage.values)},
                    "name": {"type": "string", "description": "The name in the page's language."},
                }
            ),
        }
