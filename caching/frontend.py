"""Purging the CDN or caching proxy in front of the site when published content changes.

Wagtail's frontend cache app (``wagtail.contrib.frontend_cache``) purges a page's own
URL when it is published or unpublished, in every site language. A change shows in
more places than that: the listings above the page (its section index and the home
page), the thematic areas that list it, its feeds, and the API (the page by id, the
listings, the navigation). This module adds those URLs, and covers moves and
deletions, which Wagtail's own handlers do not. Purges are sent once the transaction
commits, so the CDN cannot fetch the old content again in between.

They are sent by a background task (``purge_urls_task``): in the worker with
``TASKS=database``, out of the editor's request. Wagtail's backends report a failed
purge only in their log, so the task listens to that log: a failure marks the attempt
failed (listed in the admin, Reports > Background tasks) and queues the next one,
1, 2, 4, ... minutes later, up to ``PURGE_ATTEMPTS`` attempts.

Which CDN is a setting (``WAGTAILFRONTENDCACHE``, built from the environment in
``config/settings/base.py``); with none configured nothing is sent.
"""

import contextlib
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
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


class PurgeFailed(Exception):
    """A backend could not purge some URLs (Wagtail's backends only log it)."""


class _FailureRecorder(logging.Handler):
    """Collects what Wagtail's purge backends report as errors while a purge runs."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages = []
        self.records = []  # a record reaches both loggers when it propagates

    def emit(self, record):
        message = record.getMessage()
        # Cloudflare's backend reports an HTTP error on the root logger.
        if record not in self.records and (
            record.name == "wagtail.frontendcache" or message.startswith("Couldn't purge")
        ):
            self.records.append(record)
            self.messages.append(message)


@contextlib.contextmanager
def recording_failures():
    recorder = _FailureRecorder()
    loggers = [logging.getLogger("wagtail.frontendcache"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(recorder)
    try:
        yield recorder.messages
    finally:
        for logger in loggers:
            logger.removeHandler(recorder)


def retry_delay(attempt):
    """How long to wait after failed attempt number ``attempt``: 1, 2, 4, ... minutes."""
    return datetime.timedelta(minutes=2 ** (attempt - 1))


@task()
def purge_urls_task(urls, attempt=1):
    """Purge ``urls`` from every configured backend; on failure, queue the next attempt.

    The purge itself is Wagtail's (``purge_urls_from_cache_task``'s function, run here),
    with its per-language URLs and its backends. A failed attempt raises ``PurgeFailed``,
    so the task's result says so, after queueing the next attempt if the backend can
    defer one (the database backend; the immediate one runs each attempt once).
    """
    with recording_failures() as failures:
        purge_urls_from_cache_task.call(urls)
    if not failures:
        return {"purged": len(urls), "attempt": attempt}
    retried = attempt < settings.PURGE_ATTEMPTS and purge_urls_task.get_backend().supports_defer
    if retried:
        purge_urls_task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            urls, attempt=attempt + 1
        )
    outcome = (
        f"attempt {attempt + 1} queued in {retry_delay(attempt)}"
        if retried
        else f"giving up after attempt {attempt}"
    )
    raise PurgeFailed(f"{len(failures)} failure(s), {outcome}: " + "; ".join(failures[:5]))


def purging():
    """Whether a CDN or proxy is configured: without one, no URL is worth computing."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_on_commit(urls):
    """Send one purge of ``urls`` to every configured backend after the commit."""
    if urls and purging():
        transaction.on_commit(lambda: purge_urls_task.enqueue(sorted(urls)))


def on_page_published_or_unpublished(sender, instance, **kwargs):
    if purging():
        purge_on_commit(affected_urls(instance))


def on_page_moving(sender, instance, **kwargs):
    """``pre_page_move``: the old URLs, while the page still has them."""
    if instance.live and purging():
        purge_on_commit(affected_urls(instance))


def on_page_moved(sender, instance, **kwargs):
    if instance.live and purging():
        purge_on_commit(affected_urls(instance))


def on_page_deleting(sender, instance, **kwargs):
    """``pre_delete``: a live page's URLs, computed before the row is gone."""
    if isinstance(instance, Page) and type(instance) is Page and instance.live and purging():
        purge_on_commit(affected_urls(instance))
