"""Answers made while a dependency failed are not kept.

When the object store cannot be reached, a page whose image has no rendition yet shows a
missing image rather than failing (Wagtail's own fallback). That answer must reach only the
visitor who asked: kept in the response cache or by the CDN, it would go on showing the
missing image after the store is back, until the next content change. Whatever notices the
failure calls ``mark_degraded()``; the response cache (caching.middleware) and the listing
items (api.remembered_items) keep nothing made during such a request, and the response is
sent ``Cache-Control: no-store``.
"""

import contextlib
import contextvars

_degraded = contextvars.ContextVar("degraded_answer", default=False)


def mark_degraded():
    """This request's answer is made without something it needed: do not keep it."""
    _degraded.set(True)


def is_degraded():
    return _degraded.get()


@contextlib.contextmanager
def watching():
    """A request's scope for ``mark_degraded()`` (from False, restored after)."""
    token = _degraded.set(False)
    try:
        yield
    finally:
        _degraded.reset(token)
