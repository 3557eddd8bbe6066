"""The change feed's tables: the log clients read, and what it last told them of each page.

Page and site ids are plain integers, not foreign keys: an entry outlives its page (a
deletion is announced after the page is gone).
"""

from django.db import models
from django.utils import timezone


class Feed(models.Model):
    """The feed's one row. Appending entries first updates it, which holds a write lock
    until commit on PostgreSQL and SQLite alike, so entries are numbered in commit order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # The content version (caching.version) the last reconcile saw.
    content_version = models.CharField(max_length=64, blank=True)
    # Entries up to this id may have been pruned: an older cursor must start again.
    pruned_through = models.BigIntegerField(default=0)
    reconciled_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"change feed (pruned through {self.pruned_through})"


class Change(models.Model):
    """One entry of the feed; its id is the cursor's position."""

    UPSERT = "upsert"
    DELETE = "delete"
    ACTIONS = [(UPSERT, "upsert"), (DELETE, "delete")]

    id = models.BigAutoField(primary_key=True)
    action = models.CharField(max_length=6, choices=ACTIONS)
    site_id = models.IntegerField()
    page_id = models.IntegerField()
    page_type = models.CharField(max_length=255)
    locale = models.CharField(max_length=100)
    # None as the page API's ``html_url`` is null: a page no site routes to.
    html_url = models.TextField(null=True)  # noqa: DJ001
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["site_id", "id"], name="changes_site_id_id")]

    def __str__(self):
        return f"{self.pk}: {self.action} page {self.page_id}"


class AnnouncedPage(models.Model):
    """The public state of a page as the feed last announced it, on one site."""

    site_id = models.IntegerField()
    page_id = models.IntegerField()
    page_type = models.CharField(max_length=255)
    locale = models.CharField(max_length=100)
    html_url = models.TextField(null=True)  # noqa: DJ001
    # A digest of what the page's API detail shows (caching nothing it can compute).
    fingerprint = models.CharField(max_length=64)
    change_id = models.BigIntegerField()  # its newest entry, kept when older ones are pruned

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site_id", "page_id"], name="changes_announced_once")
        ]

    def __str__(self):
        return f"page {self.page_id} on site {self.site_id}"


class TouchedPage(models.Model):
    """A live page saved since the last reconcile: announced again even if its digest is the same."""

    page_id = models.IntegerField(primary_key=True)

    def __str__(self):
        return f"page {self.page_id}"
