"""The change feed's tables: the log clients read, and what it last told them of each page.

Page and site ids are plain integers, not foreign keys: an entry outlives its page (a
deletion is announced after the page is gone).
"""

import secrets

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    # What a webhook announces of an entry (docs/api.md, Webhooks): an upsert whose
    # address changed is a move, any other a publish (first, again, or a live edit); a
    # delete of a page that still exists is an unpublish, of one that is gone a deletion.
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    DELETED = "deleted"
    MOVED = "moved"
    EVENTS = [
        (PUBLISHED, _("Published")),
        (UNPUBLISHED, _("Unpublished")),
        (DELETED, _("Deleted")),
        (MOVED, _("Moved")),
    ]

    id = models.BigAutoField(primary_key=True)
    action = models.CharField(max_length=6, choices=ACTIONS)
    site_id = models.IntegerField()
    page_id = models.IntegerField()
    page_type = models.CharField(max_length=255)
    locale = models.CharField(max_length=100)
    # None as the page API's ``html_url`` is null: a page no site routes to.
    html_url = models.TextField(null=True)  # noqa: DJ001
    event = models.CharField(max_length=11, choices=EVENTS, blank=True)
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


def generate_secret():
    return secrets.token_urlsafe(32)


validate_webhook_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter an http:// or https:// address; no other kind is delivered to."),
)


class WebhookEndpoint(models.Model):
    """A receiver the feed's entries are POSTed to, signed with its secret (docs/api.md)."""

    name = models.CharField(_("name"), max_length=100)
    url = models.CharField(
        _("URL"),
        max_length=2000,
        validators=[validate_webhook_url],
        help_text=_("Deliveries go to this address only; redirects are not followed."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=200,
        default=generate_secret,
        help_text=_(
            "The receiver checks each delivery's signature with it. Give it to the "
            "receiver's owner over a private channel."
        ),
    )
    events = models.JSONField(_("events"), default=list)
    page_types = models.JSONField(_("page types"), default=list, blank=True)
    locales = models.JSONField(_("languages"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, entry):
        """Whether a feed entry (a ``Change`` with its event) is for this endpoint."""
        return (
            self.active
            and entry.event in self.events
            and (not self.page_types or entry.page_type in self.page_types)
            and (not self.locales or entry.locale in self.locales)
        )


class WebhookDelivery(models.Model):
    """One entry sent (or being sent) to one endpoint: what was sent and how it went."""

    PENDING = "pending"
    RETRYING = "retrying"
    DELIVERED = "delivered"
    FAILED = "failed"
    STATUSES = [
        (PENDING, _("Pending")),
        (RETRYING, _("Retrying")),
        (DELIVERED, _("Delivered")),
        (FAILED, _("Failed")),
    ]

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    change_id = models.BigIntegerField(null=True)  # the feed entry; it may be pruned since
    event = models.CharField(_("event"), max_length=11, choices=Change.EVENTS)
    payload = models.JSONField()
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=PENDING)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event} to {self.endpoint_id} ({self.status})"
