"""Every caching test runs on the in-process memory cache and on the real Redis."""

import socket

import pytest

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of the tests' own; emptied by each test


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
                "KEY_PREFIX": "tests",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()
