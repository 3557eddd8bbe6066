"""Caching headers (ETag, Cache-Control, 304) on every GET endpoint, compact JSON, and CORS for the API."""

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from events.models import EventPage
from tests import factories
from tests.api.utils import make_document, make_image, publish

CACHE_CONTROL = "public, max-age=0, s-maxage=300, must-revalidate"
APP = "https://app.example.org"
ENDPOINTS = [
    "pages/",
    "pages/{event}/",
    "events/",
    "events/{event}/",
    "images/",
    "images/{image}/",
    "documents/",
    "documents/{document}/",
    "redirects/",
    "redirects/{redirect}/",
    "navigation/",
]


def get_response(path, **headers):
    return Client().get(path, **headers)


@pytest.fixture
def ids(site_tree):
    # The images and documents endpoints list only files that published pages use.
    image, document = make_image(), make_document()
    event = publish(
        factories.EventPageFactory(
            parent=site_tree.events,
            title="Training",
            image=image,
            body=[("document", {"document": document, "title": ""})],
        )
    )
    return {
        "event": event.pk,
        "image": image.pk,
        "document": document.pk,
        "redirect": Redirect.objects.create(old_path="/old-events", redirect_page=event).pk,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_answers_compact_json(ids, endpoint):
    # Wagtail indents by four spaces, which makes Python's JSON encoder run in pure Python.
    response = get_response("/api/v2/" + endpoint.format(**ids))

    assert response.status_code == 200
    assert b"\n" not in response.content
    assert b'", "' not in response.content and b'": ' not in response.content
    assert response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_has_etag_and_cache_control_and_answers_304(ids, endpoint):
    path = "/api/v2/" + endpoint.format(**ids)

    response = get_response(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == CACHE_CONTROL
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2

    not_modified = get_response(path, HTTP_IF_NONE_MATCH=etag)

    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == CACHE_CONTROL
    assert get_response(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_errors_are_not_cacheable_as_content(ids):
    response = get_response("/api/v2/pages/?limit=abc")

    assert response.status_code == 400
    assert "s-maxage" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/api/v2/pages/{event}/", "/api/v2/events/", "/api/v2/pages/"])
def test_publishing_an_edit_changes_the_etag(ids, path):
    path = path.format(**ids)
    before = get_response(path)["ETag"]

    event = EventPage.objects.get(pk=ids["event"])
    event.title = "Training, new date"
    publish(event)
    response = get_response(path, HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert response["ETag"] != before
    assert "Training, new date" in response.text


def test_renaming_a_menu_page_changes_the_navigation_etag(site_tree):
    before = get_response("/api/v2/navigation/")["ETag"]
    assert get_response("/api/v2/navigation/", HTTP_IF_NONE_MATCH=before).status_code == 304

    site_tree.about.title = "Who we are"
    publish(site_tree.about)
    response = get_response("/api/v2/navigation/", HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert response.json()["items"][0]["title"] == "Who we are"


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_cors_allows_listed_origins_on_the_api(ids, cors, endpoint):
    response = get_response("/api/v2/" + endpoint.format(**ids), HTTP_ORIGIN=APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "origin" in response["Vary"].lower()


def test_cors_ignores_unlisted_origins(ids, cors):
    response = get_response("/api/v2/pages/", HTTP_ORIGIN="https://elsewhere.example.com")

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_cors_is_only_for_the_api(ids, cors):
    response = get_response("/en/events/", HTTP_ORIGIN=APP)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_cors_preflight_allows_reading_only(ids, cors):
    response = Client().options(
        "/api/v2/events/", HTTP_ORIGIN=APP, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_no_cors_without_configured_origins(ids, settings):
    settings.CORS_ALLOWED_ORIGINS = []

    response = get_response("/api/v2/pages/", HTTP_ORIGIN=APP)

    assert "Access-Control-Allow-Origin" not in response
