"""A circuit breaker: stop calling a service that failed, for a while, then probe it.

A stuck service (a paused server, a network partition) costs each caller a whole
timeout. Once a call has failed that way, the service most likely is still stuck: the
breaker *opens* and callers fail at once for ``retry_after`` seconds instead of each
waiting. Then exactly one caller is let through to probe it (the others keep failing
at once meanwhile); its success closes the breaker, its failure opens it again.

Used for the database (``config.database``) and the cache (``config.redis``). State is
per process, which is what matters: each process has its own connections.
"""

import threading
import time


class CircuitBreaker:
    def __init__(self, retry_after):
        """``retry_after``: a callable giving the seconds to wait (read from settings)."""
        self._retry_after = retry_after
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._probe = None  # the thread let through to see whether the service answers

    def allow(self):
        """Whether a call may be made now (claims the probe when one is due)."""
        if not self._open_until:
            return True
        with self._lock:
            if not self._open_until or self._probe == threading.get_ident():
                return True
            now = time.monotonic()
            if now < self._open_until:
                return False
            self._open_until = now + self._retry_after()
            self._probe = threading.get_ident()
            return True

    def failed(self):
        with self._lock:
            self._open_until = time.monotonic() + self._retry_after()
            self._probe = None

    def succeeded(self):
        if self._open_until:
            with self._lock:
                self._open_until, self._probe = 0.0, None

    def is_open(self):
        return time.monotonic() < self._open_until
