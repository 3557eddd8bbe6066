"""``/healthz``: whether this process can reach its database and its cache, within a second.

For load balancers and uptime monitors. It answers 200 ``{"status": "ok"}`` or 503
``{"status": "unavailable"}`` with one boolean per check, and never says why a check
failed (no exception text, no host names: the URL is public).

A stuck service (a paused server, a network partition) must not make the probe hang, nor
tie up the thread serving it: each check runs on a thread of its own, and the probe
waits for it at most ``HEALTH_CHECK_TIMEOUT`` seconds; a check still running by then
counts as failed, and probes arriving meanwhile wait on that same check rather than
starting another. The database check opens a connection of its own each time (so it
also tells whether new connections can be made) and closes it afterwards.
"""

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.database.base import time_limit

logger = logging.getLogger(__name__)

HEALTH_CHECK_TIMEOUT = 1.0  # seconds the probe waits for each check


def probe_database():
    """``SELECT 1`` on a fresh connection, each call limited to the probe's time."""
    try:
        with time_limit(HEALTH_CHECK_TIMEOUT, trip=False), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        connection.close()


def probe_cache():
    """A round trip through the cache: a failing Redis is ignored by the backend, so
    only reading back what was written tells that it works."""
    value = uuid.uuid4().hex
    key = f"healthz:{value}"  # one key per probe: concurrent probes cannot mix up
    cache.set(key, value, timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return found == value


class Check:
    """One check on its own thread; concurrent probes share the run in progress."""

    def __init__(self, name, probe):
        self.name = name
        self.probe = probe
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"healthz-{name}")
        self._lock = threading.Lock()
        self._running = None

    def _run(self):
        try:
            return bool(self.probe())
        except Exception:
            logger.warning("Health check: the %s is unreachable", self.name, exc_info=True)
            return False

    def __call__(self):
        with self._lock:
            if self._running is None or self._running.done():
                self._running = self._executor.submit(self._run)
            running = self._running
        try:
            return running.result(timeout=HEALTH_CHECK_TIMEOUT)
        except FutureTimeout:
            logger.warning("Health check: the %s did not answer in time", self.name)
            return False


database_ok = Check("database", lambda: probe_database())
cache_ok = Check("cache", lambda: probe_cache())


def has_cache():
    """Production without Redis runs with no cache at all (``RESPONSE_CACHE=0``): nothing
    to reach, so no check."""
    return not isinstance(caches["default"], DummyCache)


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_ok()}
    if has_cache():
        checks["cache"] = cache_ok()
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
