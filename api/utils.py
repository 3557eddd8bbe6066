"""Checks of what API clients send: ids, locales, null characters; the API's caching headers."""

from django.db import connections, router
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale

# Browsers and proxies must revalidate (cheap: ETag and 304); a CDN may keep a copy
# for a short while, and publishing purges it (see docs/caching.md).
API_CACHE_CONTROL = {"public": True, "max_age": 0, "s_maxage": 300, "must_revalidate": True}


API_URLCONF = "config.api"


def fits_column(field, value, using):
    """Whether an integer fits the field's column (or, for a relation, its target's).

    Django guards exact lookups on integer fields against out-of-range values, but
    not lookups through a foreign key: SQLite raised OverflowError and PostgreSQL
    "out of range" for ``?alias_of=-21221205890820114546633474048`` (a 500).
    """
    internal_type = (field.target_field if field.is_relation else field).get_internal_type()
    ops = connections[using].ops
    if not isinstance(value, int) or internal_type not in ops.integer_field_ranges:
        return True
    low, high = ops.integer_field_range(internal_type)
    return low <= value <= high


def parse_natural(text):
    """``text`` of ASCII digits as an int; ValueError for anything else.

    ``str.isdigit`` is no test of that: ``"²".isdigit()`` is true, yet ``int("²")`` fails
    (a 500 wherever the one was taken for the other).
    """
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{text!r} is not a number")
    return int(text)


def parse_id(value, model):
    """``value`` (text from a query string, or an int from a URL) as an id of ``model``.

    The one check of every id a client sends (``find/?id=``, a detail URL, the feeds'
    event id, ``?thematic_area=42``). Raises ValueError for anything but digits; returns
    None for a number no row can have, past the range of the id's column: a page type's
    id is a relation (``page_ptr``), which Django does not guard, so SQLite raised
    OverflowError for ``/api/v2/events/9223372036854775808/`` (a 500).
    """
    if isinstance(value, str):
        value = parse_natural(value)
    return value if fits_column(model._meta.pk, value, router.db_for_read(model)) else None


def get_locale_or_400(code):
    """The locale of a language code, compared in Python: PostgreSQL refuses a null
    character in a query, which made ``?locale=%00`` a 500 (found by tests/hardening)."""
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    if code not in locales:
        known = ", ".join(sorted(locales))
        raise BadRequestError(f"locale '{code}' does not exist (available: {known})")
    return locales[code]


def refuse_null_characters(request, name):
    """A null character in ``?name=`` is a 400: PostgreSQL refuses it in a query (a 500)."""
    if "\x00" in request.GET.get(name, ""):
        raise BadRequestError(f"null characters are not allowed in {name}")
