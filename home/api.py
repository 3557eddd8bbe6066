"""Shared parts of the page API (Wagtail API v2): serializer fields and the pages endpoint.

What stock Wagtail API v2 lacks and this module adds: images with rendition URLs and
alt text, snippets and page links as small objects in the page's language, a locale-
aware ``find``, ``meta`` with translations and breadcrumbs, strict validation of
every parameter (400 with ``{"message": ...}``), and caching headers.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.http import Http404
from django.utils.cache import patch_cache_control
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Locale, Page, Site

from home.querysets import visible
from home.rich_text import link_targets, prefetch_references
from home.serializers import BreadcrumbsField, TranslationsField

# Browsers and proxies must revalidate (cheap: ETag and 304); a CDN may keep a copy
# for a short while, and publishing purges it (see README, "Caching").
API_CACHE_CONTROL = {"public": True, "max_age": 0, "s_maxage": 300, "must_revalidate": True}

API_URLCONF = "config.api"


class StrictFieldsFilter(BaseFilterBackend):
    """Exact-match filters on a model's API fields, e.g. ``?slug=events`` or ``?online=true``.

    Unlike Wagtail's own, a value that does not fit the field (a date that is not a
    date, a number that is not a number) answers 400 instead of failing with a 500.
    """

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
            except (ValueError, ValidationError) as error:
                raise BadRequestError(f"'{value}' is not a valid value for {name}") from error
            if not fits_column(field, value, queryset.db):
                raise BadRequestError(f"'{value}' is not a valid value for {name}")
            queryset = queryset.filter(**{name: value})
        return queryset


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


class StrictLocaleFilter(BaseFilterBackend):
    """``?locale=ru``: pages in one language; a language the site does not have is a 400."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        locale = get_locale_or_400(request.GET["locale"])
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=locale)
        if child_of:
            queryset._filtered_by_child_of = child_of
        return queryset


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


class SitePagination(WagtailPagination):
    """Wagtail's limit/offset pagination; an offset past the last item is an empty page.

    Without the check, the database is asked for the slice anyway, and an offset
    beyond its integer range (``?offset=99999999999999999999``) fails with a 500.
    """

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        if int(request.GET.get("offset", 0)) >= self.total_count:
            return []
        return page


class StrictFindMixin:
    """``find/?id=…``: an id that is not a number is a 400, not a database error (500);
    so is a null character in ``html_path`` (the redirects' find)."""

    def find_object(self, queryset, request):
        if "id" in request.GET and not request.GET["id"].isdigit():
            raise BadRequestError("id must be a positive integer")
        refuse_null_characters(request, "html_path")
        return super().find_object(queryset, request)


class CachingHeadersMixin:
    """``Cache-Control`` on every successful GET; ETag and 304 come from ConditionalGetMiddleware.

    Also keeps a 404 a 404. LocaleMiddleware answers any 404 outside a language prefix
    with a redirect to the same path under ``/en/`` when that path resolves, and the
    page tree's catch-all URL resolves every path, so ``/api/v2/pages/999/`` would
    redirect to an HTML page instead of answering ``{"message": "not found"}``.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, **API_CACHE_CONTROL)
        if response.status_code == 404:
            # The API's own URLconf has no language prefix, so LocaleMiddleware leaves it be.
            request._request.urlconf = API_URLCONF
        return response


class PrefetchedReferencesMixin:
    """A listing resolves the links, images and documents in its items' rich text and
    StreamFields for all items at once (home/rich_text.py), not item by item."""

    def dispatch(self, request, *args, **kwargs):
        with link_targets():
            return super().dispatch(request, *args, **kwargs)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if kwargs.get("many") and args:
            prefetch_references(args[0], field_names=set(serializer.child.Meta.fields))
        return serializer


class SitePagesAPIViewSet(CachingHeadersMixin, PrefetchedReferencesMixin, PagesAPIViewSet):
    """``/api/v2/pages/``: every visible page, with locale-aware ``find`` and richer ``meta``.

    Detail example (abridged)::

        {"id": 7, "meta": {"type": "events.EventPage", "locale": "en",
          "html_url": "http://…/en/events/…/", "translations": [{"locale": "ru", …}],
          "breadcrumbs": [{"id": 3, "title": "Home", "url": "/en/"}, …]}, "title": "…", …}
    """

    filter_backends = [
        StrictFieldsFilter,
        wagtail_filters.ChildOfFilter,
        wagtail_filters.AncestorOfFilter,
        wagtail_filters.DescendantOfFilter,
        wagtail_filters.OrderingFilter,
        wagtail_filters.TranslationOfFilter,
        StrictLocaleFilter,
        StrictSearchFilter,  # last: search results cannot be filtered further
    ]
    pagination_class = SitePagination
    meta_fields = PagesAPIViewSet.meta_fields + ["translations", "breadcrumbs"]
    detail_only_fields = PagesAPIViewSet.detail_only_fields + ["translations", "breadcrumbs"]

    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        overrides["translations"] = TranslationsField(read_only=True)
        overrides["breadcrumbs"] = BreadcrumbsField(read_only=True)
        return overrides

    def get_queryset(self):
        """The pages to list, as a plain set of primary keys for the search backend.

        Wagtail's own queryset carries the visibility filter (``expire_at``), which the
        search index does not know, so every ``?search=`` answered 400 ("cannot filter
        by 'expire_at' while searching"). Narrowing by primary key, as the events
        endpoint does, keeps the filter and lets search run.
        """
        queryset = super().get_queryset()
        return queryset.model.objects.filter(pk__in=queryset.values("pk")).select_related("locale")

    def get_base_queryset(self):
        """Visible pages of the requested site in every language; never private or expired."""
        site = self.get_requested_site()
        roots = [site.root_page, *site.root_page.get_translations()]
        queryset = Page.objects.none()
        for root in roots:
            queryset |= Page.objects.descendant_of(root, inclusive=True)
        return visible(queryset).select_related("locale")

    def get_requested_site(self):
        from wagtail.api.validators import SiteFilterValidator

        refuse_null_characters(self.request, "site")
        try:
            site = SiteFilterValidator(
                site=self.request.GET.get("site"), request=self.request
            ).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        except Http404 as error:
            # An unknown site is a bad parameter value, as in the navigation endpoint.
            raise BadRequestError(f"site '{self.request.GET['site']}' does not exist") from error
        site = site or Site.find_for_request(self.request)
        if site is None:
            raise BadRequestError("no site is configured for this host")
        return site

    def find_object(self, queryset, request):
        """``?html_path=/ru/events/…/``: the page at that URL, in the language its prefix names.

        A path without a language prefix is looked up in the default language.
        """
        if "html_path" not in request.GET:
            if "id" in request.GET and not request.GET["id"].isdigit():
                raise BadRequestError("id must be a positive integer")
            return super().find_object(queryset, request)
        refuse_null_characters(request, "html_path")
        components = [part for part in request.GET["html_path"].split("/") if part]
        site = self.get_requested_site()
        locale = Locale.get_default()
        if components and Locale.objects.filter(language_code=components[0]).exists():
            locale = Locale.objects.get(language_code=components[0])
            components = components[1:]
        root = site.root_page.get_translation_or_none(locale)
        if root is None:
            return None
        try:
            page, _, _ = root.specific.route(request, components)
        except Http404:
            return None
        return page if queryset.filter(pk=page.pk).exists() else None

    def filter_queryset(self, queryset):
        """The filtered pages, fetching what their API fields show in a fixed number of queries."""
        queryset = super().filter_queryset(queryset)
        if isinstance(queryset, models.QuerySet):  # search results are not a QuerySet
            queryset = with_api_relations(queryset)
        return queryset


def with_api_relations(queryset):
    """``queryset`` with the relations its model's ``api_fields`` show joined or prefetched.

    Foreign keys (snippets, images) are joined, many-to-many tags and child relations
    (a resource's documents) prefetched, and images come with their renditions, so a
    listing of 100 pages costs as many queries as a listing of 10.
    """
    from wagtail.images.models import AbstractImage

    def relations(model):
        for api_field in getattr(model, "api_fields", ()):
            try:
                field = model._meta.get_field(getattr(api_field, "name", api_field))
            except FieldDoesNotExist:
                continue
            if field.is_relation:
                yield field

    def foreign_keys(model):
        return [field for field in relations(model) if field.many_to_one and field.concrete]

    model = queryset.model
    select = [field.name for field in foreign_keys(model)]
    prefetch = [
        f"{field.name}__renditions"
        for field in foreign_keys(model)
        if issubclass(field.related_model, AbstractImage)
    ]
    for field in relations(model):
        if field.many_to_many:
            prefetch.append(field.name)
        elif field.one_to_many:
            child = field.related_model
            children = child._default_manager.select_related(
                *(fk.name for fk in foreign_keys(child))
            )
            prefetch.append(models.Prefetch(field.name, queryset=children))
    return queryset.select_related("locale", *select).prefetch_related(*prefetch)


class ReadOnlyAPIView(CachingHeadersMixin, APIView):
    """Base of the API's own non-router endpoints (navigation, search): the same errors and headers.

    No sessions or permissions (the API is the same for everyone), caching headers on
    every answer, ``{"message": ...}`` 400s, and unknown query parameters refused as
    the router's endpoints refuse them.
    """

    authentication_classes = []
    permission_classes = []
    known_parameters = frozenset()

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=400)
        return super().handle_exception(exc)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = set(request.GET) - set(self.known_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
