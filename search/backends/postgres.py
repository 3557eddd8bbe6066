"""PostgreSQL full-text search with each object's own language: ``search.backends.postgres``.

Wagtail's database backend stems every document and every query with one text search
configuration (``SEARCH_CONFIG``, or the server's ``default_text_search_config``). One
configuration cannot serve two languages: ``english`` leaves Russian words unstemmed,
so "преступлений" never finds "преступления".

This backend keeps Wagtail's index table and query compiler and changes two things:

- at index time, an object with a locale (pages, translatable snippets) is turned into
  a ``tsvector`` with the configuration of its language (``LANGUAGE_CONFIGS``);
  objects without one (images, documents) with ``SEARCH_CONFIG``;
- at query time, the ``tsquery`` is built once per configuration in use and the
  results ORed, so every document is matched by a query normalised exactly as it was.

Querying with every configuration rather than with "the" language of the request
keeps searches across languages correct (``/api/v2/pages/?search=`` without
``locale``) and needs no knowledge of how the caller narrowed the queryset; with two
or three languages the extra ``tsquery`` terms cost next to nothing.

Settings (``WAGTAILSEARCH_BACKENDS["default"]``)::

    "BACKEND": "search.backends.postgres",
    "LANGUAGE_CONFIGS": {"kk": "simple"},  # added to / overriding the defaults below
    "SEARCH_CONFIG": "english",             # objects without a locale; default: LANGUAGE_CODE's
"""

import copy
from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from wagtail.models import Locale
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

from search.backends import SafeQueryMixin

# The snowball configurations every supported PostgreSQL (14 and later) ships with.
DEFAULT_LANGUAGE_CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
FALLBACK_CONFIG = "simple"  # lower-cases words, no stemming, no stop words: right for any language


class LocalizedPostgresIndex(PostgresIndex):
    """Wagtail's index, with each object's vectors built in the configuration of its language."""

    def add_items(self, model, objs):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups = defaultdict(list)
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            groups[self.backend.config_for_language(language)].append(obj)
        for config, group in groups.items():
            # Wagtail's indexer reads the configuration from the backend it is given.
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class LocalizedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    """Builds the ``tsquery`` once per configuration in use and ORs them."""

    def get_config(self, backend):
        return backend.query_configs

    def search(self, config, start, stop, score_field=None, backend=None):
        self.configs = config
        return super().search(config, start, stop, score_field=score_field, backend=backend)

    def build_tsquery(self, query, config=None):
        configs = config if isinstance(config, tuple) else (config,)
        tsqueries = [self.build_tsquery_content(query, config=name) for name in configs]
        return reduce(or_, [tsquery for tsquery in tsqueries if tsquery is not None])

    def get_fields_vectors(self, search_query):
        # ``.search(fields=[...])`` builds vectors from the columns at query time; build
        # them with every configuration so that each language's query finds its words.
        return [
            (
                reduce(
                    lambda a, b: a._combine(b, "||", False),
                    [SearchVector(lookup, config=name) for name in self.configs],
                ),
                search_field.boost,
            )
            for lookup, search_field in self.search_fields.items()
        ]


class LocalizedPostgresSearchBackend(SafeQueryMixin, PostgresSearchBackend):
    """Wagtail's PostgreSQL backend with a text search configuration per language."""

    query_compiler_class = LocalizedPostgresSearchQueryCompiler
    index_class = LocalizedPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = {**DEFAULT_LANGUAGE_CONFIGS, **params.get("LANGUAGE_CONFIGS", {})}
        self.config = params.get("SEARCH_CONFIG") or self.config_for_language(
            settings.LANGUAGE_CODE
        )
        languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        self.query_configs = tuple(
            dict.fromkeys([self.config_for_language(code) for code in languages] + [self.config])
        )

    def config_for_language(self, language_code):
        """The text search configuration of a language: "ru" and "ru-RU" give "russian"."""
        if not language_code:
            return getattr(self, "config", None) or FALLBACK_CONFIG
        code = language_code.lower()
        return (
            self.language_configs.get(code)
            or self.language_configs.get(code.split("-")[0])
            or FALLBACK_CONFIG
        )

    def with_config(self, config):
        """A copy of this backend that indexes with ``config``."""
        backend = copy.copy(self)
        backend.config = config
        return backend


SearchBackend = LocalizedPostgresSearchBackend
