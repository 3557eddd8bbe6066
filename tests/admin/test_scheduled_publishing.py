"""Scheduled publishing and expiry: go_live_at/expire_at, applied by ``manage.py publish_scheduled``."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.querysets import visible
from events.models import EventPage
from tests import factories
from tests.helpers import event_form_data

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


def listed(client, title):
    """Whether ``title`` is on the events page and in both page endpoints of the API."""
    site = title in client.get("/en/events/").content.decode()
    events_api = [item["title"] for item in client.get("/api/v2/events/").json()["items"]]
    pages_api = [
        item["title"]
        for item in client.get("/api/v2/pages/", {"type": "events.EventPage"}).json()["items"]
    ]
    return site, title in events_api, title in pages_api


def publish_scheduled_in(days, monkeypatch):
    """Run ``manage.py publish_scheduled`` as the cron job would ``days`` from now."""
    real_now = timezone.now
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=days))
        call_command("publish_scheduled")


def schedule_through_the_admin(client, page, go_live_at, **fields):
    data = event_form_data(
        slug=page.slug,
        title=fields.pop("title", page.title),
        event_type=page.event_type_id,
        source=page.source_id,
        fields_of_work=[term.pk for term in page.fields_of_work.all()],
        go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
        **{"action-publish": "action-publish"},
        **fields,
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_new_page_scheduled_for_the_future_stays_hidden_until_publish_scheduled(
    site_tree, moderator, client_for, client, monkeypatch
):
    event = factories.EventPageFactory(parent=site_tree.events, title="Webinar", live=False)
    event.save_revision()

    schedule_through_the_admin(client_for(moderator), event, in_days(2))

    event.refresh_from_db()
    revision = event.get_latest_revision()
    assert event.live is False and revision.approved_go_live_at is not None
    assert client.get(event.url).status_code == 404
    assert listed(client, "Webinar") == (False, False, False)
    assert not visible(EventPage.objects.filter(pk=event.pk)).exists()

    call_command("publish_scheduled")  # not yet: nothing changes
    event.refresh_from_db()
    assert event.live is False

    publish_scheduled_in(3, monkeypatch)

    event.refresh_from_db()
    assert event.live and event.live_revision_id == revision.pk
    assert client.get(event.url).status_code == 200
    assert listed(client, "Webinar") == (True, True, True)


def test_a_scheduled_change_to_a_live_page_shows_only_when_its_time_comes(
    site_tree, moderator, client_for, client, monkeypatch
):
    event = factories.EventPageFactory(parent=site_tree.events, title="Webinar", live=False)
    event.save_revision().publish()
    event.refresh_from_db()

    schedule_through_the_admin(client_for(moderator), event, in_days(2), title="Webinar (moved)")

    assert listed(client, "Webinar") == (True, True, True)
    assert listed(client, "Webinar (moved)") == (False, False, False)

    publish_scheduled_in(3, monkeypatch)

    assert listed(client, "Webinar (moved)") == (True, True, True)


def test_an_expired_page_disappears_at_once_and_publish_scheduled_unpublishes_it(site_tree, client):
    event = factories.EventPageFactory(parent=site_tree.events, title="Webinar", live=False)
    event.expire_at = in_days(1)
    event.save_revision().publish()
    assert listed(client, "Webinar") == (True, True, True)

    # Time passes. A queryset update bypasses the signals, and the cache renews itself
    # at each expiry by the clock (tested in tests/caching), so empty it here.
    EventPage.objects.filter(pk=event.pk).update(expire_at=in_days(-1))
    cache.clear()

    # Listings and the API hide it straight away (core.querysets.visible) ...
    assert listed(client, "Webinar") == (False, False, False)
    # ... and the cron job takes it offline.
    call_command("publish_scheduled")
    event.refresh_from_db()
    assert (event.live, event.expired) == (False, True)
    assert client.get(event.url or "/en/events/webinar/").status_code == 404
