"""Dates and date ranges as people read them, in the active language.

A range names what its two ends share once, the way each language writes it:

- English: "27–29 May 2025", "30 September – 2 October 2025",
  "29 December 2025 – 3 January 2026", one day "27 May 2025";
- Russian: "27–29 мая 2025 г.", "30 сентября – 2 октября 2025 г.",
  "29 декабря 2025 г. – 3 января 2026 г.", one day "27 мая 2025 г.".

The whole date is the language's ``DATE_FORMAT`` (Django's Russian one has the month in
the genitive and the "г."; English's, day first, is in ``config/formats``). The shortened
starts are formats in the message catalogue, so a language that writes ranges its own
way (German "27.–29. Mai 2025") says so there, not in code. The dash is closed up
between two bare day numbers and spaced between anything longer, as both languages'
typography has it.

An end may carry a time (an aware datetime, shown in its own zone): "27 May 2025,
15:00–17:30" on one day; over several days the start keeps its month, because
"27, 15:00 – 29 May 2025, 17:30" cannot be read.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import pgettext

TIME_FORMAT = "H:i"  # 24-hour clock in every language the institution writes in
CLOSED_DASH = "–"
SPACED_DASH = " – "


@dataclass(frozen=True)
class Shown:
    """One end of a range: its value, and its text as a reader sees it."""

    value: datetime.date
    text: str

    @property
    def machine(self):
        """ISO 8601 for ``<time datetime>``: ``2025-05-27``, or ``2025-05-27T15:00:00+02:00``."""
        if isinstance(self.value, datetime.datetime):
            return self.value.isoformat(timespec="seconds")
        return self.value.isoformat()


def day_of(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def with_time(value, date_text):
    """The date, then the time when the value has one: "27 May 2025, 15:00"."""
    if isinstance(value, datetime.datetime):
        return f"{date_text}, {date_format(value, TIME_FORMAT)}"
    return date_text


def date_range_parts(start, end=None):
    """``(first, dash, last)``: how to show a range in the active language; ``last`` is
    None when there is nothing after the start (one day, or one day from a start time)."""
    whole = "DATE_FORMAT"
    first_day, last_day = day_of(start), day_of(end) if end is not None else None
    timed_end = isinstance(end, datetime.datetime)
    if last_day is None or (last_day == first_day and not timed_end):
        return Shown(start, with_time(start, date_format(first_day, whole))), "", None
    if last_day == first_day:  # from one time to another on the same day
        first = with_time(start, date_format(first_day, whole))
        return Shown(start, first), CLOSED_DASH, Shown(end, date_format(end, TIME_FORMAT))
    timed_start = isinstance(start, datetime.datetime)
    if last_day < first_day or first_day.year != last_day.year:
        first_format, dash = whole, SPACED_DASH
    elif first_day.month != last_day.month or timed_start:
        first_format = pgettext("first day of a range within one year", "j E")
        dash = SPACED_DASH
    else:
        first_format = pgettext("first day of a range within one month", "j")
        dash = CLOSED_DASH
    first = Shown(start, with_time(start, date_format(first_day, first_format)))
    last = Shown(end, with_time(end, date_format(last_day, whole)))
    return first, dash, last


def in_language(language):
    return translation.override(language) if language else contextlib.nullcontext()


def format_date_range(start, end=None, language=None):
    """A range as plain text, in ``language`` or the active one: "27–29 May 2025"."""
    with in_language(language):
        first, dash, last = date_range_parts(start, end)
    return first.text if last is None else f"{first.text}{dash}{last.text}"


def date_range_html(start, end=None, language=None):
    """The same text with each end in ``<time datetime="...">``, for machines to read."""
    with in_language(language):
        first, dash, last = date_range_parts(start, end)
    shown = [first] if last is None else [first, last]
    return format_html_join(
        dash, '<time datetime="{}">{}</time>', ((part.machine, part.text) for part in shown)
    )
