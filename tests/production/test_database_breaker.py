"""The database time limits of ``config.database`` against a real server that never answers.

A socket on loopback accepts connections and says nothing, as a paused PostgreSQL does:
no PostgreSQL is needed, and nothing is mocked in the backend. The whole site under
gunicorn facing a stuck database is in test_fault_tolerance.
"""

import contextlib
import socket
import threading

import pytest
from django.db.utils import OperationalError

from config.database.base import DatabaseStuck, DatabaseWrapper, time_limit, watchdog

pytest.importorskip("psycopg")


@pytest.fixture
def stuck_server():
    """A listening port that accepts every connection and never answers on any."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for sock in accepted:
        sock.close()
    listener.close()


@pytest.fixture
def closed_breaker():
    watchdog.breaker.succeeded()
    yield watchdog.breaker
    watchdog.breaker.succeeded()


@pytest.fixture(autouse=True)
def unblocked(django_db_blocker):
    """This backend is no test database: pytest-django's guard does not apply to it."""
    with django_db_blocker.unblock():
        yield


def backend(port):
    return DatabaseWrapper(
        {
            "ENGINE": "config.database",
            "NAME": "cms",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "OPTIONS": {"connect_timeout": 2},  # libpq's shortest
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TIME_ZONE": None,
            "TEST": {},
        },
        alias="stuck",
    )


def test_a_connection_that_never_opens_opens_the_breaker(stuck_server, closed_breaker):
    """The attack on the site's availability: a stuck database during a request. The first
    connection attempt waits out the connect timeout; the next one, by the same request
    (its error page, its middleware) or by any other, fails at once instead of waiting again."""
    database = backend(stuck_server)
    with time_limit(1):
        with pytest.raises(OperationalError) as first:
            database.ensure_connection()
        assert not isinstance(first.value, DatabaseStuck)  # libpq's own timeout
        assert closed_breaker.is_open()
        with pytest.raises(DatabaseStuck):
            database.ensure_connection()


def test_the_health_probe_does_not_open_the_breaker(stuck_server, closed_breaker):
    """``/healthz`` probes without tripping (``trip=False``): its failure is its own."""
    database = backend(stuck_server)
    with time_limit(1, trip=False), pytest.raises(OperationalError):
        database.ensure_connection()
    assert not closed_breaker.is_open()


def test_outside_a_request_there_is_no_breaker(stuck_server, closed_breaker):
    """Management commands keep libpq's behaviour: no limit, no breaker."""
    database = backend(stuck_server)
    with pytest.raises(OperationalError):
        database.ensure_connection()
    assert not closed_breaker.is_open()
