"""Page privacy from the cache: Wagtail's check on every visit without its two queries.

Before serving a page, Wagtail reads its ancestors and then the view restrictions on them
(``Page.get_view_restrictions``), two queries on every page a visitor opens, though a
site has a handful of private sections at most. The site's restrictions are read once per
content version instead (every change to a restriction, and every page saved, moved or
deleted, starts a new one: ``caching.version``), as the subtrees they cover, and a page
finds its own by its path. What Wagtail then does with them (the password form, the
login redirect, ``Cache-Control: private``) is unchanged.
"""

from collections import defaultdict

from wagtail.models import Page, PageViewRestriction

from caching.version import cached, enabled


class ViewRestrictionsFromCache:
    """Page mixin: ``get_view_restrictions`` answered from the site's restrictions, cached.

    Every page type lists it first among its bases (tests/caching/test_view_restrictions.py
    checks that none is left out).
    """

    def get_view_restrictions(self):
        if not enabled():
            return super().get_view_restrictions()
        ids = [
            restriction_id
            for path, restriction_id in cached("view-restrictions", compute=restricted_subtrees)
            if self.path.startswith(path)
        ]
        # No restriction (the usual case): an empty ``pk__in`` runs no query.
        return PageViewRestriction.objects.filter(pk__in=ids)


def restricted_subtrees():
    """``[(path, restriction id)]``: the tree paths under which each restriction applies.

    As ``Page.get_view_restrictions`` decides: a restriction applies to its page and every
    page under it; Wagtail reads an alias's restrictions from the page it copies, so they
    also apply under every alias of that page (and alias of an alias), and a restriction
    on an alias itself applies nowhere. Two queries, whatever the number of pages.
    """
    aliases = defaultdict(list)  # page id → [(alias id, alias path)]
    for alias_id, path, original_id in Page.objects.filter(alias_of__isnull=False).values_list(
        "id", "path", "alias_of_id"
    ):
        aliases[original_id].append((alias_id, path))
    subtrees = []
    for restriction in PageViewRestriction.objects.select_related("page").filter(
        page__alias_of__isnull=True
    ):
        pending = [(restriction.page_id, restriction.page.path)]
        while pending:
            page_id, path = pending.pop()
            subtrees.append((path, restriction.pk))
            pending.extend(aliases[page_id])
    return subtrees
