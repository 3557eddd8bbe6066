"""``manage.py clear_site_cache``: for changes made behind Django's back, such as a restore.

Everything cached is derived from the database, and is renewed by signals when content
changes through Django (``caching.version``). A restore (``make restore``), or rows changed
with SQL, send no signal: this command empties the site's own cache (every key under
its prefix: the content version, cached responses and fragments, Wagtail's site and
rendition caches) and, when a CDN is configured (``WAGTAILFRONTENDCACHE``), purges every
live page and the API's listings from it, as a publish's purge goes: through
``purge_urls_task``, so the worker tries a refused purge again (``PURGE_ATTEMPTS``), and
without a worker a refused purge fails the command, which then says so.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django_redis.util import CacheKey
from django_tasks.base import TaskResultStatus
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

from caching.frontend import API_LISTINGS, purge_urls_task


def empty_cache():
    """Remove this site's keys; django-redis' ``clear()`` would empty the whole database,
    which other applications may share, so its keys go by pattern, under the prefix and
    in every key version (Wagtail keeps its site root paths under version 2)."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern(CacheKey(f"{cache.key_prefix}:*"))
    else:
        cache.clear()


def every_public_url():
    """Every live page in every language, each page's API detail and the API listings."""
    batch = PurgeBatch()
    pages = Page.objects.live().specific(defer=True).iterator(chunk_size=500)
    for page in pages:
        batch.add_page(page)
        site = page.get_site()
        if site is not None:
            batch.add_url(f"{site.root_url}/api/v2/pages/{page.pk}/")
    for site in Site.objects.all():
        for listing in API_LISTINGS:
            batch.add_url(site.root_url + listing)
            batch.add_urls(
                f"{site.root_url}{listing}?locale={code}" for code, _name in settings.LANGUAGES
            )
    return sorted(set(batch.urls))


class Command(BaseCommand):
    help = (
        "Empty the site's cache and purge the CDN (when configured): run it after a "
        "restore or any change made to the database outside Django."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-purge", action="store_true", help="Leave the CDN alone (only the cache)."
        )

    def handle(self, *args, no_purge=False, **options):
        empty_cache()
        self.stdout.write("Site cache emptied: a new content version starts now.")
        if not settings.CACHES["default"]["BACKEND"].startswith("django_redis"):
            self.stdout.write(
                "Without REDIS_URL each running process has a cache of its own: "
                "restart them to empty theirs."
            )
        if getattr(settings, "WAGTAILFRONTENDCACHE", None) and not no_purge:
            self.purge(every_public_url())

    def purge(self, urls):
        result = purge_urls_task.enqueue(urls)
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"CDN: purged {len(urls)} URLs.")
        elif result.status == TaskResultStatus.FAILED:  # no worker: it ran here, and failed
            reason = result.errors[-1].traceback.strip().splitlines()[-1]
            raise CommandError(
                f"CDN: the purge of {len(urls)} URLs failed ({reason}); the site's cache is "
                "emptied; run the command again once the CDN answers."
            )
        else:
            self.stdout.write(
                f"CDN: the purge of {len(urls)} URLs is queued for the worker, which tries "
                "it again if the CDN refuses it (Reports > Background tasks)."
            )
