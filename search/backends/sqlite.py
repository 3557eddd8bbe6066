"""Wagtail's SQLite search backend with hardened queries: ``search.backends.sqlite``.

SQLite's FTS5 index has no stemming, so words match as typed (case and accents
folded). Wagtail wraps each term in double quotes for FTS5 but leaves quotes inside a
term as they are, so ``?search=a"b`` was a syntax error (500); every query goes through
``search.query`` first. Without FTS5, Wagtail's plain database fallback is used, as
Wagtail's own ``wagtail.search.backends.database`` does.
"""

from wagtail.search.backends.database.fallback import DatabaseSearchBackend

from search.backends import SafeQueryMixin


class SafeDatabaseSearchBackend(SafeQueryMixin, DatabaseSearchBackend):
    """Wagtail's LIKE-based fallback for SQLite builds without FTS5."""


_fts_backend_class = None


def fts_backend_class():
    """The FTS5 backend class, or None without FTS5 (its module needs the FTS5 index model).

    A positive answer is kept for the process, as Wagtail does, because the check opens
    a database; a negative one is not, so a backend asked for before the migrations
    that create the FTS5 table ran does not stay on the fallback.
    """
    global _fts_backend_class
    if _fts_backend_class is None:
        from wagtail.search.backends.database.sqlite.utils import (
            fts5_available,
            fts_table_exists,
        )

        if not (fts5_available() and fts_table_exists()):
            return None
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        class SafeSQLiteSearchBackend(SafeQueryMixin, SQLiteSearchBackend):
            """Wagtail's SQLite FTS5 backend."""

        _fts_backend_class = SafeSQLiteSearchBackend
    return _fts_backend_class


def SearchBackend(params):
    """The FTS5 backend when SQLite has FTS5 and its index table exists, else the fallback."""
    backend_class = fts_backend_class() or SafeDatabaseSearchBackend
    return backend_class(params)
