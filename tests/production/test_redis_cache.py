"""The cache that REDIS_URL configures (django-redis): it works on the real Redis, and a
Redis that is gone costs a fraction of a second and raises nothing."""

import runpy
import time
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from tests.production.servers import free_port, reachable

needs_redis = pytest.mark.skipif(
    not reachable("127.0.0.1", 6379), reason="needs Redis on 127.0.0.1:6379 (redis-server)"
)


def caches_for(monkeypatch, redis_url):
    """CACHES as config/settings/base.py builds it for this REDIS_URL, with a key prefix
    of its own so the test never touches anyone else's keys."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("CACHE_KEY_PREFIX", f"cache-test-{uuid.uuid4().hex[:8]}")
    return runpy.run_path(str(settings.BASE_DIR / "config" / "settings" / "base.py"))["CACHES"]


def test_settings_for_redis_url(monkeypatch):
    config = caches_for(monkeypatch, "redis://127.0.0.1:6379/0")["default"]
    assert config["BACKEND"] == "django_redis.cache.RedisCache"
    assert config["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert config["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert config["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 0.5
    assert config["OPTIONS"]["SOCKET_TIMEOUT"] <= 0.5


@needs_redis
def test_real_redis_round_trip(monkeypatch):
    with override_settings(CACHES=caches_for(monkeypatch, "redis://127.0.0.1:6379/0")):
        cache = caches["default"]
        key = f"round-trip-{uuid.uuid4().hex}"
        assert cache.get(key) is None
        cache.set(key, {"title": "Joint training"}, timeout=30)
        assert cache.get(key) == {"title": "Joint training"}
        assert cache.add(f"{key}-n", 1)
        assert cache.incr(f"{key}-n") == 2
        cache.delete_many([key, f"{key}-n"])
        assert cache.get(key) is None


def test_gone_redis_is_quick_and_silent(monkeypatch):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    with override_settings(CACHES=caches_for(monkeypatch, dead)):
        cache = caches["default"]
        started = time.monotonic()
        cache.set("anything", "value")
        assert cache.get("anything") is None
        assert cache.get("anything", "fallback") == "fallback"
        assert time.monotonic() - started < 2
