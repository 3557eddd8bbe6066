"""When an event takes place: its dates, optional times and IANA time zone, as one value.

An event is all-day when it has no start time. Times are wall-clock times in the
event's own time zone (``Europe/Warsaw`` for a meeting in Warsaw, whatever the server's
zone), so a meeting at 15:00 stays at 15:00 when daylight saving time begins or ends:
only its UTC offset changes (+01:00 in winter, +02:00 in summer). A time the zone skips
(02:30 on the night the clocks go forward) is refused by ``EventPage.clean``.

The end:

- no end date and no end time: the event starts (and, all-day, ends) on its start date;
- an end time without an end date ends on the start date (a meeting 15:00–17:30);
- an end date with an end time ends at that time of that day (15:00 one day to 17:30
  the next);
- an end date without an end time ends at the end of that day, as an all-day range
  does (a timed start over several days, an online series over several weeks).
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import cache

from django.conf import settings

DEFAULT_TIME_ZONE = "Europe/Warsaw"  # ODIHR's seat; EVENT_DEFAULT_TIME_ZONE overrides it


@cache
def known_time_zones():
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices():
    """Every IANA zone the time zone database knows, by name (a model field's ``choices``:
    a callable, so a tzdata update changes no migration)."""
    return [(name, name) for name in sorted(known_time_zones())]


def default_time_zone():
    """The zone a new event starts with: ``EVENT_DEFAULT_TIME_ZONE`` (``Europe/Warsaw``)."""
    return getattr(settings, "EVENT_DEFAULT_TIME_ZONE", DEFAULT_TIME_ZONE)


def is_known_time_zone(name):
    return name in known_time_zones()


def exists(day, clock, time_zone):
    """False for a wall-clock time the zone skips that day (02:30 when clocks go forward)."""
    if day is None or clock is None or not is_known_time_zone(time_zone):
        return True
    local = datetime.datetime.combine(day, clock, tzinfo=zoneinfo.ZoneInfo(time_zone))
    round_trip = local.astimezone(datetime.UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def zone_abbreviation(moment):
    """``CET``/``CEST``; zones with no letters in tzdata (``+05``) read ``UTC+05``."""
    name = moment.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name


@dataclass(frozen=True)
class Timing:
    """An event's start and end: dates when all-day, aware datetimes in its zone when timed.

    ``start`` is a ``datetime.date`` (all-day) or an aware ``datetime.datetime``; ``end``
    likewise, or None when the event gives no end (one day, or a start time alone).
    ``end`` is a date when the event gives an end date without an end time.
    """

    start: datetime.date
    end: datetime.date | None
    time_zone: str

    @classmethod
    def of(cls, start_date, start_time=None, end_date=None, end_time=None, time_zone=None):
        if not is_known_time_zone(time_zone):  # a draft's blank or a zone tzdata dropped
            time_zone = default_time_zone()
        zone = zoneinfo.ZoneInfo(time_zone)
        if start_time is None:
            return cls(start_date, end_date, zone.key)
        start = datetime.datetime.combine(start_date, start_time, tzinfo=zone)
        if end_time is not None:
            end = datetime.datetime.combine(end_date or start_date, end_time, tzinfo=zone)
        else:
            end = end_date
        return cls(start, end, zone.key)

    @property
    def all_day(self):
        return not isinstance(self.start, datetime.datetime)

    @property
    def start_date(self):
        return self.start.date() if isinstance(self.start, datetime.datetime) else self.start

    @property
    def end_date(self):
        """The last day of the event (None when it has no end)."""
        return self.end.date() if isinstance(self.end, datetime.datetime) else self.end

    @property
    def end_is_timed(self):
        return isinstance(self.end, datetime.datetime)

    @property
    def same_day(self):
        return self.end_date is None or self.end_date == self.start_date

    def iso(self, value):
        """ISO 8601: ``2031-03-10`` for a day, ``2031-03-10T15:00:00+01:00`` for a time."""
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.isoformat(timespec="seconds")
        return value.isoformat()

    @property
    def zone_abbreviations(self):
        """The zone's abbreviations at the start and the end: ``CET``, or ``CET/CEST``
        when daylight saving time begins or ends during the event."""
        if self.all_day:
            return ""
        names = [zone_abbreviation(self.start)]
        if self.end_is_timed and zone_abbreviation(self.end) not in names:
            names.append(zone_abbreviation(self.end))
        return "/".join(names)
