"""Wagtail's ``update_index``, then a new content version for the site's caches.

Rebuilding the index changes search results without any of the signals that keep the
caches current (caching/version.py), so cached API searches would show the old index
until they expired. Our ``search`` app comes before ``wagtail.search`` in
INSTALLED_APPS, so this command takes the name.
"""

from wagtail.search.management.commands.update_index import Command as UpdateIndexCommand

from caching.version import invalidate


class Command(UpdateIndexCommand):
    def handle(self, **options):
        super().handle(**options)
        invalidate()
