"""iCalendar (RFC 5545) files of events: one event to download, and a calendar to subscribe to.

Why: visitors want an event in their own calendar ("Add to calendar" on the event
page), and partners subscribe their calendar app to a filtered list of events (say,
upcoming trainings in Romania) that it refreshes by itself.

- ``/feeds/events/<page_id>.ics``: one event, as a download.
- ``/feeds/events.ics``: every visible event, with exactly the filters of
  ``/api/v2/events/`` (``upcoming``, ``past``, ``date_from``, ``date_to``, ``event_type``,
  ``field_of_work``, ``thematic_area``, ``country``, ``locale``, ``search``, …), e.g.
  ``/feeds/events.ics?upcoming=1&event_type=training&country=RO&locale=en``.

Both live outside the language prefix: a subscription URL must not change with the
language a visitor happens to read, and each event carries its own language's title
and URL. The feed does not re-implement the filters: it runs the events endpoint's
own base queryset, parameter check and filter backends (``events.filters``), so the
calendar and the API can never disagree, and a bad value gets the same 400 and
``{"message": ...}``. Drafts, private and expired events never appear, because that
base queryset only holds visible pages (``core.querysets.visible``).

An all-day event has dates (``DTSTART;VALUE=DATE``, DTEND the day after its last day).
A timed event has local times in its own zone (``DTSTART;TZID=Europe/Warsaw:20310310T150000``)
and the calendar carries that zone's VTIMEZONE, with the offsets it has from the first
year of the calendar's timed events to the year after the last, so the file depends on
its events only. A timed event's DTEND is its end time, or the midnight after its end
date when it gives none; with no end at all it has no DTEND (RFC 5545: it ends when it
starts).

DESCRIPTION starts with the dates as the event page and its cards show them, in the
event's language ("27–29 May 2025", "10 March 2031, 15:00–17:30 (Europe/Warsaw, CET)"),
then the event's summary after a blank line.

Every VEVENT has a UID built from the page's translation key and language, so it
stays the same across edits, restarts and servers, and calendar apps update the
event instead of adding a copy. DTSTAMP and LAST-MODIFIED are the last publication
time, so an unchanged calendar is byte-for-byte the same and its ETag holds.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from icalendar import Calendar, Event, vDuration
from rest_framework.request import Request
from wagtail.api.v2.utils import BadRequestError

from api.utils import API_CACHE_CONTROL, parse_id
from core.i18n import TranslationCache
from events.api import EventsAPIViewSet
from events.models import EventPage

PRODID = "-//Institution CMS//Events//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often a subscribed calendar app should fetch the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


class EventFeedQuery(EventsAPIViewSet):
    """The events endpoint's queryset and filters, without its paging and field selection."""

    known_query_parameters = EventsAPIViewSet.known_query_parameters.difference(
        ["limit", "offset", "fields", "rich_text_format", "format"]
    )

    @classmethod
    def for_request(cls, request):
        view = cls()
        view.request = Request(request)
        view.args, view.kwargs, view.format_kwarg = (), {}, None
        return view


def events_feed(request):
    """``/feeds/events.ics``: the events the same query to ``/api/v2/events/`` lists."""
    view = EventFeedQuery.for_request(request)
    try:
        queryset = view.get_queryset()
        view.check_query_parameters(queryset)
        events = list(view.filter_queryset(queryset))
        site = view.get_requested_site()
    except BadRequestError as error:
        return JsonResponse({"message": str(error)}, status=400)
    site_name = site.site_name or settings.WAGTAIL_SITE_NAME
    # Named in the language asked for, else the default one: never by the reader's browser.
    with translation.override(request.GET.get("locale") or settings.LANGUAGE_CODE):
        calendar = new_calendar(f"{site_name}: {gettext('Events')}")
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    add_events(calendar, events, request, site)
    return calendar_response(calendar)


def event_download(request, page_id):
    """``/feeds/events/<page_id>.ics``: one visible event, as a file to open in a calendar app."""
    view = EventFeedQuery.for_request(request)
    try:
        pk = parse_id(page_id, EventPage)  # None past the id column's range: no such event
        page = view.get_queryset().filter(pk=pk).first() if pk is not None else None
        site = view.get_requested_site()
    except BadRequestError as error:
        return JsonResponse({"message": str(error)}, status=400)
    if page is None:
        raise Http404("No such event.")
    calendar = new_calendar(page.title)
    add_events(calendar, [page], request, site)
    response = calendar_response(calendar)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def add_events(calendar, pages, request, site):
    terms = TranslationCache()
    for page in pages:
        calendar.add_component(vevent(page, request, site, terms))
    add_time_zones(calendar, [page.when for page in pages])


def add_time_zones(calendar, timings):
    """A VTIMEZONE for each zone the timed events use, over the years they span."""
    timed = [timing for timing in timings if not timing.all_day]
    if timed:
        first = min(timing.start_date for timing in timed)
        last = max(timing.end_date or timing.start_date for timing in timed)
        calendar.add_missing_timezones(
            first_date=datetime.date(first.year, 1, 1),
            last_date=datetime.date(last.year + 1, 1, 1),
        )


def event_uid(page, site):
    """The same for an event in one language across edits, moves and restarts."""
    return f"event-{page.translation_key}-{page.locale.language_code}@{site.hostname}"


def vevent(page, request, site, terms):
    """One event as a VEVENT, all-day or timed in its zone (DTEND is exclusive)."""
    changed = page.last_published_at or timezone.now()
    event = Event()
    event.add("uid", event_uid(page, site))
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    when = page.when
    event.add("dtstart", when.start)
    if when.all_day:
        event.add("dtend", (when.end or when.start) + datetime.timedelta(days=1))
    elif when.end_is_timed:
        event.add("dtend", when.end)
    elif when.end is not None:
        next_day = when.end + datetime.timedelta(days=1)
        event.add("dtend", datetime.datetime.combine(next_day, datetime.time(), when.start.tzinfo))
    event.add("summary", page.title)
    # The label, else the address; an online event has no address, whatever is typed.
    with translation.override(page.locale.language_code):
        location = page.location_label or ("" if page.online else page.address)
        dates = page.dates_text
    # The dates as the page shows them, first: a calendar app shows DTSTART in the
    # reader's zone, this line the event's own wall-clock times and zone.
    event.add("description", "\n\n".join(filter(None, [dates, page.summary])))
    if location:
        event.add("location", location)
    event.add("url", page.get_full_url(request=request))
    event_type = terms.localized(page.event_type, page.locale_id)
    if event_type is not None:
        event.add("categories", [event_type.name])
    return event


def calendar_response(calendar):
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    patch_cache_control(response, **API_CACHE_CONTROL)
    return response
