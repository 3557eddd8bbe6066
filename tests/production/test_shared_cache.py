"""Production under gunicorn with several workers: one cache shared by all, or none.

With a memory cache per worker, a page made private stayed in the other workers' caches
for up to ten minutes. Production now refuses to start without REDIS_URL, unless the
response cache is switched off (RESPONSE_CACHE=0), and then it caches nothing.
"""

import json
import subprocess

from django.conf import settings

from tests.production.servers import GUNICORN, Gunicorn

TWO_WORKERS = {"WEB_CONCURRENCY": "2", "REDIS_URL": ""}


def test_several_workers_without_redis_refuse_to_start(tmp_path):
    server = Gunicorn(TWO_WORKERS, tmp_path)
    result = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: REDIS_URL must be set in production (a cache per process "
        "serves stale and private pages), or RESPONSE_CACHE=0 to run without the response "
        "cache." in result.stderr
    )


def test_several_workers_without_redis_run_with_the_response_cache_switched_off(tmp_path):
    env = {
        **TWO_WORKERS,
        "RESPONSE_CACHE": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    with Gunicorn(env, tmp_path) as server:
        status, _, body, _ = server.get("/healthz")
    # No cache to check: the probe reports the database alone.
    assert (status, json.loads(body)) == (200, {"status": "ok", "checks": {"database": True}})
