"""Routing from the cache: the page at a URL path found in one query, not two per segment.

Wagtail finds the page of ``/en/events/<slug>/`` by walking the tree from the site's root
in the URL's language: the root's translation, then each segment's child by slug and its
specific row, two queries per segment (six of an event page's seventeen on a miss). The
path → page route is remembered in the cache, and a remembered route is checked by the
one query that loads the page: the row must still be live, and still at that URL path.
A route therefore never goes stale when content changes (a publish, a move, a rename, an
unpublish or a deletion fails the check and the tree is walked again), so it is kept
across content versions: the first request after a publish, which misses the response
cache, still routes in one query.

Only what Wagtail's own routing returns is remembered, for the language the page is in:
everything Wagtail and ``core.wagtail_hooks`` check before serving (privacy, the URL's
language, expiry) is still checked on every request.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from caching.version import cache_key
from core.querysets import one_or_none

ROUTE_TIMEOUT = 24 * 60 * 60  # seconds: a route is checked on use, never served stale
ROUTE_KEY_PREFIX = "route"
PAGE_TYPE_KEY_PREFIX = "page-type"


def route_key(site, language, components):
    """The site (and its root, which the routes hang from), the language and the path."""
    return cache_key(ROUTE_KEY_PREFIX, site.pk, site.root_page_id, language, components)


def serve(request, path):
    """Wagtail's page view, routed through ``route_for_request``."""
    route_for_request(request, path)
    return wagtail_views.serve(request, path)


def route_for_request(request, path):
    """``Page.route_for_request``, from the remembered route when it still holds.

    Sets what Wagtail memoises on the request, so its serve view and anything else that
    asks for the request's page in this request reads the same answer.
    """
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = Site.find_for_request(request)
    if site is None:
        return Page.route_for_request(request, path)
    components = [component for component in path.split("/") if component]
    key = route_key(site, get_language(), components)
    page = remembered_page(cache.get(key))
    if page is not None:
        request._wagtail_route_for_request = RouteResult(page)
        return request._wagtail_route_for_request
    result = Page.route_for_request(request, path)
    if result is not None and remembers(result):
        page = result[0]
        cache.set(key, (page.pk, page.content_type_id, page.url_path), ROUTE_TIMEOUT)
    return result


def remembers(result):
    """Whether a route may be remembered: a page itself (no sub-route of a page that
    routes on its own) in the language of the URL (not the fallback to another
    language's tree that Wagtail makes when a language has no home page)."""
    page, args, kwargs = result
    return (
        not args
        and not kwargs
        and type(page).route is Page.route
        and page.locale.language_code == get_language()
    )


def remembered_page(route):
    """The page a remembered route names, if it is still live at the same URL path."""
    if route is None:
        return None
    page_id, content_type_id, url_path = route
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or not issubclass(model, Page):
        return None
    return one_or_none(
        model.objects.select_related("locale", *own_relations(model)).filter(
            pk=page_id, url_path=url_path, live=True
        )
    )


@functools.cache
def own_relations(model):
    """The foreign keys a page type declares (an event's type and source, an image), which
    its template shows: joined in the same query. Not those every page has (owner, revisions,
    locks), nor links to other pages, which are shown only when visible and read as such."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.model is not Page
        and not issubclass(field.related_model, Page)
    ]


def page_model(page_id):
    """The specific model of the page with this id, or None when there is no such page.

    A page never changes type and an id is never reused, so the answer is remembered
    across content versions: the API's detail reads the page in its own type in one
    query instead of reading the base row first to learn its type.
    """
    key = cache_key(PAGE_TYPE_KEY_PREFIX, page_id)
    content_type_id = cache.get(key)
    if content_type_id is None:
        content_type_id = one_or_none(
            Page.objects.filter(pk=page_id).values_list("content_type_id", flat=True)
        )
        if content_type_id is None:
            return None
        cache.set(key, content_type_id, ROUTE_TIMEOUT)
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model if model is not None and issubclass(model, Page) else Page
