"""Wagtail search backends for the site: the database backend, per language and hardened.

``config/settings/base.py`` picks one by database engine:

- ``search.backends.postgres``: PostgreSQL full-text search where every page is
  indexed with the text search configuration of its own language (Russian pages
  with ``russian``, English ones with ``english``), so word forms match.
- ``search.backends.sqlite``: Wagtail's SQLite FTS5 backend (no stemming).

Both parse every query with ``search.query`` first, so no query string can make
the database fail.
"""

from modelsearch.backends.base import EmptySearchResults

from search.query import sanitize


class SafeQueryMixin:
    """Parses and cleans every query before the backend compiles it (see search.query)."""

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        query = sanitize(query, operator)
        if query is None:
            return EmptySearchResults()
        return super().search(query, model_or_queryset, fields=fields, operator=operator, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        query = sanitize(query, operator)
        if query is None:
            return EmptySearchResults()
        return super().autocomplete(
            query, model_or_queryset, fields=fields, operator=operator, **kwargs
        )
