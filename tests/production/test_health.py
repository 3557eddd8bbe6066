"""``/healthz``: 200 when the database and the cache answer, 503 with the failing check named."""

import json

import pytest
from django.db import OperationalError

from config import health

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
    class BrokenCursor:
        def __enter__(self):
            raise OperationalError('connection to server at "db.internal" (10.0.0.5) refused')

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", BrokenCursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "unavailable", "checks": {"database": False, "cache": True}}
    assert b"db.internal" not in response.content and b"10.0.0.5" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_cache_that_forgets_is_503(client, monkeypatch):
    """A Redis that django-redis ignores reads back None: that is a failing cache."""
    monkeypatch.setattr(health.cache, "get", lambda key, default=None: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": True, "cache": False}


def test_cache_that_raises_is_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis://cache.internal:6379 refused")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"cache.internal" not in response.content


def test_probe_leaves_no_key_behind():
    assert health.cache_ok()
    assert not [key for key in health.cache._cache if "healthz" in str(key)]
