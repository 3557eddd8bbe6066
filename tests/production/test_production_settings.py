"""The production settings module, imported as a deployment imports it: in a fresh process.

Each case runs Python with ``config.settings.production`` and a given environment, and
reads back what it reports, so Sentry's global state never leaks into the test run.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

REQUIRED = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "production-settings-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "www.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",  # never connected to: nothing is cached here
}
# What the child process reports; the DSN names a port on this machine where nothing
# listens, and nothing is captured, so no event is ever sent.
REPORT = """
import json, logging, django
django.setup()
from django.conf import settings
import sentry_sdk
client = sentry_sdk.get_client()
logging.getLogger("config.requests").info("hello", extra={"status": 200})
print(json.dumps({
    "sentry": sentry_sdk.is_initialized(),
    "send_default_pii": client.options.get("send_default_pii") if client.is_active() else None,
    "dsn": client.options.get("dsn") if client.is_active() else None,
    "redirect_exempt": settings.SECURE_REDIRECT_EXEMPT,
    "csp": "config.csp.CSPMiddleware" in settings.MIDDLEWARE,
    "request_log": settings.MIDDLEWARE[0],
    "cache": settings.CACHES["default"]["BACKEND"],
    "response_cache": settings.RESPONSE_CACHE,
}), file=__import__("sys").stderr)
"""


def start_production(**env):
    """The child process's result; a variable given as None is left out of its environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SENTRY_", "DJANGO_", "DATABASE_URL", "REDIS_URL", "RESPONSE_"))
    }
    environment = {**environment, **REQUIRED, **env}
    return subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=settings.BASE_DIR,
        env={key: value for key, value in environment.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_production(**env):
    result = start_production(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr.strip().splitlines()[-1]), result.stdout


def test_without_sentry_dsn():
    report, _ = run_production()
    assert report["sentry"] is False
    assert report["redirect_exempt"] == [r"^healthz$"]
    assert report["csp"] is True
    assert report["request_log"] == "config.logs.RequestLogMiddleware"


def test_with_sentry_dsn():
    dsn = "http://public@127.0.0.1:9/1"
    report, _ = run_production(SENTRY_DSN=dsn, SENTRY_ENVIRONMENT="staging")
    assert report["sentry"] is True
    assert report["dsn"] == dsn
    assert report["send_default_pii"] is False


def test_logs_are_json_lines_on_stdout():
    _, stdout = run_production()
    entries = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    [entry] = [entry for entry in entries if entry["logger"] == "config.requests"]
    assert entry["message"] == "hello"
    assert entry["logger"] == "config.requests"
    assert entry["status"] == 200


def test_the_shared_cache_is_redis():
    report, _ = run_production()
    assert report["cache"] == "django_redis.cache.RedisCache"
    assert report["response_cache"] is True


def test_a_cache_per_process_is_refused_in_one_line():
    """Several workers with a memory cache each would serve what another one invalidated
    (a page made private) for up to the cache's timeout."""
    for missing in (None, ""):
        result = start_production(REDIS_URL=missing)
        assert result.returncode != 0
        assert result.stderr.strip().splitlines()[-1] == (
            "django.core.exceptions.ImproperlyConfigured: REDIS_URL must be set in production "
            "(a cache per process serves stale and private pages), or RESPONSE_CACHE=0 to run "
            "without the response cache."
        )


def test_without_redis_and_the_response_cache_switched_off_there_is_no_cache():
    report, _ = run_production(REDIS_URL=None, RESPONSE_CACHE="0")
    assert report["cache"] == "django.core.cache.backends.dummy.DummyCache"
    assert report["response_cache"] is False


def test_the_response_cache_can_be_switched_off_with_redis_too():
    report, _ = run_production(RESPONSE_CACHE="0")
    assert report["cache"] == "django_redis.cache.RedisCache"
    assert report["response_cache"] is False
