"""The visibility filter's facts, read once per content version (``core.querysets.visible``).

Every query of what visitors may see excludes private sections and untranslated aliases
in another language; as subqueries, they are a third of the cost of building, compiling
and planning such a query, and a request makes several. The few pages they find are
read once per content version instead: every change to a page, a view restriction or a
locale starts a new one (``caching.version``), and the request that makes the change
clears its memo, so it never filters with the facts from before.
"""

from caching.version import cached_for_the_request
from core.querysets import VisibilityFacts


def facts_of_the_request():
    """The facts for the request being served, or None outside one or with the cache off
    (``visible`` then uses its subqueries)."""
    return cached_for_the_request("visibility-facts", compute=VisibilityFacts.read)
