"""The page API's views (Wagtail API v2): the pages endpoint every page type's endpoint builds on.

What stock Wagtail API v2 lacks and this app adds: images with rendition URLs and
alt text, snippets and page links as small objects in the page's language, a locale-
aware ``find``, ``meta`` with translations and breadcrumbs, strict validation of
every parameter (400 with ``{"message": ...}``), and caching headers.
"""

import functools
from urllib.parse import urlsplit

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.encoding import uri_to_iri
from modelcluster.fields import ParentalKey
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.contrib.redirects.models import Redirect
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, Site

from api.filters import StrictFieldsFilter, StrictLocaleFilter, StrictSearchFilter
from api.pagination import SitePagination
from api.remembered_items import remembered_items
from api.rich_text import link_targets, prefetch_references
from api.serializers import BreadcrumbsField, SitePageSerializer
from api.utils import API_CACHE_CONTROL, API_URLCONF, parse_id, refuse_null_characters
from caching.routing import page_model
from caching.version import cached
from core.querysets import one_or_none, visible
from core.serializers import TranslationsField, load_visible_ids


class StrictFindMixin:
    """Ids in ``find/?id=…`` and in detail URLs, checked by ``parse_id``.

    In ``find``, an id that is not a number is a 400, not a database error (500); so is
    a null character in ``html_path`` (the redirects' find). An id no row can have
    (past 64 bits) is not found, a 404, in ``find`` and in the detail URL alike.
    """

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                if parse_id(request.GET["id"], queryset.model) is None:
                    return None
            except ValueError as error:
                raise BadRequestError("id must be a positive integer") from error
        refuse_null_characters(request, "html_path")
        return super().find_object(queryset, request)

    def get_object(self):
        # The endpoint's model, not get_queryset()'s: building the queryset costs queries
        # (the requested site, the view restrictions), which get_object repeats anyway.
        if parse_id(self.kwargs["pk"], self.model) is None:
            raise Http404("not found")
        return super().get_object()


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


class CompactJSONMixin:
    """Compact JSON, as the API's own endpoints (navigation, search) answer.

    Wagtail's endpoints indent their JSON by four spaces, which makes Python's JSON
    encoder fall back from its C implementation to its pure-Python one: a third of an
    events listing's time on a cache miss, for a quarter more bytes.
    """

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context


class PrefetchedReferencesMixin:
    """A listing resolves the links, images and documents in its items' rich text and
    StreamFields for all items at once (api/rich_text.py), not item by item."""

    def dispatch(self, request, *args, **kwargs):
        with link_targets():
            return super().dispatch(request, *args, **kwargs)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if kwargs.get("many") and args:
            prefetch_references(args[0], field_names=set(serializer.child.Meta.fields))
        return serializer


class SitePagesAPIViewSet(
    CompactJSONMixin,
    CachingHeadersMixin,
    PrefetchedReferencesMixin,
    StrictFindMixin,
    PagesAPIViewSet,
):
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
    base_serializer_class = SitePageSerializer
    meta_fields = PagesAPIViewSet.meta_fields + ["translations", "breadcrumbs"]
    # Relations that would cost a query per page in a listing (an event's main event, side
    # events and related pages) are given by the detail; listings filter by them instead.
    detail_only_fields = PagesAPIViewSet.detail_only_fields + [
        "translations",
        "breadcrumbs",
        "main_event",
        "side_events",
        "related_pages",
    ]

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        """Wagtail's, less StreamFields among the fields to filter and order by: a stored list
        of blocks matches no query string (``?contacts=2.0`` would be parsed as blocks)."""
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            stream_fields = {f.name for f in model._meta.fields if isinstance(f, StreamField)}
            fields = [name for name in fields if name not in stream_fields]
        return fields

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        """Wagtail's serializer class for these fields, built once per process, not per request."""
        # The model's API fields are in the key too: they are a class attribute a test (or
        # a reload in development) may replace.
        api_fields = tuple(getattr(model, "api_fields", ()))
        return serializer_class(
            cls, router, model, api_fields, frozen(fields_config), show_details, nested
        )

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

    def listing_view(self, request):
        """Wagtail's listing, with each item taken from the cache when a listing has shown
        it since the last change (api/remembered_items.py)."""
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        page = self.paginate_queryset(queryset)
        items = remembered_items(
            self,
            queryset,
            page,
            lambda objects: self.get_serializer(objects, many=True).data,
            ids=self.paginator.page_ids,
        )
        return self.get_paginated_response(items)

    def get_object(self):
        """The page in its specific type, with what its API fields show joined or prefetched.

        Wagtail reads the base page, then the specific page, then each relation when a
        field reads it: an event's organisers cost a query per organisation, twice (the
        list and the "Organized by" line). Here one query reads the specific row, checked
        to be among the endpoint's pages, with its foreign keys joined and its relations
        prefetched as in a listing; the page's type comes from its id
        (``caching.routing.page_model``).
        """
        if not hasattr(self, "_cached_object"):
            pk = parse_id(self.kwargs["pk"], self.model)
            if pk is None:
                raise Http404("not found")
            pages = self.filter_queryset(self.get_queryset())
            if not isinstance(pages, models.QuerySet):  # search results
                pages = self.model.objects.filter(pk__in=[page.pk for page in pages])
            model = page_model(pk)
            page = model and one_or_none(
                with_api_relations(
                    model.objects.filter(pk=pk, pk__in=pages.values("pk")), one_page=True
                )
            )
            if page is None:
                raise Http404(f"No {pages.model._meta.object_name} matches the given query.")
            self.check_object_permissions(self.request, page)
            self._cached_object = page
        return self._cached_object

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # Shared by every request until the content changes (thematic areas' visibility).
        context["load_visible_ids"] = lambda model: cached(
            "visible-ids", model._meta.label, compute=lambda: load_visible_ids(model)
        )
        return context

    def get_base_queryset(self):
        """Visible pages of the requested site in every language; never private or expired.

        Built once per request (the view lives for one request): Wagtail asks for it
        again for the serializer's context. The site's root in each language is read
        from the cache, until the content changes.
        """
        if getattr(self, "_base_queryset", None) is None:
            site = self.get_requested_site()
            roots = cached("site-roots", site.pk, compute=lambda: root_paths(site))
            condition = Q(pk__in=[])
            for path, depth in roots:
                condition |= Q(path__startswith=path, depth__gte=depth)
            self._base_queryset = visible(Page.objects.filter(condition)).select_related("locale")
        return self._base_queryset

    def get_requested_site(self):
        """The ``?site=`` parameter's site, or the request's; read once per request."""
        if getattr(self, "_requested_site", None) is None:
            self._requested_site = self.find_requested_site()
        return self._requested_site

    def find_requested_site(self):
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

        A path without a language prefix is looked up in the default language. A path
        no page answers is followed through the site's redirects (those editors make and
        those Wagtail makes when a page moves or changes its slug), as the site follows
        them for visitors.
        """
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        refuse_null_characters(request, "html_path")
        html_path = request.GET["html_path"]
        site = self.get_requested_site()
        page = self.page_at(request, site, html_path)
        if page is None:
            redirect = find_redirect(site, html_path)
            page = redirect.redirect_page if redirect is not None else None
        return page if page is not None and queryset.filter(pk=page.pk).exists() else None

    def page_at(self, request, site, html_path):
        """The page that answers ``html_path`` on ``site``, live or not; None when none does."""
        components = [part for part in urlsplit(html_path).path.split("/") if part]
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
        return page

    def filter_queryset(self, queryset):
        """The filtered pages, fetching what their API fields show in a fixed number of queries."""
        queryset = super().filter_queryset(queryset)
        if isinstance(queryset, models.QuerySet):  # search results are not a QuerySet
            # A listing (the API's, a feed's) leaves out what only the detail shows.
            is_detail = getattr(self, "action", None) == "detail_view"
            leave_out = () if is_detail else self.detail_only_fields
            queryset = with_api_relations(queryset, leave_out=leave_out)
        return queryset


@functools.lru_cache(maxsize=256)
def serializer_class(view_class, router, model, api_fields, fields_config, show_details, nested):
    """Wagtail builds a serializer class, fields and all, for every request (a tenth of an
    API detail on a miss); it depends only on these arguments. Bounded: ``?fields=`` is
    the client's to vary."""
    return super(SitePagesAPIViewSet, view_class)._get_serializer_class(
        router, model, fields_config, show_details, nested
    )


def frozen(fields_config):
    """Wagtail's parsed ``?fields=`` (lists of ``(name, negated, sub_fields)``) as tuples,
    so it can key a cache."""
    if fields_config is None:
        return None
    return tuple((name, negated, frozen(sub)) for name, negated, sub in fields_config)


class PageTypeAPIViewSet(SitePagesAPIViewSet):
    """Base of an endpoint that lists one page type (events, news, resources).

    The tree parameters of ``/api/v2/pages/`` do not apply; each endpoint adds its own
    filters' names to ``known_query_parameters``. Relations it filters by slug
    (``event_type``, ``thematic_areas``, …) are named in ``fields_with_own_filter``, so
    they are not also offered as exact-match fields.
    """

    known_query_parameters = SitePagesAPIViewSet.known_query_parameters.difference(
        ["type", "child_of", "ancestor_of", "descendant_of", "translation_of"]
    )
    fields_with_own_filter = ()

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            fields = [name for name in fields if name not in cls.fields_with_own_filter]
        return fields


def root_paths(site):
    """``[(path, depth)]`` of the site's root page in each language it is translated into."""
    root = site.root_page
    return [(page.path, page.depth) for page in [root, *root.get_translations()]]


def with_api_relations(queryset, leave_out=(), one_page=False):
    """``queryset`` with the relations its model's ``api_fields`` show joined or prefetched.

    Fields named in ``leave_out`` (those a listing does not show) are not fetched: joining
    an event's main event in the listing made PostgreSQL read the whole events table.
    For ``one_page`` (the detail), what a field reads as cheaply by itself is not
    prefetched: tags, whose fields read the ids alone and look the tags up in the tables
    kept for the content version (``core.i18n.localized_tags``), and child rows that link
    only to pages (an event's related pages), whose field reads their ids and then the
    visible pages (``EventPage.related_page_targets``). For one page a prefetch saves no
    query, and joining a base page row cost three times the compiling of the ids.

    Foreign keys (snippets, images) are joined, many-to-many tags and child relations
    (a resource's documents) prefetched, and images come with their renditions, so a
    listing of 100 pages costs as many queries as a listing of 10. The page's own foreign
    key to another page (an event's main event) is not joined: its field reads that page
    in the item's language and only when visible, with a query of its own; joining it
    anyway brought in every column of the page type, unused, and took a third of an
    event's detail. In a listing, a child row's link to a page is joined: it is a base
    page row, and its field reads the linked pages together.
    """

    def relations(model):
        for api_field in getattr(model, "api_fields", ()):
            name = getattr(api_field, "name", api_field)
            if name in leave_out:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            # A reverse foreign key (an event's side events) is read by its own field's
            # query; only child relations (ParentalKey) are shown as they are stored.
            if field.one_to_many and not isinstance(field.remote_field, ParentalKey):
                continue
            if field.is_relation:
                yield field

    def foreign_keys(model):
        return [field for field in relations(model) if field.many_to_one and field.concrete]

    model = queryset.model
    own_keys = [field for field in foreign_keys(model) if not issubclass(field.related_model, Page)]
    select = [field.name for field in own_keys]
    prefetch = [
        f"{field.name}__renditions"
        for field in own_keys
        if issubclass(field.related_model, AbstractImage)
    ]
    for field in relations(model):
        if field.many_to_many:
            if not one_page:
                prefetch.append(field.name)
        elif field.one_to_many:
            child = field.related_model
            links = [fk for fk in foreign_keys(child) if fk.name != field.field.name]
            if one_page and links and all(issubclass(fk.related_model, Page) for fk in links):
                continue
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


class StrictInputMixin(StrictFindMixin):
    """Wagtail's endpoints with the input checks of our page endpoints.

    Found by the Schemathesis run in tests/api/test_openapi_schema.py: a null character
    in ``search``, an offset beyond the database's integers and a non-numeric
    ``find/?id=`` were 500s.
    """

    filter_backends = [FieldsFilter, OrderingFilter, StrictSearchFilter]
    pagination_class = SitePagination


def find_redirect(site, html_path):
    """The redirect the site follows for ``html_path``, matched as its ``RedirectMiddleware`` matches.

    Stored paths are normalised (no trailing slash, sorted query), so ``/en/old/`` and
    ``/en/old`` find the same redirect; a path with a query string falls back to the
    redirect of the path alone; a site's own redirect wins over one for all sites.
    """
    path = Redirect.normalise_path(html_path, decode_unicode=False)
    candidates = [path, urlsplit(path).path]
    candidates = [
        form
        for candidate in dict.fromkeys(candidates)
        for form in dict.fromkeys([uri_to_iri(candidate), candidate])
    ]
    for candidate in candidates:
        redirect = (
            Redirect.get_for_site(site)
            .filter(old_path=candidate)
            .select_related("redirect_page")
            .order_by(F("site_id").desc(nulls_last=True))
            .first()
        )
        if redirect is not None:
            return redirect
    return None


class SiteRedirectsAPIViewSet(
    CompactJSONMixin, CachingHeadersMixin, StrictInputMixin, RedirectsAPIViewSet
):
    """``/api/v2/redirects/``: moved pages, so a client can follow them."""

    # Wagtail's find reads html_path but does not declare it, so it was passed on
    # to the detail URL and left out of the OpenAPI document.
    find_query_parameters = RedirectsAPIViewSet.find_query_parameters | {"html_path"}

    def find_object(self, queryset, request):
        """``?html_path=``: matched with or without its trailing slash, as the site matches it.

        Wagtail's own find compares the path as given with the stored, normalised one,
        so ``/en/old/`` (the form every page URL has) never matched ``/en/old``.
        """
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        refuse_null_characters(request, "html_path")
        site = Site.find_for_request(request)
        redirect = find_redirect(site, request.GET["html_path"]) if site is not None else None
        if redirect is None or not queryset.filter(pk=redirect.pk).exists():
            raise Http404("not found")
        return redirect
