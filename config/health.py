"""``/healthz``: whether this process can reach its database and its cache.

For load balancers and uptime monitors. It answers 200 ``{"status": "ok"}`` or 503
``{"status": "unavailable"}`` with one boolean per check, and never says why a check
failed (no exception text, no host names: the URL is public). Each check is bounded by
the connection timeouts of the settings (PostgreSQL's ``connect_timeout``, Redis's
socket timeouts), so a probe gets its answer in seconds.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return False


def cache_ok():
    """A round trip through the cache: a failing Redis is ignored by the backend, so
    only reading back what was written tells that it works."""
    value = uuid.uuid4().hex
    key = f"healthz:{value}"  # one key per probe: concurrent probes cannot mix up
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
        return found == value
    except Exception:
        logger.warning("Health check: the cache is unreachable", exc_info=True)
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
