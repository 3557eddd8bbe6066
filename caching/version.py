"""The site's own cache: never stale for visitors, whatever changes and however.

Everything visitors and API clients read is derived from published content, so one
*content version* stands for all of it: a token kept in the shared cache (Redis in
production) and part of every cache key. It changes

- when published content changes: a page published, unpublished, moved, deleted or
  saved while live; a taxonomy, image, document, collection, redirect, site, locale,
  search promotion or view restriction (of a page or a collection, its groups too)
  saved, moved or deleted (``invalidate_on_commit``, wired in ``HomeConfig.ready``),
  once the transaction commits, so no request can cache what it read before the
  commit under the new version;
- when the clock changes content by itself: at the next page expiry (``expire_at``)
  and at midnight, when "upcoming" events become "past".

Stale entries are never read again and expire on their own. Two things are cached
with it: shared fragments (``cached``: the menu) and whole responses, of the API and
of visitors' pages (``ResponseCacheMiddleware``). A cache that fails (Redis down) reads
as empty and every request is computed afresh. ``RESPONSE_CACHE=0`` switches both off
(production without Redis requires it: a cache per process would keep serving what
another process invalidated).
"""

import contextvars
import datetime
import functools
import hashlib
import threading
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Min
from django.dispatch import Signal
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)

VERSION_KEY = "content-version"


MISSING = object()


LEARNED_TIMEOUT = 24 * 60 * 60  # what a page reads changes with the code, not the content


def cache_timeout():
    """How long an entry may live at most (seconds); the content version does the rest."""
    return getattr(settings, "SITE_CACHE_TIMEOUT", 600)


def content_version():
    """The current content version: a token that changes whenever visible content does.

    Read once per request (``ResponseCacheMiddleware`` keeps it for the request): a
    request sees one version throughout, and a cache that holds nothing (Redis down)
    costs one query for it, not one per cached fragment.
    """
    return content_version_and()[0]


def content_version_and(*keys):
    """The content version, and the values of ``keys`` (a dict) read in the same round
    trip to the cache: a request's first cache read fetches what it needs at once."""
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"], (cache.get_many(keys) if keys else {})
    values = cache.get_many([VERSION_KEY, *keys])
    now = timezone.now()
    current = values.pop(VERSION_KEY, None)
    if current is not None and now < current[1]:
        token, shared = current[0], True
    else:
        token, shared = start_version(now, stale=current is not None)
    if memo is not None:
        memo["version"] = token
        if not shared:
            memo[OWN_VERSION] = True
    return token, values


def start_version(now, stale):
    """A new content version's token, the same for every request that finds none.

    After a publish, every busy URL's clients find the version gone at the same moment;
    were each to make its own token, each would compute and cache its pages under a
    version of its own, and the response cache could not coalesce their misses. The
    first request's token is added (``cache.add``); the others read it. A version past
    its time (midnight, an expiry) is replaced the same way. Returns the token and
    whether other requests can find it.
    """
    token = uuid.uuid4().hex
    if stale:
        cache.delete(VERSION_KEY)
    if cache.add(VERSION_KEY, (token, next_change_at(now)), cache_timeout()):
        return token, True
    current = cache.get(VERSION_KEY)
    if current is not None and now < current[1]:
        return current[0], True  # another request's
    # None to read (a failing cache): each request is on its own, with a version no other
    # request will ask for.
    return token, False


_request_memo = contextvars.ContextVar("content_version_of_the_request", default=None)


def next_change_at(now):
    """When content changes without anyone saving: the next expiry, or midnight."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    next_expiry = Page.objects.filter(live=True, expire_at__gt=now).aggregate(
        next=Min("expire_at")
    )["next"]
    return min(midnight, next_expiry) if next_expiry else midnight


def invalidate():
    """Start a new content version: every entry cached so far is out of date."""
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()
        memo[CHANGED] = True
    cache.delete(VERSION_KEY)


CHANGED = "changed content"  # in the request's memo: the request has changed content
OWN_VERSION = "own version"  # in the request's memo: the shared cache could not keep its version


def kept_by_the_process():
    """Whether what this request computes is worth this process's copy: not under a version
    of its own (the shared cache failing), which no other request will ask for."""
    memo = _request_memo.get()
    return memo is None or OWN_VERSION not in memo


def unsure_to_share():
    """Whether what this request computes now may be gone once its transaction ends.

    A request that changed content and has not committed yet reads its own changes; were
    it to cache what it computes under the version other requests use, a rollback (a
    restriction removed, then the removal undone) would leave them reading what never
    was: a private page shown. It computes for itself alone until the commit."""
    memo = _request_memo.get()
    return bool(memo and memo.get(CHANGED)) and transaction.get_connection().in_atomic_block


# Sent once a transaction that changed visible content has committed (after the new
# version started), for what keeps its own copy of the content: the change feed.
content_changed = Signal()

# Whether this thread's transaction changed content not announced yet: a transaction that
# saves a hundred pages (an import, the demo loader, a publish with its revisions)
# registers a hundred callbacks, and the first one to run after the commit announces it.
_unannounced = threading.local()


def announce_change():
    if getattr(_unannounced, "changes", False):
        _unannounced.changes = False
        content_changed.send(sender=invalidate_on_commit)


def invalidate_on_commit():
    """Invalidate now, for this transaction's own later reads, and again once it commits,
    for what other requests cached from the old data meanwhile; then tell
    ``content_changed``'s receivers, once per commit (robust: a failing one never fails
    the commit)."""
    invalidate()
    transaction.on_commit(invalidate)
    _unannounced.changes = True
    transaction.on_commit(announce_change, robust=True)


def enabled():
    """Whether the response cache and the fragments are on (``RESPONSE_CACHE``)."""
    return getattr(settings, "RESPONSE_CACHE", True)


# What a content version's fragments are, kept by each process too: they never change (a
# change starts a new version, under new keys), so a process that has read or computed one
# answers it again without a round trip to the shared cache. Kept pickled, as the shared
# cache keeps them, so no request sees what another did to its copy.
process_fragments = LocMemCache("content-fragments", {"OPTIONS": {"MAX_ENTRIES": 5000}})


def cached(name, *parts, compute):
    """``compute()``, cached under ``name`` and ``parts`` for the current content version:
    from this process's copy, else the shared cache, else computed and kept in both."""
    if not enabled() or unsure_to_share():
        return compute()
    key = cache_key(name, content_version(), *parts)
    value = process_fragments.get(key, MISSING)
    if value is MISSING:
        value = cache.get(key, MISSING)
        if value is MISSING:
            value = compute()
            cache.set(key, value, cache_timeout())
        if kept_by_the_process():
            process_fragments.set(key, value, cache_timeout())
    return value


def read_fragments(keys):
    """``{key: value}`` of the ``keys`` (made with the content version) this process or the
    shared cache holds: those of the process first, the others in one round trip."""
    found = process_fragments.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        process_fragments.set_many(shared, cache_timeout())
        found.update(shared)
    return found


def keep_fragments(values):
    """Keep ``{key: value}`` (keys made with the content version) in the shared cache and
    this process's copy (not while the request's own changes are uncommitted)."""
    if unsure_to_share():
        return
    cache.set_many(values, cache_timeout())
    if kept_by_the_process():
        process_fragments.set_many(values, cache_timeout())


def cached_for_the_request(name, *parts, compute):
    """``cached(name, *parts, compute=compute)``, read from the cache once per request;
    None outside a request (no memo: ``ResponseCacheMiddleware`` keeps one per request)
    or with the cache off. The memo is cleared when the request changes content."""
    memo = _request_memo.get()
    if memo is None or not enabled():
        return None
    key = (name, *parts)
    if key not in memo:
        memo[key] = cached(name, *parts, compute=compute)
    return memo[key]


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


# Saved by Wagtail when a visitor's request first reads an image's or document's size or
# hash: derived from the file, which has not changed, so no change visitors can see.
DERIVED_FILE_FIELDS = frozenset({"file_size", "file_hash"})


@functools.cache
def content_models():
    """The models whose saves and deletions change what visitors and clients see.

    Only editors' content: nothing a visitor's request writes is listed (the search
    promotions' query log, renditions, embeds, sessions), or any visitor could empty
    the cache at will.
    """
    taxonomies = [
        model for model in apps.get_app_config("events").get_models() if not issubclass(model, Page)
    ]
    return (
        Page,
        PageViewRestriction,
        # Which documents are public: a restriction on a collection covers the
        # collections under it, so moving one can make its files private too.
        Collection,
        CollectionViewRestriction,
        Site,
        Locale,
        get_image_model(),
        get_document_model(),
        Tag,  # the names of images' and documents' tags, in the API
        Redirect,
        SearchPromotion,
        *taxonomies,
    )


def on_content_saved(sender, instance, update_fields=None, **kwargs):
    """``post_save``: a change to anything visitors can see starts a new version on commit.

    A draft saved on a live page touches only its draft fields, which visitors never
    see, so it keeps the cache.
    """
    if not isinstance(instance, content_models()):
        return
    if update_fields and DERIVED_FILE_FIELDS.issuperset(update_fields):
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


def on_content_m2m_changed(sender, instance, action, model, **kwargs):
    """``m2m_changed``: a view restriction's groups are set after the restriction is saved."""
    if action.startswith("post_") and (
        isinstance(instance, content_models()) or issubclass(model, content_models())
    ):
        invalidate_on_commit()


def on_page_changed(sender, **kwargs):
    """``page_published``, ``page_unpublished``, ``post_page_move``."""
    invalidate_on_commit()


def on_task_finished(sender, task_result, **kwargs):
    """django-tasks' ``task_finished``: a page indexed for search by the worker changes
    what a search finds, later than the publish that asked for it started a new version.

    Only pages (site search finds nothing else: an image re-indexed because a visitor's
    request saved its size must not empty the cache), and only tasks run later by a
    worker: one run at once ran inside the transaction that asked for it, whose own
    invalidation on commit covers it.
    """
    from django_tasks.backends.immediate import ImmediateBackend
    from wagtail.search.tasks import insert_or_update_object_task

    # django-tasks-db's worker sends the backend itself, the immediate backend its class.
    if issubclass(sender if isinstance(sender, type) else type(sender), ImmediateBackend):
        return
    if task_result.task.func is not insert_or_update_object_task.func:
        return
    app_label, model_name = task_result.args[:2]
    if issubclass(apps.get_model(app_label, model_name), Page):
        invalidate_on_commit()


def on_tree_path_updated(sender, **kwargs):
    """treebeard's ``path_updated``: a collection moved (its own row is saved before its
    path changes, and the collections under it are updated without ``post_save``)."""
    invalidate_on_commit()
