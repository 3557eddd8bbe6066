"""``/healthz``: 200 when the database and the cache answer, 503 with the failing check named."""

import json
import socket
import time

import pytest
from django.db import OperationalError

from config import health
from tests.production.servers import free_port

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": True, "cache": True},
    }
    assert "no-store" in response["Cache-Control"]


def test_outside_the_language_prefix_without_redirect(client):
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_database_down_is_503_without_details(client, monkeypatch):
    def refused():
        raise OperationalError('connection to server at "db.internal" (10.0.0.5) refused')

    monkeypatch.setattr(health, "probe_database", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "unavailable", "checks": {"database": False, "cache": True}}
    assert b"db.internal" not in response.content and b"10.0.0.5" not in response.content
    assert "no-store" in response["Cache-Control"]


def redis_cache(port, **options):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": options,
        }
    }


def test_cache_that_forgets_is_503(client, settings):
    """A Redis that django-redis ignores (nothing listens) reads back None: a failing cache."""
    settings.CACHES = redis_cache(free_port(), IGNORE_EXCEPTIONS=True, SOCKET_CONNECT_TIMEOUT=0.25)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": True, "cache": False}


def test_cache_that_raises_is_503_without_details(client, settings):
    settings.CACHES = redis_cache(free_port(), SOCKET_CONNECT_TIMEOUT=0.25)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"127.0.0.1" not in response.content and b"6379" not in response.content


def test_a_stuck_cache_does_not_hold_the_probe(client, settings):
    """A cache server that accepts connections and never answers (a paused process): the
    probe answers 503 after its own timeout, not the client's 30 s socket timeout."""
    with socket.socket() as stuck:
        stuck.bind(("127.0.0.1", 0))
        stuck.listen(8)  # the kernel completes the handshakes; nothing ever replies
        settings.CACHES = redis_cache(stuck.getsockname()[1], SOCKET_TIMEOUT=30)
        started = time.monotonic()
        response = client.get("/healthz")
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"] is False
    assert waited < 10, f"the probe waited {waited:.1f} s on a stuck cache"


def test_probe_leaves_no_key_behind():
    assert health.probe_cache()
    assert not [key for key in health.cache._cache if "healthz" in str(key)]
