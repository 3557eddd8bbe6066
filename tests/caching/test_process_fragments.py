"""Each process keeps the content version's fragments it has read (caching.version.cached):
a request on a miss reads them without a round trip to the shared cache, never one of an
older version, and never a copy another request has changed."""

from django.core.cache import cache

from caching.version import (
    _request_memo,
    cache_key,
    cached,
    content_version,
    invalidate,
    keep_fragments,
    process_fragments,
    read_fragments,
)


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_fragment_read_once_is_answered_by_the_process(db):
    compute, calls = counting(["a"])
    assert cached("fragment", 1, compute=compute) == ["a"]
    cache.delete(cache_key("fragment", content_version(), 1))  # gone from the shared cache

    assert cached("fragment", 1, compute=compute) == ["a"]
    assert len(calls) == 1


def test_a_new_content_version_is_computed_afresh(db):
    compute, calls = counting(["a"])
    cached("fragment", 2, compute=compute)

    invalidate()

    assert cached("fragment", 2, compute=compute) == ["a"]
    assert len(calls) == 2


def test_a_change_to_a_copy_is_not_seen_by_the_next_reader(db):
    compute, _calls = counting({"items": [1, 2]})
    first = cached("fragment", 3, compute=compute)
    first["items"].append(3)

    assert cached("fragment", 3, compute=compute) == {"items": [1, 2]}


def test_listing_items_kept_once_are_read_from_the_process(db):
    version = content_version()
    keys = [cache_key("api-item", version, pk) for pk in (1, 2, 3)]
    keep_fragments({keys[0]: {"id": 1}, keys[1]: {"id": 2}})
    cache.delete(keys[0])  # gone from the shared cache
    cache.set(keys[2], {"id": 3})  # kept by another process

    assert read_fragments(keys) == {keys[0]: {"id": 1}, keys[1]: {"id": 2}, keys[2]: {"id": 3}}
    cache.delete(keys[2])
    assert read_fragments(keys[2:]) == {keys[2]: {"id": 3}}  # read once, kept


def test_with_the_shared_cache_failing_the_process_keeps_nothing(settings, db):
    """With Redis refusing connections each request has a content version of its own: what
    it computes is never asked for again, so the process does not keep it (it would only
    push out what other requests use)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.1},
        }
    }
    kept_before = len(process_fragments._cache)
    compute, calls = counting(["a"])
    for _request in range(3):
        memo = _request_memo.set({})
        try:
            assert cached("fragment", 3, compute=compute) == ["a"]
            keep_fragments({cache_key("item", content_version(), 3): {"id": 3}})
        finally:
            _request_memo.reset(memo)

    assert len(calls) == 3  # computed by each request, as without a cache
    assert len(process_fragments._cache) == kept_before
