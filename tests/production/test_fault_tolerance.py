"""The site under gunicorn keeps answering when PostgreSQL or Redis goes away, and recovers.

Real services, as deployed: the app runs under gunicorn (gunicorn.conf.py, production
settings) in a subprocess, on a throwaway PostgreSQL database migrated and loaded with
the demo content. The machine's PostgreSQL and Redis are never stopped (other tests use
them): the app reaches them through a TCP proxy that the test cuts and restores.

- PostgreSQL gone: pages answer a friendly 503 in the visitor's language, the API a JSON
  503, ``/healthz`` 503, each within seconds; once it is back, the same gunicorn
  process (no worker restarted) answers 200 again.
- Redis gone: pages and the API answer 200 uncached, ``/healthz`` reports the cache.
- PostgreSQL stuck (connections open, nothing answers): requests that need it answer
  503 within the query time limit (config.database), the rest keep answering 200, and
  it recovers when the database answers again.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
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
        "RESPONSE_CACHE": "0",  # production settings without a cache, for these commands
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


@needs_redis  # what the response cache holds is served during the outage
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
            # ...with a made-up parameter too: the home page reads none.
            assert server.get("/en/?utm_source=newsletter")[0] == 200
            # Whatever needs the database answers 503, quickly: a page the cache does not
            # hold (a search for new words).
            status, headers, body, seconds = server.get("/en/search/?q=during-outage")
            assert status == 503, body
            assert seconds < QUICK
            assert "Temporarily unavailable" in body
            assert headers["Retry-After"] == "30"
            assert "Traceback" not in body and str(proxy.port) not in body

            status, _, body, seconds = server.get("/ru/")
            assert (status, seconds < QUICK) == (503, True)
            assert "Временно недоступно" in body

            status, headers, body, seconds = server.get("/en/events/?type=during-outage")
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

            status, _, body, _ = wait_for(server, "/en/search/?q=during-outage", 200)
            assert status == 200, body
            assert server.get("/en/events/?type=during-outage")[0] == 200
            assert server.get("/api/v2/pages/?locale=en&limit=2")[0] == 200
            assert health(server)[0] == 200
            # The same process and worker answered throughout: recovered, not restarted.
            assert server.process.poll() is None
            assert server.workers_booted() == 1

            log = request_log(server)
            assert {"path": "/en/search/", "status": 503} in [
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


# Stuck, not stopped: the service keeps its connections open and never answers --------

STUCK_TIMEOUT = 1  # DATABASE_QUERY_TIMEOUT of the app under test (seconds)
# A request with no answer after this long counts as hung: far longer than any may take
# (the query time limit is a second), even on a machine busy with other test runs. The
# service stays stuck until the checks are done, however long they take.
STUCK_FOR = 20  # seconds


def answer(server, path, timeout=STUCK_FOR):
    """(path, status, seconds) of a GET; status None when nothing came back in ``timeout``."""
    try:
        status, _, _, seconds = server.get(path, timeout=timeout)
    except OSError:  # urllib's timeout
        return path, None, timeout
    return path, status, seconds


@needs_redis  # what the response cache holds is served during the outage
def test_stuck_database_is_a_quick_503_then_recovers(app_database, tmp_path):
    """PostgreSQL stops answering on open connections (a paused server, a partition): every
    request still gets an answer within the query time limit, and what needs no
    database (the cached home page, a static file) keeps answering 200."""
    proxy = TCPProxy(POSTGRES).start()
    env = {
        "DATABASE_URL": database_url(app_database["name"], proxy.port),
        "MEDIA_ROOT": str(app_database["media"]),
        "DATABASE_QUERY_TIMEOUT": str(STUCK_TIMEOUT),
        "DATABASE_RETRY_AFTER": "2",
        "GUNICORN_THREADS": "4",
    }
    try:
        with Gunicorn(env, tmp_path) as server:
            event = event_path(server)
            for path in ("/en/", event, "/static/css/site.css"):
                assert server.get(path)[0] == 200, path
            assert health(server)[0] == 200

            proxy.freeze()
            uncached = [f"/api/v2/pages/?locale=en&limit={n}" for n in range(1, 9)]
            uncached += ["/ru/", event.replace("/en/", "/ru/", 1), "/en/news/"]
            with ThreadPoolExecutor(max_workers=16) as pool:
                answers = list(
                    pool.map(
                        lambda path: answer(server, path),
                        uncached + ["/en/", "/static/css/site.css"] * 4,
                    )
                )
            health_status, health_body = health(server)

            hung = [path for path, status, _ in answers if status is None]
            assert not hung, f"no answer while the database was stuck: {hung}"
            by_path = {}
            for path, status, _ in answers:
                by_path.setdefault(path, set()).add(status)
            for path in uncached:
                assert by_path[path] == {503}, (path, by_path[path])
            assert by_path["/en/"] == {200}
            assert by_path["/static/css/site.css"] == {200}
            assert (health_status, health_body["checks"]) == (
                503,
                {"database": False, "cache": True},
            )
            # Nobody waited much longer than the query time limit (the breaker answers
            # the rest at once); a hung request would wait the whole outage.
            slowest = max(seconds for _, _, seconds in answers)
            assert slowest < STUCK_FOR / 2, f"slowest answer {slowest:.1f} s"

            proxy.thaw()

            status, _, body, _ = wait_for(server, "/api/v2/pages/?locale=en&limit=1", 200)
            assert status == 200, body
            assert server.get("/ru/")[0] == 200
            assert health(server)[0] == 200
            # Recovered in the same worker: no worker was killed by gunicorn's timeout.
            assert server.process.poll() is None
            assert server.workers_booted() == 1
    finally:
        proxy.stop()


def ignored_cache_errors(server):
    """The exceptions django-redis ignored, by kind, from the app's JSON log."""
    lines = [line for line in server.stdout.read_text().splitlines() if line.startswith("{")]
    entries = [json.loads(line) for line in lines]
    errors = [e.get("exception", "") for e in entries if e["logger"].startswith("django_redis")]
    return {
        "timeouts": sum("TimeoutError" in error for error in errors),
        "refused by the breaker": sum("did not answer lately" in error for error in errors),
    }


@needs_redis
def test_stuck_redis_costs_one_timeout_not_one_per_call(app_database, tmp_path):
    """Redis stops answering on open connections: the first cache call waits its timeout,
    the breaker opens, and every later call is a miss at once, so pages answer 200
    uncached instead of waiting a timeout per cache call (a dozen per page)."""
    proxy = TCPProxy(REDIS).start()
    env = {
        "DATABASE_URL": database_url(app_database["name"]),
        "MEDIA_ROOT": str(app_database["media"]),
        "REDIS_URL": f"redis://127.0.0.1:{proxy.port}/0",
        "CACHE_KEY_PREFIX": f"fault-test-{uuid.uuid4().hex[:8]}",
        "CACHE_RETRY_AFTER": "60",  # longer than the test: one probe at most
    }
    try:
        with Gunicorn(env, tmp_path) as server:
            event = event_path(server)
            paths = ["/en/", "/ru/", event, "/en/events/", "/en/news/", "/api/v2/pages/?locale=en"]
            for path in paths:
                assert server.get(path)[0] == 200, path
            assert ignored_cache_errors(server)["timeouts"] == 0

            proxy.freeze()
            answers = [answer(server, path, timeout=10) for path in paths * 2]
            assert [status for _, status, _ in answers] == [200] * len(answers), answers
            errors = ignored_cache_errors(server)
            # One call waited for Redis; every other one was refused by the breaker at once.
            assert errors["timeouts"] == 1, errors
            assert errors["refused by the breaker"] >= len(answers), errors
            status, body = health(server)
            assert (status, body["checks"]) == (503, {"database": True, "cache": False})
    finally:
        proxy.stop()
