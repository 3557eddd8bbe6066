"""``/api/v2/search/``: the site search for API clients, grouped by content type, with excerpts.

The same search as the search page (``search.results``): the same pages, filters,
promoted results and marked excerpts, so a JavaScript front end can render what the
server-rendered page shows.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.text import capfirst
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale, Site, get_page_models

from api.openapi import nullable, obj
from api.utils import get_locale_or_400, parse_natural
from api.views import ReadOnlyAPIView
from search.forms import SearchForm, is_filterable_type, type_label
from search.query import parse_query
from search.results import hits, promotions, search_pages, searchable_pages

KNOWN_PARAMETERS = {"q", "locale", "type", "area", "year", "limit"}
DEFAULT_LIMIT = 5
MAX_LIMIT = 20


def type_name(model):
    """A page type as the pages endpoint names it: ``events.EventPage``."""
    return f"{model._meta.app_label}.{model.__name__}"


def filterable_types():
    """Every page type ``type`` may name (``events.EventPage``), whether or not it has pages."""
    return [type_name(model) for model in get_page_models() if is_filterable_type(model)]


def search_results_schema(builder):
    """The OpenAPI schema of ``SearchAPIView.get_results`` (the ``SearchResults`` component)."""
    string = {"type": "string"}
    nullable_url = nullable({"type": "string", "format": "uri"})
    hit = obj(
        {
            "id": {"type": "integer"},
            "type": {**string, "examples": ["events.EventPage"]},
            "title": string,
            "title_html": {**string, "description": "Escaped HTML; `<mark>` around matches."},
            "url": nullable_url,
            "date": nullable({"type": "string", "format": "date"}),
            "excerpt": nullable(
                obj(
                    {
                        "label": {
                            **nullable(string),
                            "description": "The field the passage comes from; null for a plain summary.",
                        },
                        "html": {**string, "description": "Escaped HTML; `<mark>` around matches."},
                    }
                )
            ),
        }
    )
    return obj(
        {
            "query": string,
            "locale": string,
            "total_count": {"type": "integer"},
            "promoted": {
                "type": "array",
                "description": "Results an editor promoted for the query.",
                "items": obj(
                    {
                        "id": nullable({"type": "integer"}),
                        "type": nullable(string),
                        "title": string,
                        "url": nullable(string),
                        "description": string,
                    }
                ),
            },
            "groups": {
                "type": "array",
                "description": "One group per page type, largest first.",
                "items": obj(
                    {
                        "type": string,
                        "label": string,
                        "count": {"type": "integer"},
                        "items": {"type": "array", "items": hit},
                    }
                ),
            },
        },
        description="Search results, grouped by page type.",
    )


class SearchAPIView(ReadOnlyAPIView):
    """Full-text search of one language's pages, grouped by page type. Example::

        GET /api/v2/search/?q=Sibiu&locale=en&limit=5

        {"query": "Sibiu", "locale": "en", "total_count": 2, "promoted": [],
         "groups": [{"type": "events.EventPage", "label": "Events", "count": 1,
           "items": [{"id": 12, "type": "events.EventPage", "title": "Joint Training …",
             "title_html": "Joint Training …", "url": "/en/events/joint-training-…/",
             "date": "2025-05-27", "excerpt": {"label": "Location",
             "html": "<mark>Sibiu</mark>, Romania"}}]}, …]}

    ``q`` is required (see docs/search.md for its syntax: phrases in double quotes, ``OR``,
    ``-word``); ``locale`` defaults to the site's default language. ``type``
    (``events.EventPage``), ``area`` (a thematic area's slug) and ``year`` narrow the
    results as the search page's filters do. Groups come largest first, each with its
    ``count`` and its ``limit`` (default 5, at most 20) most relevant items; results an
    editor promoted for the query come first in ``promoted`` and are not repeated.
    ``title_html`` and ``excerpt.html`` are escaped HTML whose only tags are ``<mark>``.

    May be null: an item's ``date`` (page types without a date of their own), its
    ``excerpt`` (a page with no text besides its title) and ``excerpt.label`` (the
    passage comes from running text: summary, introduction, body); a promoted link's
    ``id`` and ``type``.
    """

    known_parameters = KNOWN_PARAMETERS

    @classmethod
    def openapi_operation(cls, builder):
        parameters = cls.openapi_parameters(builder)
        undocumented = set(cls.known_parameters) - set(parameters)
        if undocumented:
            raise ImproperlyConfigured(
                f"search parameters {sorted(undocumented)} are not documented in "
                "SearchAPIView.openapi_parameters"
            )
        return {
            "operationId": "search",
            "tags": ["search"],
            "summary": "Site search, grouped by page type",
            "description": builder.summary_line(cls),
            "parameters": [
                builder.parameter(name, *parameters[name], required=name == "q")
                for name in sorted(cls.known_parameters)
            ]
            + [builder.if_none_match],
            "responses": builder.responses(
                builder.cached_json(
                    builder.component("SearchResults", search_results_schema), "The results."
                )
            ),
        }

    @classmethod
    def openapi_parameters(cls, builder):
        return {
            "q": (
                {
                    "type": "string",
                    "examples": ["Sibiu", '"hate crime" -webinar', "police OR prosecutors"],
                },
                "The query: words, phrases in double quotes, `OR`, `-word` to exclude.",
            ),
            "locale": (
                {"type": "string", "enum": builder.language_codes()},
                "The language searched; default: the site's default language.",
            ),
            "type": (
                {"type": "string", "enum": ["", *filterable_types()]},
                "Only this page type (`app_label.ModelName`, any case); a type with no page "
                "in the language searched finds nothing.",
            ),
            "area": (
                {"type": "string", "pattern": "^[-a-z0-9_]*$", "examples": ["hate-crime"]},
                "Only pages tagged with this thematic area (its slug).",
            ),
            "year": (
                {"type": "string", "pattern": "^[0-9]*$", "examples": ["2025"]},
                "Only pages dated in this year (a year with content).",
            ),
            "limit": (
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                f"Items per group (at most {MAX_LIMIT}).",
            ),
        }

    def get(self, request):
        if "q" not in request.GET:
            raise BadRequestError("q is required")
        locale = (
            get_locale_or_400(request.GET["locale"])
            if "locale" in request.GET
            else Locale.get_default()
        )
        limit = self.get_limit(request)
        site = Site.find_for_request(request)
        if site is None:
            raise BadRequestError("no site is configured for this host")
        # Labels (types, fields) in the language searched, as the search page shows them.
        with translation.override(locale.language_code):
            return Response(self.get_results(request, site, locale, limit))

    def get_results(self, request, site, locale, limit):
        """The response's data: promoted results, then the groups of the others."""
        pages = searchable_pages(site, locale)
        form = self.get_form(request, pages, locale)
        if "type" in form.errors:  # a page type with no visible page in this language
            return {
                "query": form.query,
                "locale": locale.language_code,
                "total_count": 0,
                "promoted": [],
                "groups": [],
            }

        query_text = form.query
        parsed = parse_query(query_text)
        candidates = form.filter(pages)
        promoted = promotions(query_text, locale, candidates, with_links=not form.has_filters)
        results = search_pages(
            candidates,
            parsed.as_search_query(),
            exclude=[item.page.pk for item in promoted if item.page],
        )
        counts = (
            results.facet("content_type_id") if query_text and hasattr(results, "facet") else {}
        )
        groups = []
        for content_type_id, count in counts.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            items = search_pages(
                candidates.type(model),
                parsed.as_search_query(),
                exclude=[item.page.pk for item in promoted if item.page],
            )[:limit]
            groups.append(
                {
                    "type": type_name(model),
                    "label": str(type_label(model)),
                    "count": count,
                    "items": [
                        self.hit_representation(hit, request)
                        for hit in hits(items, parsed.highlight_terms)
                    ],
                }
            )
        groups.sort(key=lambda group: (-group["count"], group["label"]))
        return {
            "query": query_text,
            "locale": locale.language_code,
            "total_count": sum(counts.values()) + len(promoted),
            "promoted": [
                {
                    "id": item.page.pk if item.page else None,
                    "type": type_name(item.page.specific_class) if item.page else None,
                    "title": item.title,
                    "url": item.page.get_full_url(request) if item.page else item.url,
                    "description": item.description,
                }
                for item in promoted
            ],
            "groups": groups,
        }

    def get_limit(self, request):
        try:
            limit = parse_natural(request.GET.get("limit", str(DEFAULT_LIMIT)))
        except ValueError:
            limit = None
        if limit is None or not 1 <= limit <= MAX_LIMIT:
            raise BadRequestError(f"limit must be a number from 1 to {MAX_LIMIT}")
        return limit

    def get_form(self, request, pages, locale):
        """The search page's form, its invalid filters turned into 400s.

        A page type the site has (``filterable_types``) but with no visible page in this
        language is no error: the form keeps it as invalid and the search finds nothing.
        """
        form = SearchForm(request.GET, pages=pages, locale=locale)
        if not form.is_valid():
            errors = list(form.errors)
            known_types = {name.lower() for name in filterable_types()}
            if "type" in errors and form.data["type"] in known_types:
                errors.remove("type")
            if not errors:
                return form
            name = errors[0]
            if name == "type":
                known = ", ".join(sorted(type_name(model) for model in form.models.values()))
                raise BadRequestError(f"type must be one of: {known}")
            if name == "area":
                raise BadRequestError(f"area '{request.GET['area']}' does not exist")
            raise BadRequestError("year must be a year with content, such as 2025")
        return form

    @staticmethod
    def hit_representation(hit, request):
        return {
            "id": hit.page.pk,
            "type": type_name(type(hit.page)),
            "title": hit.page.title,
            "title_html": str(hit.title_html),
            "url": hit.page.get_full_url(request),
            "date": hit.date.isoformat() if hit.date else None,
            "excerpt": (
                {"label": capfirst(hit.excerpt.label), "html": str(hit.excerpt.html)}
                if hit.excerpt
                else None
            ),
        }
