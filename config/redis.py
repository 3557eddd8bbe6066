"""Redis connections that stop calling a stuck or dead Redis for a while.

django-redis ignores a failing Redis (``IGNORE_EXCEPTIONS``) after its socket timeout,
but each call waits that timeout again: an uncached page makes a dozen cache calls, so
a *stuck* Redis (connections open, no answers) turned each request into seconds. This
connection class puts every round trip behind one circuit breaker per process
(``config.breaker``): after a timeout or connection error, calls fail at once for
``CACHE_RETRY_AFTER`` seconds (django-redis then treats them as misses), then one call
probes Redis again. A request thus waits at most one timeout on a stuck cache.

Configured in ``config/settings/base.py`` through django-redis'
``CONNECTION_POOL_KWARGS`` (``connection_class``).
"""

from django.conf import settings
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from config.breaker import CircuitBreaker

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)

breaker = CircuitBreaker(retry_after=lambda: float(getattr(settings, "CACHE_RETRY_AFTER", 5)))


class BreakerConnection(Connection):
    """A Redis connection whose calls fail at once while the breaker is open."""

    def _through_breaker(self, call, *args, **kwargs):
        if not breaker.allow():
            raise RedisConnectionError("The cache did not answer lately; not trying again yet.")
        try:
            result = call(*args, **kwargs)
        except FAILURES:
            breaker.failed()
            raise
        return result

    def connect_check_health(self, *args, **kwargs):
        return self._through_breaker(super().connect_check_health, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        return self._through_breaker(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        response = self._through_breaker(super().read_response, *args, **kwargs)
        breaker.succeeded()
        return response
