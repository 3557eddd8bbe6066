"""Filter backends of the page API: one per query parameter, each refusing bad values with a 400."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.utils import BadRequestError, parse_boolean

from api.openapi import field_filter_parameters, language_codes
from api.utils import fits_column, get_locale_or_400


class StrictFieldsFilter(BaseFilterBackend):
    """Exact-match filters on a model's API fields, e.g. ``?slug=events`` or ``?online=true``.

    Unlike Wagtail's own, a value that does not fit the field (a date that is not a
    date, a number that is not a number) answers 400 instead of failing with a 500.
    """

    @classmethod
    def openapi_parameters(cls, builder, view):
        return field_filter_parameters(builder, view, bounded=True)

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        fields.discard("locale")
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = queryset.model._meta.get_field(name)
            if "\x00" in value:
                raise BadRequestError(f"null characters are not allowed in {name}")
            try:
                if isinstance(field, models.BooleanField):
                    value = parse_boolean(value)
                elif field.is_relation:
                    value = field.target_field.to_python(value)
                else:
                    value = field.to_python(value)
                if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                    # In UTC: PostgreSQL refuses an offset past ±15:59, which Python
                    # accepts (``+20:15`` was a 500 there).
                    value = value.astimezone(datetime.UTC)
            except (ValueError, TypeError, OverflowError, ValidationError) as error:
                # TypeError: a JSON field parsing a value it cannot take (StreamFields are no
                # filters, see ``SitePagesAPIViewSet.get_available_fields``).
                raise BadRequestError(f"'{value}' is not a valid value for {name}") from error
            if not fits_column(field, value, queryset.db):
                raise BadRequestError(f"'{value}' is not a valid value for {name}")
            queryset = queryset.filter(**{name: value})
        return queryset


class StrictLocaleFilter(BaseFilterBackend):
    """``?locale=ru``: pages in one language; a language the site does not have is a 400."""

    openapi_parameters = {
        "locale": lambda builder, view: (
            {"type": "string", "enum": language_codes()},
            "Only pages in this language (a language code of the site).",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        locale = get_locale_or_400(request.GET["locale"])
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=locale)
        if child_of:
            queryset._filtered_by_child_of = child_of
        return queryset


class StrictSearchFilter(wagtail_filters.SearchFilter):
    """``?search=hate crime&search_operator=and``: Wagtail's full-text search, with checked input.

    A null character makes SQLite's full-text query fail ("unterminated string") and
    PostgreSQL refuse the string; an unknown operator makes the search backend raise.
    Both were 500s; both are 400s here.
    """

    def filter_queryset(self, request, queryset, view):
        if "\x00" in request.GET.get("search", ""):
            raise BadRequestError("null characters are not allowed in search")
        if request.GET.get("search_operator", "or") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        return super().filter_queryset(request, queryset, view)
