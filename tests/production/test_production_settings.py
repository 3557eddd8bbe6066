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
}), file=__import__("sys").stderr)
"""


def run_production(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SENTRY_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    result = subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=settings.BASE_DIR,
        env={**environment, **REQUIRED, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
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
    [line] = [line for line in stdout.splitlines() if line.strip()]
    entry = json.loads(line)
    assert entry["message"] == "hello"
    assert entry["logger"] == "config.requests"
    assert entry["status"] == 200
