"""Webhooks: each feed entry POSTed, signed, to the endpoints administrators registered.

When ``reconcile`` appends entries, one ``WebhookDelivery`` per matching endpoint and
entry is stored in its transaction and a task per delivery is queued after the commit
(``deliver_webhook_task``, in the worker with ``TASKS=database``): a webhook never
delays or fails a publish. The task POSTs ``{"event": ..., **entry}`` to the stored URL
only, follows no redirect (a 3xx is a failure), and on failure queues the next attempt
1, 2, 4, ... minutes later, up to ``WEBHOOK_ATTEMPTS`` in all. docs/api.md, Webhooks,
shows the headers and a receiver's check of the signature.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.api.utils import get_base_url
from wagtail.models import Site

from changes.feed import entry_item
from changes.models import WebhookDelivery, WebhookEndpoint, validate_webhook_url

logger = logging.getLogger(__name__)

TIMEOUT = 5  # seconds to connect, and to wait for the answer
MAX_ANSWER = 64 * 1024  # bytes of an answer read (and dropped) before closing


class DeliveryFailed(Exception):
    """A receiver did not answer 2xx (or could not be reached)."""


def sign(secret, timestamp, body):
    """``sha256=<hex>``: HMAC-SHA256 of ``"<timestamp>.<body>"`` with the endpoint's secret."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def user_agent():
    return f"{settings.WAGTAIL_SITE_NAME} webhooks"


def post(url, body, headers):
    """POST ``body`` to ``url`` and return the status; no proxy, no redirect followed."""
    validate_webhook_url(url)
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_ANSWER)
        return response.status
    finally:
        connection.close()


def send(delivery):
    """One attempt: ``(status code or None, duration in ms, error or "")``."""
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": user_agent(),
        "X-Webhook-Timestamp": timestamp,
        "X-Webhook-Signature": sign(endpoint.secret, timestamp, body),
    }
    started = time.monotonic()
    try:
        status = post(endpoint.url, body, headers)
    except (OSError, http.client.HTTPException, ValidationError, ValueError) as error:
        return None, elapsed_ms(started), f"{type(error).__name__}: {error}"[:1000]
    if 200 <= status < 300:
        return status, elapsed_ms(started), ""
    return status, elapsed_ms(started), f"answered {status}"


def elapsed_ms(started):
    return round((time.monotonic() - started) * 1000)


def retry_delay(attempt):
    """How long to wait after failed attempt number ``attempt``: 1, 2, 4, ... minutes."""
    return datetime.timedelta(minutes=2 ** (attempt - 1))


@task()
def deliver_webhook_task(delivery_id, attempt=1):
    """Send delivery ``delivery_id``; on failure, queue the next attempt and raise, so the
    task's result (Reports > Background tasks) says so as the delivery log does."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return {"skipped": delivery_id}
    if not delivery.endpoint.active:  # switched off since: not sent, and the log says why
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.FAILED,
            last_error="not sent: the webhook is not active",
            finished_at=timezone.now(),
        )
        return {"skipped": delivery_id}
    status_code, duration_ms, error = send(delivery)
    retried = (
        bool(error)
        and attempt < settings.WEBHOOK_ATTEMPTS
        and deliver_webhook_task.get_backend().supports_defer
    )
    if not error:
        state = WebhookDelivery.DELIVERED
    else:
        state = WebhookDelivery.RETRYING if retried else WebhookDelivery.FAILED
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=state,
        status_code=status_code,
        duration_ms=duration_ms,
        attempts=attempt,
        last_error=error,
        finished_at=None if retried else timezone.now(),
    )
    if not error:
        return {"delivered": delivery_id, "status": status_code, "attempt": attempt}
    if retried:
        deliver_webhook_task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            delivery_id, attempt=attempt + 1
        )
        outcome = f"attempt {attempt + 1} queued in {retry_delay(attempt)}"
    else:
        outcome = f"giving up after attempt {attempt}"
    raise DeliveryFailed(f"{delivery.endpoint.url}: {error}; {outcome}")


def enqueue(delivery_ids):
    """Queue a task per delivery; a failure is logged (the rows stay pending, resendable)."""
    for delivery_id in delivery_ids:
        try:
            deliver_webhook_task.enqueue(delivery_id)
        except Exception:
            logger.exception("could not queue webhook delivery %s", delivery_id)


def resend(delivery):
    """A new delivery of the same payload to the same endpoint, queued after the commit."""
    again = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        change_id=delivery.change_id,
        event=delivery.event,
        payload=delivery.payload,
    )
    transaction.on_commit(lambda: enqueue([again.pk]))
    return again


def on_entries_appended(sender, entries, pruned_through, **kwargs):
    """``feed.entries_appended``: store the deliveries in reconcile's transaction (in a
    savepoint, so a failure here leaves the feed's entries alone) and queue them after it."""
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(active=True)]
    if not endpoints:
        return
    base_urls = {
        site.pk: get_base_url() or site.root_url  # as the feed: WAGTAILAPI_BASE_URL first
        for site in Site.objects.all()
    }
    deliveries = [
        WebhookDelivery(
            endpoint=endpoint,
            change_id=entry.pk,
            event=entry.event,
            payload={
                "event": entry.event,
                **entry_item(entry, pruned_through, base_urls.get(entry.site_id)),
            },
        )
        for entry in entries
        for endpoint in endpoints
        if endpoint.wants(entry)
    ]
    if not deliveries:
        return
    try:
        with transaction.atomic():
            created = WebhookDelivery.objects.bulk_create(deliveries)
    except Exception:
        logger.exception("could not store %s webhook deliveries", len(deliveries))
        return
    ids = [delivery.pk for delivery in created]
    transaction.on_commit(lambda: enqueue(ids))
