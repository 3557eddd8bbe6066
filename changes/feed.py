"""Keeping the change feed: compare what is public with what the feed last announced.

No signal handler has to know every way a page can leave or enter the public set (an
unpublish, a deletion, a move under a private page, a restriction on an ancestor, an
expiry passing, a translation withdrawn): ``reconcile`` reads the visible pages as the
page API lists them, once, and appends an entry for each difference from what it last
announced. It runs after each commit that changes visible content (``content_changed``,
through a background task) and before a feed request whose content version is not the
one it last saw (the version also renews when the clock passes an expiry), so the feed
never lags behind what ``/api/v2/pages/`` answers.
"""

import base64
import datetime
import hashlib
import logging
import re
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from api.openapi import page_type_name
from api.views import root_paths
from caching.version import DRAFT_ONLY_PAGE_FIELDS, content_version
from changes.models import AnnouncedPage, Change, Feed, TouchedPage
from core.querysets import visible

logger = logging.getLogger(__name__)

BATCH = 500  # rows per statement: SQLite allows at most 999 parameters in older builds

CURSOR_PATTERN = re.compile(r"c1\.([0-9]{1,18})\.([0-9]{1,18})")


# What of a page's own row its detail shows, or its URL: a publish renews the revision.
OWN_FIELDS = (
    "pk",
    "url_path",
    "title",
    "locale__language_code",
    "content_type_id",
    "live_revision_id",
    "last_published_at",
)


# Sent inside reconcile's transaction with the entries it appended (``entries``, each with
# its ``event``) and the pruning mark their cursors carry (``pruned_through``).
entries_appended = Signal()


class InvalidCursor(ValueError):
    pass


def encode_cursor(position, pruned_through):
    """An opaque cursor: the entry's id and the pruning mark it was issued under."""
    text = f"c1.{position}.{pruned_through}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """``(position, pruned_through)`` of a cursor; InvalidCursor for anything else."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", cursor):
        raise InvalidCursor(cursor)
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except ValueError as error:
        raise InvalidCursor(cursor) from error
    match = CURSOR_PATTERN.fullmatch(text)
    if match is None:
        raise InvalidCursor(cursor)
    return int(match[1]), int(match[2])


def entry_item(entry, pruned_through, base_url):
    """An entry as the feed (and a webhook) gives it; ``base_url`` prefixes ``detail_url``."""
    item = {
        "cursor": encode_cursor(entry.pk, pruned_through),
        "action": entry.action,
        "id": entry.page_id,
        "type": entry.page_type,
        "locale": entry.locale,
        "html_url": entry.html_url,
    }
    if entry.action == Change.UPSERT:
        path = reverse("wagtailapi:pages:detail", args=[entry.page_id])
        item["detail_url"] = (base_url or "") + path
    return item


def retention():
    return datetime.timedelta(days=settings.CHANGES_RETENTION_DAYS)


# --- Signals ---------------------------------------------------------------------


def on_page_saved(sender, instance, created=False, update_fields=None, **kwargs):
    """``post_save``: a live page's own content saved; its digest may not show it."""
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields and DRAFT_ONLY_PAGE_FIELDS.issuperset(update_fields):
        return
    TouchedPage.objects.bulk_create([TouchedPage(page_id=instance.pk)], ignore_conflicts=True)


def on_content_changed(sender, **kwargs):
    """``caching.version.content_changed``, after the commit: the feed catches up in the
    background (at once with ``TASKS=immediate``). A failure here never fails a publish;
    the next feed request catches up anyway."""
    from changes.tasks import reconcile_task

    reconcile_task.enqueue()


# --- What is public --------------------------------------------------------------


def public_pages():
    """``{(site id, page id): (type, locale, fingerprint, path)}`` of every page the page
    API lists on each site, with a digest of what its detail shows: its own row, its URL,
    the titles and URLs of its visible ancestors (breadcrumbs) and translations."""
    rows = list(
        visible(Page.objects.filter(depth__gte=2))
        .order_by("path")
        .values(
            "pk",
            "path",
            "url_path",
            "title",
            "translation_key",
            "locale__language_code",
            "content_type_id",
            "live_revision_id",
            "last_published_at",
        )
    )
    sites = list(Site.objects.order_by("pk"))
    # Every page's URL depends on every site's root and address (Wagtail picks the site).
    sites_token = repr(
        [(s.pk, s.hostname, s.port, s.root_page_id, s.is_default_site) for s in sites]
    )
    by_path = {row["path"]: row for row in rows}
    by_key = defaultdict(list)
    for row in rows:
        by_key[row["translation_key"]].append(row)
    steplen = Page.steplen

    def summary(row):
        return (row["pk"], row["title"], row["url_path"], row["locale__language_code"])

    def fingerprint(row):
        path = row["path"]
        ancestors = [
            summary(by_path[path[:end]])
            for end in range(2 * steplen, len(path), steplen)
            if path[:end] in by_path
        ]
        translations = [
            summary(other) for other in by_key[row["translation_key"]] if other is not row
        ]
        own = [row[name] for name in OWN_FIELDS]
        text = repr((own, ancestors, sorted(translations), sites_token))
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    public = {}
    for site in sites:
        roots = root_paths(site)
        for row in rows:
            if any(row["path"].startswith(root) for root, _depth in roots):
                public[(site.pk, row["pk"])] = (
                    type_name(row["content_type_id"]),
                    row["locale__language_code"],
                    fingerprint(row),
                    row["path"],
                )
    return public


def type_name(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    model = content_type.model_class()
    return page_type_name(model) if model else f"{content_type.app_label}.{content_type.model}"


def html_urls(page_ids):
    """``{page id: full URL}``, as the page API's ``html_url`` gives it."""
    pages = Page.objects.filter(pk__in=page_ids).select_related("locale").specific()
    return {page.pk: page.get_full_url() for page in pages}


# --- Appending entries ---------------------------------------------------------------


def locked_feed():
    """The feed's row, write-locked until this transaction ends (call inside ``atomic``)."""
    now = timezone.now()
    if not Feed.objects.filter(pk=1).update(reconciled_at=now):
        Feed.objects.bulk_create([Feed(pk=1)], ignore_conflicts=True)
        Feed.objects.filter(pk=1).update(reconciled_at=now)
    return Feed.objects.get(pk=1)


def reconcile(force=False):
    """Append an entry for each page whose public state differs from the last announced.

    Returns the number of entries appended. Skipped when the content version is the one
    the last reconcile saw (unless ``force``): it is read before the pages, so a change
    committed after the read starts a new version and the next call sees it.
    """
    with transaction.atomic():
        feed = locked_feed()
        version = content_version()
        if not force and feed.content_version == version:
            return 0
        public = public_pages()
        announced = {
            (site_id, page_id): (page_type, locale, html_url, digest)
            for site_id, page_id, page_type, locale, html_url, digest in (
                AnnouncedPage.objects.values_list(
                    "site_id", "page_id", "page_type", "locale", "html_url", "fingerprint"
                )
            )
        }
        touched = set(TouchedPage.objects.values_list("page_id", flat=True))
        deletes = sorted(key for key in announced if key not in public)
        upserts = sorted(
            (
                key
                for key, (_type, _locale, digest, _path) in public.items()
                if key not in announced or announced[key][3] != digest or key[1] in touched
            ),
            key=lambda key: (key[0], public[key][3]),  # parents before their children
        )
        now = timezone.now()
        urls = html_urls({page_id for _site, page_id in upserts})
        still_there = set(
            Page.objects.filter(pk__in={page_id for _site, page_id in deletes}).values_list(
                "pk", flat=True
            )
        )
        entries = Change.objects.bulk_create(
            [
                Change(
                    action=Change.DELETE,
                    site_id=site_id,
                    page_id=page_id,
                    page_type=announced[(site_id, page_id)][0],
                    locale=announced[(site_id, page_id)][1],
                    html_url=announced[(site_id, page_id)][2],
                    event=Change.UNPUBLISHED if page_id in still_there else Change.DELETED,
                    created_at=now,
                )
                for site_id, page_id in deletes
            ]
            + [
                Change(
                    action=Change.UPSERT,
                    site_id=site_id,
                    page_id=page_id,
                    page_type=public[(site_id, page_id)][0],
                    locale=public[(site_id, page_id)][1],
                    html_url=urls.get(page_id),
                    event=upsert_event(announced.get((site_id, page_id)), urls.get(page_id)),
                    created_at=now,
                )
                for site_id, page_id in upserts
            ],
            batch_size=BATCH,
        )
        forget(deletes + upserts)
        AnnouncedPage.objects.bulk_create(
            [
                AnnouncedPage(
                    site_id=entry.site_id,
                    page_id=entry.page_id,
                    page_type=entry.page_type,
                    locale=entry.locale,
                    html_url=entry.html_url,
                    fingerprint=public[(entry.site_id, entry.page_id)][2],
                    change_id=entry.pk,
                )
                for entry in entries
                if entry.action == Change.UPSERT
            ],
            batch_size=BATCH,
        )
        touched = sorted(touched)
        for start in range(0, len(touched), BATCH):
            TouchedPage.objects.filter(page_id__in=touched[start : start + BATCH]).delete()
        Feed.objects.filter(pk=1).update(content_version=version)
        if entries:
            entries_appended.send_robust(
                sender=reconcile, entries=entries, pruned_through=feed.pruned_through
            )
        return len(entries)


def upsert_event(announced, html_url):
    """``moved`` when the page's address changed since it was announced, else ``published``."""
    if announced is not None and announced[2] != html_url:
        return Change.MOVED
    return Change.PUBLISHED


def forget(keys):
    """Delete the announced state of ``keys`` ((site id, page id)), a batch per query."""
    by_site = defaultdict(list)
    for site_id, page_id in keys:
        by_site[site_id].append(page_id)
    for site_id, page_ids in by_site.items():
        for start in range(0, len(page_ids), BATCH):
            AnnouncedPage.objects.filter(
                site_id=site_id, page_id__in=page_ids[start : start + BATCH]
            ).delete()


def catch_up():
    """Reconcile before answering a feed request, when content may have changed since the
    last reconcile: a publish whose background reconcile has not run yet, or an expiry
    the clock passed with nobody saving anything. Costs one cache read and one small
    query when nothing changed."""
    feed = Feed.objects.filter(pk=1).first()
    if feed is None or feed.content_version != content_version():
        reconcile()


def prune(now=None):
    """Delete entries older than ``CHANGES_RETENTION_DAYS``, but each public page's newest,
    so a client starting from the beginning still learns every public page. Returns the
    number deleted; cursors issued before, older than what was deleted, answer 410."""
    cutoff = (now or timezone.now()) - retention()
    with transaction.atomic():
        feed = locked_feed()
        old = Change.objects.filter(created_at__lt=cutoff).exclude(
            pk__in=AnnouncedPage.objects.values("change_id")
        )
        last = old.aggregate(last=Max("pk"))["last"]
        if last is None:
            return 0
        deleted, _ = old.filter(pk__lte=last).delete()
        Feed.objects.filter(pk=1).update(pruned_through=max(feed.pruned_through, last))
        return deleted
