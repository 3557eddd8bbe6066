"""English as a European institution writes it: day before month, typed or shown.

A date reads "27 May 2025" (Django's English reads "May 27, 2025"), as ranges of them do
(core/dates.py).

Django's English formats read ``05/06/2025`` as 6 May (the American order) and refuse
``29.10.2015``. The admin's date fields accept what editors type here instead: ISO
(what the date picker writes), day.month.year, day/month/year and the month by name,
day first or month first. What none of them matches is refused with a message next to
the field, never replaced (``core.widgets``). Russian uses Django's own formats,
``29.10.2015`` among them.
"""

DATE_FORMAT = "j F Y"

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2015-10-29, the date picker's own
    "%d.%m.%Y",  # 29.10.2015
    "%d/%m/%Y",  # 29/10/2015
    "%d %B %Y",  # 29 October 2015
    "%d %b %Y",  # 29 Oct 2015
    "%B %d, %Y",  # October 29, 2015
    "%b %d, %Y",  # Oct 29, 2015
    "%B %d %Y",  # October 29 2015
]

TIMES = ["%H:%M", "%H:%M:%S"]

DATETIME_INPUT_FORMATS = [
    f"{date} {time}" for date in DATE_INPUT_FORMATS for time in TIMES
] + DATE_INPUT_FORMATS
