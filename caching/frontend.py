"""Purging the CDN or caching proxy in front of the site when published content changes.

Wagtail's frontend cache app (``wagtail.contrib.frontend_cache``) purges a page's own
URL when it is published or unpublished, in every site language. A change shows in
more places than that: the listings above the page (its section index and the home
page), the thematic areas that list it, its feeds, and the API (the page by id, the
listings, the navigation). This module adds those URLs, and covers moves and
deletions, which Wagtail's own handlers do not. Purges are sent once the transaction
commits, so the CDN cannot fetch the old content again in between.

Which CDN is a setting (``WAGTAILFRONTENDCACHE``, built from the environment in
``config/settings/base.py``); with none configured nothing is sent.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page

API_LISTINGS = ("/api/v2/pages/", "/api/v2/events/", "/api/v2/navigation/")


def affected_urls(page):
    """Every URL whose content shows ``page``, as full URLs."""
    page = page.specific_deferred
    site = page.get_site()
    if site is None:  # not under any site: nothing public to purge
        return set()
    root_url = site.root_url
    listings = page.get_ancestors().filter(depth__gt=1)
    urls = {url for url in (ancestor.get_full_url() for ancestor in listings) if url}
    if page.get_full_url():
        urls.add(page.get_full_url())
    for area in getattr(page, "thematic_areas", Page.objects.none()).all():
        if area.get_full_url():
            urls.add(area.get_full_url())
    urls.update(root_url + path for path in getattr(page, "feed_paths", list)())
    urls.add(f"{root_url}/api/v2/pages/{page.pk}/")
    for listing in API_LISTINGS:
        urls.add(root_url + listing)
        urls.update(f"{root_url}{listing}?locale={code}" for code, _name in settings.LANGUAGES)
    return urls


def purge_on_commit(urls):
    """Send one purge of ``urls`` to every configured backend after the commit."""
    if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(lambda: PurgeBatch(urls).purge())


def on_page_published_or_unpublished(sender, instance, **kwargs):
    purge_on_commit(affected_urls(instance))


def on_page_moving(sender, instance, **kwargs):
    """``pre_page_move``: the old URLs, while the page still has them."""
    if instance.live:
        purge_on_commit(affected_urls(instance))


def on_page_moved(sender, instance, **kwargs):
    if instance.live:
        purge_on_commit(affected_urls(instance))


def on_page_deleting(sender, instance, **kwargs):
    """``pre_delete``: a live page's URLs, computed before the row is gone."""
    if isinstance(instance, Page) and type(instance) is Page and instance.live:
        purge_on_commit(affected_urls(instance))
