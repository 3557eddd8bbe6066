"""The site's own cache: never stale for visitors, whatever changes and however.

Everything visitors and API clients read is derived from published content, so one
*content version* stands for all of it: a token kept in the shared cache (Redis in
production) and part of every cache key. It changes

- when published content changes: a page published, unpublished, moved, deleted or
  saved while live; a taxonomy, image, document, redirect, site, locale, search
  promotion or view restriction saved or deleted (``invalidate_on_commit``, wired in
  ``HomeConfig.ready``), once the transaction commits, so no request can cache what
  it read before the commit under the new version;
- when the clock changes content by itself: at the next page expiry (``expire_at``)
  and at midnight, when "upcoming" events become "past".

Stale entries are never read again and expire on their own. Two things are cached
with it: shared fragments (``cached``: the menu) and whole responses, of the API
and of visitors' pages (``ResponseCacheMiddleware``). A cache that fails (Redis down) reads as empty
and every request is computed afresh.
"""

import datetime
import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.translation import get_language_from_request

VERSION_KEY = "content-version"
MISSING = object()


def cache_timeout():
    """How long an entry may live at most (seconds); the content version does the rest."""
    return getattr(settings, "SITE_CACHE_TIMEOUT", 600)


def content_version():
    """The current content version: a token that changes whenever visible content does."""
    now = timezone.now()
    current = cache.get(VERSION_KEY)
    if current is not None and now < current[1]:
        return current[0]
    token = uuid.uuid4().hex
    cache.set(VERSION_KEY, (token, next_change_at(now)), cache_timeout())
    return token


def next_change_at(now):
    """When content changes without anyone saving: the next expiry, or midnight."""
    from wagtail.models import Page

    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    next_expiry = Page.objects.filter(live=True, expire_at__gt=now).aggregate(
        next=Min("expire_at")
    )["next"]
    return min(midnight, next_expiry) if next_expiry else midnight


def invalidate():
    """Start a new content version: every entry cached so far is out of date."""
    cache.delete(VERSION_KEY)


def invalidate_on_commit():
    """Invalidate now, for this transaction's own later reads, and again once it commits,
    for what other requests cached from the old data meanwhile."""
    invalidate()
    transaction.on_commit(invalidate)


def cached(name, *parts, compute):
    """``compute()``, cached under ``name`` and ``parts`` for the current content version."""
    key = cache_key(name, content_version(), *parts)
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, cache_timeout())
    return value


def cache_key(name, *parts):
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{name}:{digest}"


# What changes visible content. Page types are matched by their base class.
DRAFT_ONLY_PAGE_FIELDS = frozenset(
    {
        "comments",
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)


@functools.cache
def content_models():
    from django.apps import apps
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    taxonomies = [
        model for model in apps.get_app_config("events").get_models() if not issubclass(model, Page)
    ]
    return (
        Page,
        PageViewRestriction,
        Site,
        Locale,
        get_image_model(),
        get_document_model(),
        Redirect,
        Query,
        SearchPromotion,
        *taxonomies,
    )


def on_content_saved(sender, instance, update_fields=None, **kwargs):
    """``post_save``: a change to anything visitors can see starts a new version on commit.

    A draft saved on a live page touches only its draft fields, which visitors never
    see, so it keeps the cache.
    """
    from wagtail.models import Page

    if not isinstance(instance, content_models()):
        return
    if isinstance(instance, Page):
        if not instance.live and not kwargs.get("created"):
            # Unpublishing sends its own signal; a draft of an unpublished page changes nothing.
            return
        if update_fields and DRAFT_ONLY_PAGE_FIELDS.issuperset(update_fields):
            return
    invalidate_on_commit()


def on_content_deleted(sender, instance, **kwargs):
    if isinstance(instance, content_models()):
        invalidate_on_commit()


def on_page_changed(sender, **kwargs):
    """``page_published``, ``page_unpublished``, ``post_page_move``."""
    invalidate_on_commit()


class ResponseCacheMiddleware:
    """Serves repeated reads from the shared cache: API responses and visitors' pages.

    - ``/api/v2/``: every ``GET``/``HEAD`` (the API has no users: it is the same for
      everyone), except the draft preview and the schema (derived from the code).
    - Everything else a visitor reads (pages, listings, search, feeds, sitemap), for
      requests without a session cookie: a logged-in editor sees the user bar and
      drafts' links, so they always get a fresh page.

    The key holds the content version, the host (absolute URLs), the language
    negotiated from the request and the full path with its query. Only a 200 that
    is the same for everyone is kept: no cookie set, not private.
    A hit still answers ``If-None-Match`` with 304. It sits early in the middleware
    stack, so a hit costs two cache reads and no database query.
    """

    API_PREFIX = "/api/v2/"
    EXCLUDED_PREFIXES = (
        "/api/v2/preview/",
        "/api/v2/schema/",
        "/admin/",
        "/documents/",  # served with each collection's privacy checked
        "/healthz",
        "/static/",
        "/media/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable(request):
            return self.get_response(request)
        key = cache_key(
            "response",
            content_version(),
            request.get_host(),
            get_language_from_request(request),
            request.get_full_path(),
        )
        entry = cache.get(key)
        if entry is not None:
            response = self.response_from(entry)
            return (
                get_conditional_response(request, etag=response.get("ETag"), response=response)
                or response
            )
        response = self.get_response(request)
        if self.should_store(request, response):
            cache.set(key, self.entry_from(response), cache_timeout())
        return response

    def is_cacheable(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.EXCLUDED_PREFIXES):
            return False
        return request.path.startswith(self.API_PREFIX) or (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def should_store(request, response):
        """A 200 that is the same for everyone who gets it from the cache.

        ``Vary: Cookie`` alone does not disqualify a page: templates look at
        ``request.user`` (for the user bar), which marks the session as read, but
        pages are only cached for requests without a session, which all see the same.
        """
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and "no-store" not in cache_control
            and "private" not in cache_control
            and not response.cookies
            and not (
                has_vary_header(response, "Cookie")
                and settings.SESSION_COOKIE_NAME in request.COOKIES
            )
        )

    @staticmethod
    def entry_from(response):
        return response.status_code, list(response.headers.items()), response.content

    @staticmethod
    def response_from(entry):
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        return response
