"""PostgreSQL, as Django's own backend, with a time limit on every call a request makes.

A database that is *stopped* refuses connections and the request fails at once (a 503,
see ``config.errors``). A database that is *stuck* (a paused server, a network partition,
a full disk) keeps the connection open and never answers: without a limit, every worker
thread ends up waiting on it and the whole site hangs, static files and cached pages
included. PostgreSQL's ``statement_timeout`` does not help there (the server that would
enforce it is the one that is stuck), nor do TCP keepalives (the peer's kernel still
answers them). So the limit is kept on this side:

- every query, commit, rollback and health check that a request makes runs under a
  deadline (``DATABASE_QUERY_TIMEOUT`` seconds, plus a little for the server's own limit
  to fire first). A watchdog thread, one per process, shuts down the socket of a call
  still running at its deadline; psycopg then raises ``OperationalError`` in the waiting
  thread, the request answers 503 (``config.errors``), and Django drops the connection;
- after a call was cut, or a connection could not be opened, the database counts as
  stuck for ``DATABASE_RETRY_AFTER`` seconds: calls fail at once instead of each waiting
  for its deadline (a circuit breaker); then one call is let through, and its success
  closes the breaker;
- connections opened while serving a request carry ``statement_timeout`` (the same
  limit, enforced by the server for queries that are merely slow), so management
  commands (``migrate``, ``update_index``, a backup) keep the server's defaults.

The limits apply only while a request is being served (between Django's
``request_started`` and ``request_finished``), on the thread serving it.
"""

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper
from django.db.utils import OperationalError

from config.breaker import CircuitBreaker

# How much longer than statement_timeout the watchdog waits: a query that is only slow
# is cancelled by the server, with a clearer error, and does not open the breaker.
GRACE_SECONDS = 0.5

_thread = threading.local()


def _request_started(**kwargs):
    _thread.serving = True


def _request_finished(**kwargs):
    _thread.serving = False


request_started.connect(_request_started, dispatch_uid="config.database.request_started")
request_finished.connect(_request_finished, dispatch_uid="config.database.request_finished")


def query_timeout():
    """Seconds a call may take on this thread now; 0: no limit (outside requests)."""
    limit = getattr(_thread, "limit", None)
    if limit is not None:
        return limit[0]
    if not getattr(_thread, "serving", False):
        return 0.0
    return float(getattr(settings, "DATABASE_QUERY_TIMEOUT", 0) or 0)


def trips_breaker():
    limit = getattr(_thread, "limit", None)
    return True if limit is None else limit[1]


@contextlib.contextmanager
def time_limit(seconds, trip=True):
    """Every database call in the body is limited to ``seconds``; without ``trip``, one
    that is cut fails alone and leaves the breaker closed (the health check's probe)."""
    previous = getattr(_thread, "limit", None)
    _thread.limit = (seconds, trip)
    try:
        yield
    finally:
        _thread.limit = previous


class DatabaseStuck(OperationalError):
    """The database did not answer in time, or did not lately: the request is a 503."""


class Watchdog:
    """Cuts the socket of a database call that runs past its deadline, and remembers it.

    One daemon thread per process, started on first use, sleeps until the earliest
    deadline. ``guard()`` costs a lock, a heap push and a ``dup`` of the socket per call.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._wakeup = threading.Condition(self._lock)
        self._deadlines = []  # heap of (deadline, ticket)
        self._guarded = {}  # ticket -> (a duplicate of the call's socket, trips the breaker)
        self._tickets = itertools.count()
        self._thread = None
        self.breaker = CircuitBreaker(
            retry_after=lambda: float(getattr(settings, "DATABASE_RETRY_AFTER", 5))
        )

    def check(self):
        """Raise ``DatabaseStuck`` while the breaker is open (a probe is let through)."""
        if not self.breaker.allow():
            raise DatabaseStuck("The database did not answer lately; not trying again yet.")

    # Deadlines ---------------------------------------------------------------------

    @contextlib.contextmanager
    def guard(self, fileno, seconds, trip=True):
        """Run the body with the socket ``fileno`` shut down after ``seconds``.

        A call that is cut raises ``DatabaseStuck`` (or psycopg's own error, which
        Django wraps) and, with ``trip``, opens the breaker; a call that answers closes it.
        """
        self.check()
        sock = socket.socket(fileno=os.dup(fileno))
        ticket = next(self._tickets)
        with self._lock:
            self._guarded[ticket] = (sock, trip)
            heapq.heappush(self._deadlines, (time.monotonic() + seconds, ticket))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="database-watchdog", daemon=True
                )
                self._thread.start()
            elif self._deadlines[0][1] == ticket:
                self._wakeup.notify()
        answered = False
        try:
            yield
            answered = True
        finally:
            with self._lock:
                cut = self._guarded.pop(ticket, None) is None
            sock.close()
            if answered and not cut:
                self.breaker.succeeded()
        if cut:
            raise DatabaseStuck(f"The database did not answer within {seconds:g} s.")

    def _run(self):
        with self._lock:
            while True:
                now = time.monotonic()
                while self._deadlines and (
                    self._deadlines[0][1] not in self._guarded or self._deadlines[0][0] <= now
                ):
                    _, ticket = heapq.heappop(self._deadlines)
                    if ticket in self._guarded:
                        sock, trip = self._guarded.pop(ticket)
                        self._cut(sock)
                        if trip:
                            self._trip()
                self._wakeup.wait(self._deadlines[0][0] - now if self._deadlines else None)

    @staticmethod
    def _cut(sock):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def _trip(self):
        """The database is stuck: open the breaker, and free every thread waiting on it
        now rather than each at its own deadline (a query that is only slow is cancelled
        by the server before its deadline, so it never gets here)."""
        self.breaker.failed()
        for ticket, (sock, trip) in list(self._guarded.items()):
            if trip:
                del self._guarded[ticket]
                self._cut(sock)


watchdog = Watchdog()


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    """Django's PostgreSQL backend; while a request is served, each call has a deadline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._limited_execute)

    def deadline(self):
        """A context manager bounding one call (a null one when there is no limit)."""
        seconds = query_timeout()
        if seconds <= 0 or self.connection is None:
            return contextlib.nullcontext()
        try:
            fileno = self.connection.pgconn.socket
        except Exception:  # a closed connection: the call itself reports it
            return contextlib.nullcontext()
        return watchdog.guard(fileno, seconds + GRACE_SECONDS, trip=trips_breaker())

    def _limited_execute(self, execute, sql, params, many, context):
        try:
            with self.deadline():
                return execute(sql, params, many, context)
        except DatabaseStuck:
            self.errors_occurred = True  # so Django closes the connection after the request
            raise

    def get_connection_params(self):
        params = super().get_connection_params()
        seconds = query_timeout()
        if seconds > 0:
            # The server's own limit, for queries that are slow rather than stuck.
            limit = f"-c statement_timeout={int(seconds * 1000)}"
            params["options"] = " ".join(filter(None, [params.get("options"), limit]))
        return params

    def get_new_connection(self, conn_params):
        if query_timeout() <= 0:
            return super().get_new_connection(conn_params)
        watchdog.check()
        try:
            return super().get_new_connection(conn_params)
        except Exception:
            # Refused, or accepted and never answered (``connect_timeout``): the database
            # is down or stuck as surely as when a query is cut. Without opening the
            # breaker, the thread let through as its probe would stay the probe and try
            # again at each call of the same request, waiting the whole connect timeout
            # each time.
            if trips_breaker():
                watchdog.breaker.failed()
            raise

    def is_usable(self):
        try:
            with self.deadline():
                return super().is_usable()
        except DatabaseStuck:
            return False

    def _commit(self):
        with self.deadline():
            return super()._commit()

    def _rollback(self):
        with self.deadline():
            return super()._rollback()
