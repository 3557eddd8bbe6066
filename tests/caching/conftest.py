"""Every caching test runs on the in-process memory cache and on the real Redis."""

import os
import socket

import pytest
from django_redis.util import CacheKey

from caching.middleware import ResponseCacheMiddleware

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of the tests' own
# Keys of this run only: two runs at once (two checkouts, SQLite and PostgreSQL) never
# read or empty each other's entries.
KEY_PREFIX = f"tests-{os.getpid()}"


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture(autouse=True, params=["memory", "redis"])
def site_cache(request, settings):
    if request.param == "redis":
        if not redis_is_running():
            pytest.skip("Redis is not running on 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": KEY_PREFIX,
            }
        }
    from django.core.cache import cache

    empty(cache)
    yield request.param
    empty(cache)


def empty(cache):
    """Remove this run's entries (django-redis' ``clear()`` would empty the whole database),
    of every key version: Wagtail keeps its site root paths under version 2."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern(CacheKey(f"{KEY_PREFIX}:*"))
    else:
        cache.clear()


@pytest.fixture
def computed(monkeypatch):
    """The paths of the requests the response cache computed rather than served (a view
    may answer without a query, from cached fragments, so queries do not tell)."""
    paths = []
    compute = ResponseCacheMiddleware.compute_and_store

    def recording(middleware, request, *args):
        paths.append(request.path)
        return compute(middleware, request, *args)

    monkeypatch.setattr(ResponseCacheMiddleware, "compute_and_store", recording)
    return paths
