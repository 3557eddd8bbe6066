"""The site under gunicorn keeps answering when PostgreSQL or Redis goes away, and recovers.

Real services, as deployed: the app runs under gunicorn (gunicorn.conf.py, production
settings) in a subprocess, on a throwaway PostgreSQL database migrated and loaded with
the demo content. The machine's PostgreSQL and Redis are never stopped (other tests use
them): the app reaches them through a TCP proxy that the test cuts and restores.

- PostgreSQL gone: pages answer a friendly 503 in the visitor's language, the API a JSON
  503, ``/healthz`` 503, each within seconds; once it is back, the same gunicorn
  process (no worker restarted) answers 200 again.
- Redis gone: pages and the API answer 200 uncached, ``/healthz`` reports the cache.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from urllib.parse import urlparse

import pytest
from django.conf import settings

from tests.production.servers import Gunicorn, TCPProxy, free_port, reachable

POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
QUICK = 5  # seconds: the slowest acceptable answer while a service is down

if not reachable(*POSTGRES):
    pytest.skip(
        "fault-tolerance tests need PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth)",
        allow_module_level=True,
    )
psycopg = pytest.importorskip("psycopg")

needs_redis = pytest.mark.skipif(
    not reachable(*REDIS), reason="needs Redis on 127.0.0.1:6379 (redis-server)"
)


def database_url(name, port=POSTGRES[1]):
    return f"postgres://postgres@127.0.0.1:{port}/{name}"


@pytest.fixture(scope="module")
def app_database(tmp_path_factory):
    """A throwaway database with the migrations and the demo content; dropped afterwards."""
    name = f"cms_fault_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(f"host={POSTGRES[0]} port={POSTGRES[1]} user=postgres dbname=postgres")
    admin.autocommit = True
    admin.execute(f'CREATE DATABASE "{name}"')
    media = tmp_path_factory.mktemp("gunicorn-media")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.production.gunicorn_settings",
        "SECRET_KEY": "fault-tolerance-setup-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(name),
        "MEDIA_ROOT": str(media),
        "DEMO_ADMIN_PASSWORD": "fault-tolerance-demo-password",
        "LOG_LEVEL": "WARNING",
    }
    try:
        for command in (["migrate", "--noinput"], ["load_demo_content"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=settings.BASE_DIR,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        yield {"name": name, "media": media}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def event_path(server):
    status, _, body, _ = server.get("/api/v2/events/?locale=en&limit=1")
    assert status == 200, body
    return urlparse(json.loads(body)["items"][0]["meta"]["html_url"]).path


def health(server):
    status, headers, body, _ = server.get("/healthz")
    assert "no-store" in headers["Cache-Control"]
    return status, json.loads(body)


def wait_for(server, path, status, seconds=15):
    deadline = time.monotonic() + seconds
    while True:
        answer = server.get(path)
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.3)


def request_log(server):
    """The app's JSON request lines on gunicorn's standard output."""
    lines = server.stdout.read_text().splitlines()  # gunicorn's access log is there too
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    return [entry for entry in entries if entry["logger"] == "config.requests"]


def test_database_outage_is_503_then_recovers(app_database, tmp_path):
    proxy = TCPProxy(POSTGRES).start()
    env = {
        "DATABASE_URL": database_url(app_database["name"], proxy.port),
        "MEDIA_ROOT": str(app_database["media"]),
    }
    try:
        with Gunicorn(env, tmp_path) as server:
            event = event_path(server)
            for path in ("/en/", event, "/api/v2/pages/?locale=en"):
                assert server.get(path)[0] == 200, path
            assert health(server) == (
                200,
                {"status": "ok", "checks": {"database": True, "cache": True}},
            )

            proxy.cut()

            # What the response cache holds is still served: the site stays up for it.
            status, _, body, seconds = server.get("/en/")
            assert (status, seconds < QUICK) == (200, True)
            assert "Skip to main content" in body
            # Whatever needs the database answers 503, quickly (a new query string is
            # not in the cache).
            status, headers, body, seconds = server.get("/en/?during-outage")
            assert status == 503, body
            assert seconds < QUICK
            assert "Temporarily unavailable" in body
            assert headers["Retry-After"] == "30"
            assert "Traceback" not in body and str(proxy.port) not in body

            status, _, body, seconds = server.get("/ru/")
            assert (status, seconds < QUICK) == (503, True)
            assert "Временно недоступно" in body

            status, headers, body, seconds = server.get(event + "?during-outage")
            assert (status, seconds < QUICK) == (503, True)

            status, headers, body, seconds = server.get("/api/v2/pages/?locale=en&limit=2")
            assert (status, seconds < QUICK) == (503, True)
            assert headers["Content-Type"] == "application/json"
            assert list(json.loads(body)) == ["message"]

            assert health(server) == (
                503,
                {"status": "unavailable", "checks": {"database": False, "cache": True}},
            )

            proxy.restore()

            status, _, body, _ = wait_for(server, "/en/?during-outage", 200)
            assert status == 200, body
            assert server.get(event + "?during-outage")[0] == 200
            assert server.get("/api/v2/pages/?locale=en&limit=2")[0] == 200
            assert health(server)[0] == 200
            # The same process and worker answered throughout: recovered, not restarted.
            assert server.process.poll() is None
            assert server.workers_booted() == 1

            log = request_log(server)
            assert {"path": "/en/", "status": 503} in [
                {"path": entry["path"], "status": entry["status"]} for entry in log
            ]
            assert all(
                {"method", "path", "status", "duration_ms", "request_id"} <= set(entry)
                for entry in log
            )
    finally:
        proxy.stop()


def test_unreachable_redis_means_uncached_responses(app_database, tmp_path):
    env = {
        "DATABASE_URL": database_url(app_database["name"]),
        "MEDIA_ROOT": str(app_database["media"]),
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
    }
    with Gunicorn(env, tmp_path) as server:
        event = event_path(server)
        for path in ("/en/", "/ru/", event, "/en/events/", "/api/v2/pages/?locale=en"):
            status, _, body, seconds = server.get(path)
            assert status == 200, (path, body[:500])
            assert seconds < QUICK, path
        assert health(server) == (
            503,
            {"status": "unavailable", "checks": {"database": True, "cache": False}},
        )


@needs_redis
def test_redis_cut_and_restored(app_database, tmp_path):
    proxy = TCPProxy(REDIS).start()
    env = {
        "DATABASE_URL": database_url(app_database["name"]),
        "MEDIA_ROOT": str(app_database["media"]),
        "REDIS_URL": f"redis://127.0.0.1:{proxy.port}/0",
        "CACHE_KEY_PREFIX": f"fault-test-{uuid.uuid4().hex[:8]}",
    }
    try:
        with Gunicorn(env, tmp_path) as server:
            event = event_path(server)
            assert health(server)[0] == 200
            assert server.get("/en/")[0] == 200

            proxy.cut()
            for path in ("/en/", event, "/api/v2/pages/?locale=en&limit=3"):
                status, _, body, seconds = server.get(path)
                assert status == 200, (path, body[:500])
                assert seconds < QUICK, path
            assert health(server)[1]["checks"] == {"database": True, "cache": False}

            proxy.restore()
            deadline = time.monotonic() + 15
            while health(server)[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.3)
            assert health(server) == (
                200,
                {"status": "ok", "checks": {"database": True, "cache": True}},
            )
            assert server.workers_booted() == 1
    finally:
        proxy.stop()
