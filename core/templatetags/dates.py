"""``{% date_range start end %}``: a date or a range as people read it (core/dates.py).

::

    {% load dates %}
    {% date_range event.start_date event.end_date %}

renders ``<time datetime="2025-05-27">27</time>–<time datetime="2025-05-29">29 May
2025</time>`` in English, "27–29 мая 2025 г." in Russian; ends with times (aware
datetimes) show them in their own zone.
"""

from django import template

from core.dates import date_range_html

register = template.Library()


@register.simple_tag
def date_range(start, end=None):
    """The range in the active language, each end in its own ``<time>``."""
    return date_range_html(start, end)
