"""Filter backends shared by the listings (``/api/v2/news/``, ``/api/v2/resources/``).

One backend per query parameter, each refusing a bad value with a 400 and
``{"message": "..."}``; each narrows by primary key, so the search filter, which must
come last, can still run on the result. ``/api/v2/news/?news_type=press-release&year=2025``.
"""

import datetime
import re

from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.text import capfirst
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from api.utils import parse_id
from core.querysets import visible

CHOICE_LIST = re.compile(r"^[-a-z0-9_]+(,[-a-z0-9_]+)*$")
SLUG_LIST = CHOICE_LIST  # slugs are spelled as choice values are
AREA = "([0-9]+|[-a-z0-9_]+)"


def narrow(queryset, condition):
    """``queryset`` restricted to the pages of its model matching ``condition`` (a Q or dict)."""
    if isinstance(condition, dict):
        condition = Q(**condition)
    return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


class ChoiceFilter(BaseFilterBackend):
    """Base for filters on a field with a closed set of values; several values are ORed.

    ``parameter`` is the query parameter, ``lookup`` the lookup it filters on and
    ``choices`` the model's ``TextChoices``. Values are matched in any case.
    """

    parameter = None
    lookup = None
    choices = None
    description = None

    @classmethod
    def openapi_parameters(cls, builder, view):
        values = "|".join(re.escape(value) for value in cls.choices.values)
        return {
            cls.parameter: (
                {
                    "type": "string",
                    "pattern": f"^({values})(,({values}))*$",
                    "examples": [cls.choices.values[0]],
                },
                f"{cls.description} Comma-separated (any of them): {', '.join(cls.choices.values)}.",
            )
        }

    def filter_queryset(self, request, queryset, view):
        if self.parameter not in request.GET:
            return queryset
        value = request.GET[self.parameter].strip().lower()
        values = value.split(",") if CHOICE_LIST.match(value) else None
        if not values or set(values) - set(self.choices.values):
            raise BadRequestError(
                f"{self.parameter} must be one or more of {', '.join(self.choices.values)}, "
                "separated by commas"
            )
        return narrow(queryset, {f"{self.lookup}__in": values})


class YearFilter(BaseFilterBackend):
    """``?year=2025``: pages dated in that year (``date``)."""

    openapi_parameters = {
        "year": (
            {"type": "integer", "minimum": 1, "maximum": 9999, "examples": [2025]},
            "Only pages dated in this year (a year with no page finds nothing).",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if "year" not in request.GET:
            return queryset
        value = request.GET["year"].strip()
        if not re.fullmatch(r"[0-9]{1,4}", value) or int(value) < 1:
            raise BadRequestError("year must be a year, such as 2025")
        year = int(value)
        # A range, not date__year, so the index on date is used.
        start = datetime.date(year, 1, 1)
        condition = Q(date__gte=start)
        if year < 9999:
            condition &= Q(date__lt=datetime.date(year + 1, 1, 1))
        return narrow(queryset, condition)


class ThematicAreaFilter(BaseFilterBackend):
    """``?thematic_area=hate-crime`` (or ``hate-crime,42``): pages tagged with any of those areas.

    Each area is given by id or slug and matched in every language, so its id or slug in
    one language finds the pages of every language (narrow with ``locale``). The model
    reaches the area model through its relation (``thematic_area_model``), not an import.
    """

    openapi_parameters = {
        "thematic_area": (
            {"type": "string", "pattern": f"^{AREA}(,{AREA})*$", "examples": ["hate-crime"]},
            "Thematic areas by id or slug, comma-separated (any of them); each matches its "
            "translations too and must name an existing area, else 400.",
        )
    }

    def filter_queryset(self, request, queryset, view):
        if "thematic_area" not in request.GET:
            return queryset
        area_model = queryset.model.thematic_area_model()
        value = request.GET["thematic_area"].strip().lower()
        if not re.fullmatch(f"{AREA}(,{AREA})*", value):
            raise BadRequestError(
                "thematic_area must be ids or slugs of thematic areas, separated by commas"
            )
        areas = visible(area_model.objects.all())
        keys = set()
        unknown = []
        for item in value.split(","):
            if item.isdigit():
                pk = parse_id(item, area_model)
                found = areas.filter(pk=pk) if pk is not None else areas.none()
            else:
                found = areas.filter(slug=item)
            found = list(found.values_list("translation_key", flat=True))
            if not found:
                unknown.append(item)
            keys.update(found)
        if unknown:
            raise BadRequestError(f"thematic_area '{', '.join(unknown)}' does not exist")
        return narrow(queryset, {"thematic_areas__translation_key__in": keys})


class TaxonomySlugFilter(BaseFilterBackend):
    """Base for filters by the slug of a translatable term; several slugs are ORed.

    ``parameter`` is the query parameter, ``model`` the term model (a
    ``taxonomies.models.Taxonomy``) and ``lookup`` the page's relation to it. Slugs are
    shared by all translations of a term, so ``?field_of_work=elections`` finds the pages
    of every language (narrow with ``locale``).
    """

    parameter = None
    model = None
    lookup = None

    @classmethod
    def openapi_parameters(cls, builder, view):
        name = force_str(cls.model._meta.verbose_name)
        return {
            cls.parameter: (
                {"type": "string", "pattern": SLUG_LIST.pattern},
                f"{capfirst(name)} slugs, comma-separated (any of them); each must name an "
                "existing term, else 400.",
            )
        }

    def filter_queryset(self, request, queryset, view):
        if self.parameter not in request.GET:
            return queryset
        value = request.GET[self.parameter].strip().lower()
        if not SLUG_LIST.match(value):
            raise BadRequestError(f"{self.parameter} must be one or more slugs separated by commas")
        slugs = value.split(",")
        terms = self.model.objects.filter(slug__in=slugs)
        unknown = sorted(set(slugs) - set(terms.values_list("slug", flat=True)))
        if unknown:
            raise BadRequestError(f"{self.parameter} '{', '.join(unknown)}' does not exist")
        # The terms in every language, as ids: PostgreSQL estimates ``…_id IN (3, 10)``
        # from its statistics and reads the index, where a join on the translation key
        # misled it into reading the whole table of pages.
        ids = list(
            self.model.objects.filter(
                translation_key__in=terms.values("translation_key")
            ).values_list("pk", flat=True)
        )
        return narrow(queryset, {f"{self.lookup}__in": ids})
