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

from events.models import EventPage, EventType, FieldOfWork
from home.querysets import visible

SLUG_LIST = re.compile(r"^[-a-z0-9_]+(,[-a-z0-9_]+)*$")


def narrow(queryset, condition):
    """``queryset`` restricted to events matching ``condition`` (a Q or lookup dict)."""
    if isinstance(condition, dict):
        condition = Q(**condition)
    return queryset.filter(pk__in=EventPage.objects.filter(condition).values("pk"))


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


def slugs_param(request, name):
    if name not in request.GET:
        return None
    value = request.GET[name].strip().lower()
    if not SLUG_LIST.match(value):
        raise BadRequestError(f"{name} must be one or more slugs separated by commas")
    return value.split(",")


def ended_by(today):
    return Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today)


class UpcomingFilter(BaseFilterBackend):
    """``?upcoming=1``: events that have not ended yet (today's included)."""

    def filter_queryset(self, request, queryset, view):
        if flag(request, "upcoming"):
            if flag(request, "past"):
                raise BadRequestError("upcoming and past cannot be combined")
            return narrow(queryset, ~ended_by(timezone.localdate()))
        return queryset


class PastFilter(BaseFilterBackend):
    """``?past=1``: events that have ended."""

    def filter_queryset(self, request, queryset, view):
        if flag(request, "past"):
            return narrow(queryset, ended_by(timezone.localdate()))
        return queryset


class DateRangeFilter(BaseFilterBackend):
    """``?date_from=2025-05-01&date_to=2025-05-31``: events that take place (at least partly) in the range.

    Either bound may be given alone. On PostgreSQL the test is an overlap of date
    ranges, which the GiST index of migration events 0004 answers; elsewhere the same
    condition on the two columns.
    """

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


class TaxonomySlugFilter(BaseFilterBackend):
    """Base for filters by the slug of a translatable snippet; several slugs are ORed.

    Slugs are shared by all translations of a term, so ``?event_type=training``
    works in every language.
    """

    parameter = None
    model = None
    lookup = None

    def filter_queryset(self, request, queryset, view):
        slugs = slugs_param(request, self.parameter)
        if slugs is None:
            return queryset
        terms = self.model.objects.filter(slug__in=slugs)
        unknown = sorted(set(slugs) - set(terms.values_list("slug", flat=True)))
        if unknown:
            raise BadRequestError(f"{self.parameter} '{', '.join(unknown)}' does not exist")
        # The terms in every language, as ids: PostgreSQL estimates ``event_type_id IN
        # (3, 10)`` from its statistics and reads the index, where a join on the
        # translation key misled it into reading the whole events table.
        ids = list(
            self.model.objects.filter(
                translation_key__in=terms.values("translation_key")
            ).values_list("pk", flat=True)
        )
        return narrow(queryset, {f"{self.lookup}__in": ids})


class EventTypeFilter(TaxonomySlugFilter):
    """``?event_type=training`` (or ``training,workshop``): events of that type."""

    parameter = "event_type"
    model = EventType
    lookup = "event_type"


class FieldOfWorkFilter(TaxonomySlugFilter):
    """``?field_of_work=tolerance-and-non-discrimination``: events in that field of work."""

    parameter = "field_of_work"
    model = FieldOfWork
    lookup = "fields_of_work"


class ThematicAreaFilter(BaseFilterBackend):
    """``?thematic_area=hate-crime`` or ``?thematic_area=42``: events tagged with that area.

    The area is matched in every language, so its id or slug in one language finds the
    events of every language (narrow with ``locale``).
    """

    def filter_queryset(self, request, queryset, view):
        if "thematic_area" not in request.GET:
            return queryset
        from thematic_areas.models import ThematicAreaPage

        value = request.GET["thematic_area"].strip()
        areas = visible(ThematicAreaPage.objects.all())
        if value.isdigit():
            areas = areas.filter(pk=int(value))
        elif SLUG_LIST.match(value.lower()) and "," not in value:
            areas = areas.filter(slug=value.lower())
        else:
            raise BadRequestError("thematic_area must be the id or the slug of a thematic area")
        keys = list(areas.values_list("translation_key", flat=True))
        if not keys:
            raise BadRequestError(f"thematic_area '{value}' does not exist")
        return narrow(queryset, {"thematic_areas__translation_key__in": keys})


class CountryFilter(BaseFilterBackend):
    """``?country=RO``: events in that country (ISO 3166-1 alpha-2 code, any case)."""

    def filter_queryset(self, request, queryset, view):
        if "country" not in request.GET:
            return queryset
        code = request.GET["country"].strip().upper()
        if code not in countries:
            raise BadRequestError("country must be an ISO 3166-1 alpha-2 code, such as RO")
        return narrow(queryset, {"country": code})
