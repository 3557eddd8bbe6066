"""Listing items remembered for the content version: what a listing that misses the response
cache (a new filter combination, another page of results) still finds ready.

External clients explore filters: most of their URLs are new to the response cache, yet
the same few hundred pages make up every answer. Each item's representation is kept in the
cache under the content version (caching/version.py), so a new URL serializes only the
items no listing has shown since the last change, and a publish (a new version) leaves
nothing stale behind. The item depends on the page and the version, and on the request
only through what the key holds: the endpoint, the scheme and host (URLs), the active
language (localised links) and the parameters that shape an item (``ITEM_PARAMETERS``).
"""

from django.db.models import QuerySet
from django.utils import translation

from caching.degraded import is_degraded
from caching.version import cache_key, content_version, enabled, keep_fragments, read_fragments

# Query parameters that change what an item looks like (not which items are listed).
ITEM_PARAMETERS = ("fields", "type", "rich_text_format", "site")


def item_keys(view, ids):
    """``{pk: cache key}`` of the listed pages' representations for this request."""
    request = view.request
    shape = (
        type(view).__module__,
        type(view).__qualname__,
        request.scheme,
        request.get_host(),
        translation.get_language(),
        tuple(tuple(request.GET.getlist(name)) for name in ITEM_PARAMETERS),
    )
    version = content_version()
    return {pk: cache_key("api-item", version, shape, pk) for pk in ids}


def remembered_items(view, queryset, page, serialize, ids=None):
    """The representations of ``page`` (a slice of ``queryset``), in its order.

    Those the cache holds are taken from it; the others are serialized together
    (``serialize(objects)``, as the listing would) and stored. Search results and a cache
    that is switched off (``RESPONSE_CACHE=0``) are serialized as they are. ``ids``: the
    page's ids when the pagination has read them already (api/pagination.py).
    """
    if not enabled() or not isinstance(page, QuerySet):
        return serialize(page)
    if ids is None:
        ids = list(page.prefetch_related(None).values_list("pk", flat=True))
    keys = item_keys(view, ids)
    found = read_fragments(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        objects = {obj.pk: obj for obj in queryset.filter(pk__in=missing)}
        in_order = [objects[pk] for pk in missing if pk in objects]
        made = {keys[obj.pk]: item for obj, item in zip(in_order, serialize(in_order), strict=True)}
        if not is_degraded():
            keep_fragments(made)
        found.update(made)
    return [found[keys[pk]] for pk in ids if keys[pk] in found]
