"""What the site reads once per content version and keeps between requests, as core asks for it.

Core keeps nothing between requests itself. When the ``caching`` app is ready it gives a
keeper (``keep_with``): within a request, ``kept(name, …, compute=…)`` answers from its
cache for the current content version (``caching.version.cached_for_the_request``), so
what every request reads alike (the visibility filter's facts, the short tables of terms
and thematic areas) is read once per change to the content, not once per request.
Outside a request, or with the cache switched off, ``kept`` answers None and the caller
reads the database as it otherwise would.
"""

# ``keeper(name, *parts, compute=…)``: the kept value, or None where nothing is kept.
_keeper = None


def keep_with(keeper):
    """Let ``kept`` answer from ``keeper`` (None: keep nothing)."""
    global _keeper
    _keeper = keeper


def kept(name, *parts, compute):
    """``compute()``'s value kept for the content version, or None where nothing is kept."""
    return _keeper(name, *parts, compute=compute) if _keeper is not None else None
