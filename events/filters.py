"""Filter backends of ``/api/v2/events/`` (and the iCalendar feed): one per query parameter.

Each validates its value and answers a malformed or unknown one with a 400 and
``{"message": "..."}``. They combine freely:
``/api/v2/events/?upcoming=1&event_type=training&thematic_area=hate-crime&country=RO``.
Every filter narrows by primary key, so the search filter, which must come last,
can still run on the result.
"""

import datetime
import re

from django.db import connections
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_countries import countries
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError, parse_boolean

from api.listing_filters import (
    CHOICE_LIST,
    SLUG_LIST,
    ChoiceFilter,
    TaxonomySlugFilter,
    narrow,
)
from api.openapi import BOOLEAN_PARAMETER
from api.utils import parse_id
from core.querysets import one_or_none, visible
from events.models import Attendance, EventPage, EventType
from events.taking_part import EventLanguage, RegistrationOpen


def flag(request, name):
    """A boolean parameter; absent is False, a value that is not a boolean is a 400."""
    if name not in request.GET:
        return False
    try:
        return parse_boolean(request.GET[name])
    except ValueError as error:
        raise BadRequestError(f"{name} must be 1, 0, true or false") from error


def date_param(request, name):
    if name not in request.GET:
        return None
    value = request.GET[name]
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadRequestError(f"{name} must be a date in the form YYYY-MM-DD") from error


def ended_by(today):
    return Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today)


class UpcomingFilter(BaseFilterBackend):
    """``?upcoming=1``: events that have not ended yet (today's included)."""

    openapi_parameters = {
        "upcoming": (BOOLEAN_PARAMETER, "`1`: events that have not ended yet (today's included).")
    }

    def filter_queryset(self, request, queryset, view):
        if flag(request, "upcoming"):
            if flag(request, "past"):
                raise BadRequestError("upcoming and past cannot be combined")
            return narrow(queryset, ~ended_by(timezone.localdate()))
        return queryset


class PastFilter(BaseFilterBackend):
    """``?past=1``: events that have ended, most recent first (an archive reads backwards).

    Runs before the ordering filter, so an explicit ``order`` still wins.
    """

    openapi_parameters = {
        "past": (
            BOOLEAN_PARAMETER,
            "`1`: events that have ended, most recent first unless `order` says otherwise; "
            "cannot be combined with `upcoming`.",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if flag(request, "past"):
            ended = narrow(queryset, ended_by(timezone.localdate()))
            return ended.order_by("-start_date", "path")
        return queryset


class DateRangeFilter(BaseFilterBackend):
    """``?date_from=2025-05-01&date_to=2025-05-31``: events that take place (at least partly) in the range.

    Either bound may be given alone. On PostgreSQL the test is an overlap of date
    ranges, which the GiST index of migration events 0004 answers; elsewhere the same
    condition on the two columns.
    """

    openapi_parameters = {
        "date_from": (
            {"type": "string", "format": "date"},
            "Events that take place (at least partly) on or after this day, `YYYY-MM-DD`.",
        ),
        "date_to": (
            {"type": "string", "format": "date"},
            "Events that start on or before this day, `YYYY-MM-DD`; not before `date_from`.",
        ),
    }

    def filter_queryset(self, request, queryset, view):
        date_from = date_param(request, "date_from")
        date_to = date_param(request, "date_to")
        if date_from and date_to and date_from > date_to:
            raise BadRequestError("date_from must not be after date_to")
        if not (date_from or date_to):
            return queryset
        return queryset.filter(pk__in=events_in_range(date_from, date_to).values("pk"))


def event_period():
    """An event's period as a PostgreSQL ``daterange``, inclusive of both days.

    The same expression as the index of migration events 0004, so the index is used.
    """
    from django.contrib.postgres.fields import DateRangeField

    return Func(
        F("start_date"),
        Coalesce(F("end_date"), F("start_date")),
        Value("[]"),
        function="daterange",
        output_field=DateRangeField(),
    )


def events_in_range(date_from=None, date_to=None):
    """Events whose period overlaps ``date_from``–``date_to`` (either may be None)."""
    events = EventPage.objects.all()
    if connections[events.db].vendor == "postgresql":
        from django.db.backends.postgresql.psycopg_any import DateRange

        return events.alias(period=event_period()).filter(
            period__overlap=DateRange(date_from, date_to, "[]")
        )
    if date_from:
        events = events.filter(
            Q(end_date__gte=date_from) | Q(end_date__isnull=True, start_date__gte=date_from)
        )
    if date_to:
        events = events.filter(start_date__lte=date_to)
    return events


class EventTypeFilter(TaxonomySlugFilter):
    """``?event_type=training`` (or ``training,workshop``): events of that type."""

    parameter = "event_type"
    model = EventType
    lookup = "event_type"


class ThematicAreaFilter(BaseFilterBackend):
    """``?thematic_area=hate-crime`` or ``?thematic_area=42``: events tagged with that area.

    The area is matched in every language, so its id or slug in one language finds the
    events of every language (narrow with ``locale``).
    """

    openapi_parameters = {
        "thematic_area": (
            {"type": "string", "pattern": "^([0-9]+|[-a-z0-9_]+)$"},
            "A thematic area by id or slug; matches its translations too.",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if "thematic_area" not in request.GET:
            return queryset
        ThematicAreaPage = queryset.model.thematic_area_model()
        value = request.GET["thematic_area"].strip()
        areas = visible(ThematicAreaPage.objects.all())
        try:
            pk = parse_id(value, ThematicAreaPage)
        except ValueError:
            if not SLUG_LIST.match(value.lower()) or "," in value:
                raise BadRequestError(
                    "thematic_area must be the id or the slug of a thematic area"
                ) from None
            areas = areas.filter(slug=value.lower())
        else:
            areas = areas.filter(pk=pk) if pk is not None else areas.none()
        keys = list(areas.values_list("translation_key", flat=True))
        if not keys:
            raise BadRequestError(f"thematic_area '{value}' does not exist")
        return narrow(queryset, {"thematic_areas__translation_key__in": keys})


class CountryFilter(BaseFilterBackend):
    """``?country=RO``: events in that country (ISO 3166-1 alpha-2 code, any case)."""

    openapi_parameters = {
        "country": lambda builder, view: (
            {"type": "string", "enum": [code for code, _ in countries], "examples": ["RO"]},
            "ISO 3166-1 alpha-2 code of the country (any case).",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if "country" not in request.GET:
            return queryset
        code = request.GET["country"].strip().upper()
        if code not in countries:
            raise BadRequestError("country must be an ISO 3166-1 alpha-2 code, such as RO")
        return narrow(queryset, {"country": code})


class AttendanceFilter(ChoiceFilter):
    """``?attendance=online,hybrid``: events attended in any of those ways."""

    parameter = "attendance"
    lookup = "attendance"
    choices = Attendance
    description = "How people attend: in person, online or both (hybrid)."


class OnlineFilter(BaseFilterBackend):
    """``?online=1``: events held online only (``attendance=online``); ``online=0``: the others.

    The flag the API had before attendance modes; ``attendance`` says more.
    """

    openapi_parameters = {
        "online": (
            BOOLEAN_PARAMETER,
            "`1`: events held online only, `0`: events attended in person (hybrid included).",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if "online" not in request.GET:
            return queryset
        online = Q(attendance=Attendance.ONLINE)
        return narrow(queryset, online if flag(request, "online") else ~online)


class RegistrationOpenFilter(BaseFilterBackend):
    """``?registration_open=1``: events one can register for now.

    Open as the editor set it, or, automatic, until the deadline (else until the event
    ends), each in the event's own time zone. The database narrows the events to those
    whose deadline or end is within a day of today, the widest gap between time zones;
    each of those is then asked itself.
    """

    openapi_parameters = {
        "registration_open": (
            BOOLEAN_PARAMETER,
            "`1`: events whose registration is open now (as set, or until the deadline, or "
            "until the event ends); `0` filters nothing.",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if not flag(request, "registration_open"):
            return queryset
        now = timezone.now()
        yesterday = now.date() - datetime.timedelta(days=1)
        automatic = Q(registration_open=RegistrationOpen.AUTOMATIC) & (
            Q(registration_deadline_date__gte=yesterday)
            | (Q(registration_deadline_date__isnull=True) & ~ended_by(yesterday))
        )
        candidates = EventPage.objects.exclude(registration_url="").filter(
            Q(registration_open=RegistrationOpen.OPEN) | automatic
        )
        open_ids = [event.pk for event in candidates if event.registration_is_open(now)]
        return queryset.filter(pk__in=open_ids)


class LanguageFilter(BaseFilterBackend):
    """``?language=ru`` (or ``ru,uk``): events held in that language or interpreted into it."""

    @classmethod
    def openapi_parameters(cls, builder, view):
        codes = "|".join(EventLanguage.values)
        return {
            "language": (
                {"type": "string", "pattern": f"^({codes})(,({codes}))*$", "examples": ["ru"]},
                "Language codes, comma-separated (any of them): events with one of them as a "
                "working language or in interpretation.",
            )
        }

    def filter_queryset(self, request, queryset, view):
        if "language" not in request.GET:
            return queryset
        value = request.GET["language"].strip().lower()
        codes = value.split(",") if CHOICE_LIST.match(value) else None
        if not codes or set(codes) - set(EventLanguage.values):
            raise BadRequestError(
                "language must be one or more language codes, such as ru, separated by commas"
            )
        # The lists are JSON; a code is found as its quoted string in their text, which
        # SQLite and PostgreSQL both answer (JSON containment is PostgreSQL's alone).
        condition = Q()
        for code in codes:
            quoted = f'"{code}"'
            condition |= Q(working_languages__icontains=quoted) | Q(
                interpretation__icontains=quoted
            )
        return narrow(queryset, condition)


class MainEventFilter(BaseFilterBackend):
    """``?main_event=42``: the side events of event 42, in every language (narrow with
    ``locale``); the main event is matched through its translations too."""

    openapi_parameters = {
        "main_event": (
            {"type": "integer", "minimum": 1},
            "The id of a main event: its side events, in every language.",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if "main_event" not in request.GET:
            return queryset
        value = request.GET["main_event"].strip()
        try:
            pk = parse_id(value, EventPage)
        except ValueError:
            raise BadRequestError("main_event must be the id of an event") from None
        main_event = one_or_none(visible(EventPage.objects.filter(pk=pk))) if pk else None
        if main_event is None:
            raise BadRequestError(f"main_event '{value}' is not an event")
        return narrow(queryset, {"main_event__translation_key": main_event.translation_key})
