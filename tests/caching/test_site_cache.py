"""The site's cache (caching/version.py) serves repeated reads, of the API and of visitors'
pages, and is never stale.

Every test runs twice: on Django's in-process memory cache and on the real Redis
through django-redis (skipped when Redis is not running), as production uses it.
"""

import datetime
import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from api import preview
from tests import factories
from tests.api.utils import publish
from tests.helpers import event_form_data

EVENTS_URL = "/api/v2/events/?fields=*"


def queries_of(url, client=None, **headers):
    with CaptureQueriesContext(connection) as context:
        response = (client or Client()).get(url, **headers)
    assert response.status_code in (200, 304), response.content[:500]
    return len(context), response


def titles(url=EVENTS_URL):
    response = Client().get(url)
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def event(site_tree):
    return factories.EventPageFactory(
        parent=site_tree.events,
        title="Joint Training Against Hate Crimes",
        thematic_areas=site_tree.areas[:1],
        event_type=factories.EventTypeFactory(name="Training", slug="training"),
    )


def test_a_repeated_api_read_is_served_from_the_cache_without_queries(event):
    cold, first = queries_of(EVENTS_URL)
    warm, second = queries_of(EVENTS_URL)

    assert cold > 5
    assert warm == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == first["Cache-Control"]


def test_a_cached_response_still_answers_if_none_match_with_304(event):
    _, first = queries_of(EVENTS_URL)
    warm, second = queries_of(EVENTS_URL, HTTP_IF_NONE_MATCH=first["ETag"])

    assert warm == 0
    assert second.status_code == 304
    assert second["ETag"] == first["ETag"]


def test_the_host_and_query_are_part_of_the_key(event):
    queries_of(EVENTS_URL)

    other_query, _ = queries_of(EVENTS_URL + "&limit=5")
    other_host, response = queries_of(EVENTS_URL, HTTP_HOST="127.0.0.1")

    assert other_query > 0 and other_host > 0
    assert response.json()["items"][0]["meta"]["html_url"].startswith("http://localhost/")


def test_errors_are_not_cached(event, computed):
    assert Client().get("/api/v2/events/?date_from=not-a-date").status_code == 400
    assert Client().get("/api/v2/events/?date_from=not-a-date").status_code == 400
    assert computed == ["/api/v2/events/", "/api/v2/events/"]


def test_a_draft_preview_is_never_cached(event, admin_user):
    event.title = "Draft title"
    token = preview.make_token(event.save_revision(), admin_user)
    url = reverse("api-preview") + f"?token={token}"
    assert Client().get(url).json()["title"] == "Draft title"

    event.title = "Second draft"
    token = preview.make_token(event.save_revision(), admin_user)
    token_url = reverse("api-preview") + f"?token={token}"
    queries, response = queries_of(url)

    assert queries > 0
    assert Client().get(token_url).json()["title"] == "Second draft"


def test_publishing_a_change_shows_on_the_next_request(event):
    assert titles() == ["Joint Training Against Hate Crimes"]

    event.title = "Joint Training (new dates)"
    publish(event)

    assert titles() == ["Joint Training (new dates)"]


def test_a_draft_keeps_the_cache(event):
    titles()
    event.title = "Not yet"
    event.save_revision()

    warm, response = queries_of(EVENTS_URL)
    assert warm == 0
    assert [item["title"] for item in response.json()["items"]] == [
        "Joint Training Against Hate Crimes"
    ]


def test_unpublishing_moving_and_deleting_show_on_the_next_request(site_tree, event):
    other = factories.EventPageFactory(parent=site_tree.events, title="Roundtable")
    assert set(titles()) == {"Joint Training Against Hate Crimes", "Roundtable"}

    other.unpublish()
    assert titles() == ["Joint Training Against Hate Crimes"]

    event.move(site_tree.events, pos="last-child")  # a reorder is a move too
    areas_of_event = titles(f"/api/v2/pages/?child_of={site_tree.our_work.pk}")
    factories.ThematicAreaPageFactory(parent=site_tree.our_work, title="Migration")
    assert titles(f"/api/v2/pages/?child_of={site_tree.our_work.pk}") == [
        *areas_of_event,
        "Migration",
    ]

    event.delete()
    assert titles() == []


def test_a_renamed_taxonomy_shows_on_the_next_request(event):
    assert Client().get(EVENTS_URL).json()["items"][0]["event_type"]["name"] == "Training"

    event.event_type.name = "Workshop"
    event.event_type.save()

    assert Client().get(EVENTS_URL).json()["items"][0]["event_type"]["name"] == "Workshop"


def test_a_page_made_private_leaves_the_cache_at_once(site_tree, event):
    assert titles() == ["Joint Training Against Hate Crimes"]

    PageViewRestriction.objects.create(page=event, restriction_type="login")

    assert titles() == []


def test_an_expiring_page_leaves_the_cache_when_its_time_comes(site_tree, event):
    event.expire_at = timezone.now() + datetime.timedelta(seconds=1)
    publish(event)
    assert titles() == ["Joint Training Against Hate Crimes"]

    time.sleep(1.2)

    assert titles() == []


def test_the_menu_is_cached_and_follows_the_tree(site_tree):
    cold, _ = queries_of("/en/")
    warm_page, _ = queries_of("/en/about-us/")  # another page, the same menu
    assert warm_page < cold

    site_tree.about.title = "Who we are"
    publish(site_tree.about)

    menu = Client().get("/api/v2/navigation/").json()["items"]
    assert menu[0]["title"] == "Who we are"
    assert "Who we are</a>" in Client().get("/en/news/").content.decode()


def test_a_page_published_in_the_admin_is_on_the_site_and_in_the_api_next_request(
    site_tree, event, admin_client
):
    page_url = event.get_url()
    assert titles() == ["Joint Training Against Hate Crimes"]
    assert "Joint Training Against Hate Crimes" in Client().get(page_url).content.decode()

    data = event_form_data(
        title="Joint Training Against Hate Crimes, second edition",
        slug=event.slug,
        event_type=event.event_type_id,
        source=event.source_id,
        fields_of_work=[term.pk for term in event.fields_of_work.all()],
        start_date=event.start_date.isoformat(),
        **{"action-publish": "action-publish"},
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert titles() == ["Joint Training Against Hate Crimes, second edition"]
    assert (
        "Joint Training Against Hate Crimes, second edition"
        in Client().get(page_url).content.decode()
    )


def test_the_cache_is_the_configured_backend_and_shared_by_every_client(event, site_cache):
    queries_of(EVENTS_URL)

    warm, _ = queries_of(EVENTS_URL, client=Client(HTTP_ACCEPT_LANGUAGE="en"))

    assert warm == 0
    assert cache.get("content-version") is not None
    backend = type(caches["default"]).__module__
    assert backend.startswith("django_redis" if site_cache == "redis" else "django.core")


def test_a_visitors_repeated_page_is_served_from_the_cache(event):
    page_url = event.get_url()
    cold, first = queries_of(page_url)
    warm, second = queries_of(page_url)

    assert cold > 5
    assert warm == 0
    assert second.content == first.content
    assert second["Content-Language"] == "en"
    assert queries_of(page_url, HTTP_IF_NONE_MATCH=first["ETag"])[1].status_code == 304


def test_a_logged_in_editor_always_gets_a_fresh_page_with_the_user_bar(event, admin_client):
    page_url = event.get_url()
    queries_of(page_url)  # cached for visitors

    queries, response = queries_of(page_url, client=admin_client)

    assert queries > 0
    assert b"wagtail-userbar" in response.content
    assert b"wagtail-userbar" not in Client().get(page_url).content


def test_a_password_protected_page_is_never_cached(event):
    PageViewRestriction.objects.create(page=event, restriction_type="password", password="x")
    queries_of(event.get_url())

    queries, response = queries_of(event.get_url())

    assert queries > 0
    assert b"csrfmiddlewaretoken" in response.content


def test_a_published_change_shows_on_the_page_at_the_next_request(site_tree, event):
    assert b"Joint Training Against Hate Crimes" in Client().get(event.get_url()).content
    assert b"Joint Training Against Hate Crimes" in Client().get("/en/events/").content

    event.title = "Joint Training (new dates)"
    publish(event)

    assert b"Joint Training (new dates)" in Client().get(event.get_url()).content
    assert b"Joint Training (new dates)" in Client().get("/en/events/").content


def test_with_the_response_cache_switched_off_every_request_is_computed(event, settings):
    settings.RESPONSE_CACHE = False
    page_url = event.get_url()
    for url in (EVENTS_URL, page_url):
        queries_of(url)
        again, _ = queries_of(url)
        assert again > 5, url
    assert cache.get("content-version") is None
