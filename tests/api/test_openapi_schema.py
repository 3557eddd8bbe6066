"""The OpenAPI document at /api/v2/schema/: valid OpenAPI 3.1, complete, and true of the live API.

The last test runs Schemathesis against the Django app through its WSGI interface on
the demo content: every documented operation, a bounded and deterministic number of
generated requests each, checking that no answer is a 5xx and that every status code,
content type, header and body is the one the document promises.
"""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import URLPattern, reverse
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts as spec_versions
from openapi_spec_validator.versions.shortcuts import get_spec_version
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from wagtail import blocks
from wagtail.api import APIField
from wagtail.api.v2.serializers import RichTextFieldSerializer

from api import openapi
from config import api
from core.blocks import CaptionedImageBlock
from core.serializers import CountryCodeField
from events.blocks import EventBodyBlock
from events.filters import CountryFilter
from events.models import EventOrganizer, EventPage, EventRelatedPage
from navigation.api import NavigationAPIView
from tests import factories
from tests.api.utils import make_document, make_image, publish

SCHEMA_URL = "/api/v2/schema/"
EVENT_FILTERS = {
    "upcoming",
    "past",
    "date_from",
    "date_to",
    "event_type",
    "field_of_work",
    "thematic_area",
    "country",
    "attendance",
    "online",
    "registration_open",
    "language",
    "main_event",
    "locale",
    "search",
    "search_operator",
    "limit",
    "offset",
    "fields",
    "order",
}


@pytest.fixture
def document(client, db):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


def operation(document, path):
    return document["paths"][path]["get"]


def validate_against(document, component, instance):
    """Validate ``instance`` against a component schema, formats included."""
    schema = {**document, "$ref": f"#/components/schemas/{component}"}
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


# The document itself


def test_document_is_valid_openapi_3_1(document):
    assert get_spec_version(document) == spec_versions.OPENAPIV31
    validate(document)


def test_served_as_json_or_as_openapi_media_type(client, db):
    assert client.get(SCHEMA_URL)["Content-Type"] == "application/json"
    response = client.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    assert response.has_header("ETag")


def test_read_endpoints_are_documented(document):
    assert set(document["paths"]) >= {
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/pages/find/",
        "/api/v2/events/",
        "/api/v2/events/{id}/",
        "/api/v2/events/find/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/images/find/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
        "/api/v2/documents/find/",
        "/api/v2/redirects/",
        "/api/v2/redirects/{id}/",
        "/api/v2/redirects/find/",
        "/api/v2/navigation/",
        "/api/v2/search/",
        "/api/v2/changes/",
        "/api/v2/schema/",
    }


def test_every_view_of_the_api_urlconf_is_documented(document):
    patterns = [p for p in api.urlpatterns if isinstance(p, URLPattern)]
    assert {p.name for p in patterns} == {
        "api-schema",
        "api-navigation",
        "api-search",
        "api-changes",
        "api-preview",
    }
    for pattern in patterns:
        assert hasattr(openapi.view_class(pattern), "openapi_operation"), pattern.name
        assert reverse(pattern.name) in document["paths"], pattern.name


def test_a_view_without_an_operation_fails_generation(db, monkeypatch):
    monkeypatch.delattr(NavigationAPIView, "openapi_operation")
    with pytest.raises(ImproperlyConfigured, match="api-navigation"):
        api.openapi_document.build()


def test_a_parameter_without_a_declaration_fails_generation(db, monkeypatch):
    monkeypatch.delattr(CountryFilter, "openapi_parameters")
    with pytest.raises(ImproperlyConfigured, match="'country' of EventsAPIViewSet"):
        api.openapi_document.build()


def test_document_is_built_once_and_reused(client, db):
    """The first request builds the document; the next ones serve the same bytes."""
    first = client.get(SCHEMA_URL)
    builds = api.openapi_document.builds
    assert builds >= 1
    second = client.get(SCHEMA_URL, HTTP_ACCEPT_LANGUAGE="ru")
    assert api.openapi_document.builds == builds
    assert second.content == first.content


def test_every_event_filter_is_a_parameter(document):
    names = {p["name"] for p in operation(document, "/api/v2/events/")["parameters"]}
    assert names >= EVENT_FILTERS
    # Filters by slug are not also exact-match field filters.
    assert not names & {"event_type_id", "fields_of_work", "thematic_areas"}


@pytest.mark.parametrize("path", ["/api/v2/events/", "/api/v2/news/", "/api/v2/resources/"])
def test_stream_fields_are_neither_filters_nor_orders(document, client, path):
    """A stored list of blocks matches no query string: ``?contacts=2.0`` was documented as
    a string filter, then refused as a value the StreamField could not parse."""
    parameters = {p["name"]: p for p in operation(document, path)["parameters"]}
    assert not parameters.keys() & {"body", "contacts"}
    assert "contacts" not in parameters["order"]["schema"]["pattern"]
    response = client.get(f"{path}?contacts=2.0")
    assert response.status_code == 400
    assert "not an operation or a recognised field: contacts" in response.json()["message"]


def test_errors_not_found_and_not_modified_are_documented(document):
    for path, item in document["paths"].items():
        responses = item["get"]["responses"]
        if item["get"].get("parameters", []) != [] and path != SCHEMA_URL:
            assert responses["400"] == {"$ref": "#/components/responses/BadRequest"}, path
        if "{id}" in path or path.endswith("/find/"):
            assert responses["404"] == {"$ref": "#/components/responses/NotFound"}, path
        if "304" in responses:
            assert responses["304"] == {"$ref": "#/components/responses/NotModified"}, path
            assert set(responses["200"]["headers"]) == {"ETag", "Cache-Control"}, path
        elif "200" in responses:  # drafts (preview) are never cached
            assert set(responses["200"]["headers"]) == {"Cache-Control"}, path
    assert document["components"]["schemas"]["Error"] == {
        "type": "object",
        "properties": {
            "message": {"type": "string", "examples": ["limit cannot be higher than 100"]}
        },
        "required": ["message"],
        "additionalProperties": False,
        "description": "Every error answer of the API.",
    }


def test_event_body_has_one_branch_per_block_type(document):
    schemas = document["components"]["schemas"]
    branches = schemas["EventBodyBlock"]["items"]["oneOf"]
    names = [schemas[b["$ref"].rsplit("/", 1)[1]]["properties"]["type"]["const"] for b in branches]
    assert sorted(names) == sorted(EventBodyBlock.base_blocks)
    assert sorted(names) == sorted(
        [
            "about",
            "why_important",
            "background",
            "agenda",
            "participants",
            "registration",
            "modalities",
            "side_events",
            "recording",
            "section",
            "heading",
            "paragraph",
            "image",
            "quote",
            "document",
            "embed",
        ]
    )
    assert schemas["EventBodyBlock.about"]["properties"]["value"] == {
        "$ref": "#/components/schemas/AboutSectionBlock"
    }
    assert set(schemas["AboutSectionBlock"]["properties"]) == {"heading", "text"}
    assert set(schemas["QuoteBlock"]["properties"]) == {"text", "attribution"}
    assert set(schemas["CaptionedImageBlock"]["properties"]) == {"image", "caption", "attribution"}
    assert set(schemas["DocumentBlock"]["properties"]) == {"document", "title"}
    assert schemas["EventBodyBlock.heading"]["properties"]["value"]["type"] == "string"


def test_event_page_schema_lists_its_api_fields(document):

    properties = document["components"]["schemas"]["EventPage"]["properties"]
    assert set(properties) == {"id", "meta", "title"} | {f.name for f in EventPage.api_fields}
    assert {"locale", "translations", "breadcrumbs", "html_url"} <= set(
        properties["meta"]["properties"]
    )


@pytest.mark.django_db
def test_an_event_with_every_block_type_matches_its_schema(site_tree, client, document):
    """Demo content has no quote or embed; this event has each block type once."""
    image = make_image()
    file = make_document()
    section = {"heading": "About", "text": "<p>What it is.</p>"}
    event = factories.EventPageFactory(
        parent=site_tree.events,
        image=image,
        end_date=datetime.date.today() + datetime.timedelta(days=9),
        source=factories.OrganizationFactory(acronym="ODIHR", url="https://www.osce.org/odihr"),
        fields_of_work=[factories.FieldOfWorkFactory()],
        thematic_areas=[site_tree.areas[0]],
        body=[
            ("about", section),
            ("why_important", {**section, "heading": "Why is this important?"}),
            ("background", {**section, "heading": "Background"}),
            ("agenda", {**section, "heading": "Agenda"}),
            ("participants", {**section, "heading": "Participants"}),
            ("registration", {**section, "heading": "Registration"}),
            ("modalities", {**section, "heading": "Modalities and logistics"}),
            ("side_events", {**section, "heading": "Side events"}),
            ("recording", {**section, "heading": "Recording"}),
            ("section", {**section, "heading": "Press accreditation"}),
            ("heading", "Programme"),
            ("paragraph", "<p>Day one.</p>"),
            ("image", {"image": image, "caption": "Room", "attribution": "", "alt_text": "A room"}),
            ("quote", {"text": "Rights are universal.", "attribution": "Charter"}),
            ("document", {"document": file, "title": ""}),
            ("embed", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ],
    )
    EventOrganizer.objects.create(page=event, organization=event.source)
    main_event = factories.EventPageFactory(parent=site_tree.events, title="Main event")
    event.main_event = main_event
    news = factories.NewsPageFactory(parent=site_tree.news)
    EventRelatedPage.objects.create(page=event, related=news)
    publish(event)
    response = client.get(f"/api/v2/pages/{event.pk}/")
    assert response.status_code == 200
    payload = response.json()
    assert payload["organized_by"] == f"Organized by {event.source.name}"
    assert payload["main_event"]["title"] == "Main event"
    assert [item["type"] for item in payload["related_pages"]] == ["news.NewsPage"]
    assert [block["type"] for block in payload["body"]] == [
        "about",
        "why_important",
        "background",
        "agenda",
        "participants",
        "registration",
        "modalities",
        "side_events",
        "recording",
        "section",
        "heading",
        "paragraph",
        "image",
        "quote",
        "document",
        "embed",
    ]
    validate_against(document, "EventPage", payload)

    listing = client.get("/api/v2/events/", {"fields": "*"}).json()
    validate_against(document, "EventPage", listing["items"][0])


def test_a_payload_that_breaks_the_schema_is_caught(document):
    """The validation above can fail: an undocumented key or a wrong block value is an error."""
    with pytest.raises(AssertionError, match="Additional properties"):
        validate_against(document, "EventPage", {"id": 1, "surprise": True})
    with pytest.raises(AssertionError):
        validate_against(
            document,
            "EventPage",
            {"body": [{"type": "quote", "value": "just a string", "id": "x"}]},
        )


def test_docs_mention_every_endpoint_and_parameter(document):
    """docs/api.md, the human-readable page, keeps up with the document."""
    docs = (Path(django_settings.BASE_DIR) / "docs" / "api.md").read_text()
    for path, item in document["paths"].items():
        assert path.replace("{id}", "") in docs or path in docs, path
        for parameter in item["get"].get("parameters", []):
            assert f"`{parameter['name']}`" in docs, (path, parameter["name"])


def test_document_is_generated_from_the_code(document):
    assert document == json.loads(api.openapi_document.build())


def test_an_api_field_added_to_a_model_appears_in_the_document(db, monkeypatch):

    monkeypatch.setattr(EventPage, "api_fields", [*EventPage.api_fields, APIField("search_image")])
    with pytest.raises(ImproperlyConfigured, match="search_image"):
        # Not a field of the model: the serializer cannot be built, and neither can the document.
        json.loads(api.openapi_document.build())
    monkeypatch.setattr(
        EventPage, "api_fields", [*EventPage.api_fields[:-1], APIField("last_published_at")]
    )
    event_page = json.loads(api.openapi_document.build())["components"]["schemas"]["EventPage"]
    assert event_page["properties"]["last_published_at"] == {
        "type": ["string", "null"],
        "format": "date-time",
        "description": "Last published at",
    }


def test_a_serializer_field_without_a_schema_fails_generation(db, monkeypatch):
    monkeypatch.delattr(CountryCodeField, "openapi_schema")
    with pytest.raises(ImproperlyConfigured, match="CountryCodeField"):
        json.loads(api.openapi_document.build())


def test_a_block_with_its_own_representation_needs_a_documented_schema(db, monkeypatch):
    monkeypatch.delattr(CaptionedImageBlock, "openapi_schema")
    with pytest.raises(ImproperlyConfigured, match="CaptionedImageBlock"):
        api.openapi_document.build()


def test_subclasses_of_wagtail_classes_inherit_their_schema():
    """A project subclass of a Wagtail block or field keeps the Wagtail class's schema (MRO)."""

    class CleanedRichTextBlock(blocks.RichTextBlock):
        def get_api_representation(self, value, context=None):
            return super().get_api_representation(value, context)

    class CleanedRichTextField(RichTextFieldSerializer):
        pass

    builder = openapi.SchemaBuilder(api.api_router)
    assert builder.block_schema(CleanedRichTextBlock(label="Text")) == {
        "type": "string",
        "contentMediaType": "text/html",
        "description": "Text",
    }
    field = CleanedRichTextField()
    field.bind("summary", parent=None)
    assert builder.field_schema(field, EventPage) == {
        "type": "string",
        "description": openapi.model_field_description(EventPage._meta.get_field("summary")),
    }


def test_a_structural_block_with_its_own_representation_still_fails():
    class Flattened(blocks.StructBlock):
        text = blocks.CharBlock()

        def get_api_representation(self, value, context=None):
            return value["text"]

    builder = openapi.SchemaBuilder(api.api_router)
    with pytest.raises(ImproperlyConfigured, match="Flattened"):
        builder.block_schema(Flattened())


# Schemathesis against the live app


@pytest.fixture
def keep_db_connection():
    """Requests through the WSGI handler share the test's database transaction.

    Like Django's test client, the handler must not close the connection at the end
    of a request: that would end the transaction that holds the demo content.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def demo_media(settings, media_dir):
    """The media folder the demo content's files were stored in (tests/api's own fixture
    gives each test an empty one): the images endpoint makes renditions from them."""
    settings.MEDIA_ROOT = media_dir


# Loaded from the app itself; building the document needs no database.
schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, WSGIHandler())
# Valid requests must get documented answers; so must invalid ones (a 400 or a 404 in
# the error shape, never a 5xx or an HTML redirect). Null characters are generated too.
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], allow_x00=True
)

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@EXAMPLES
def test_api_conforms_to_its_document(case, shared_demo_site, demo_media, keep_db_connection):
    """Every check of Schemathesis but one, on valid and invalid requests: no 5xx, the
    documented status codes, content types, headers and bodies, invalid data refused
    (``negative_data_rejection``). The next test adds ``positive_data_acceptance``.
    One test per operation (Schemathesis leaves the document's own endpoint out)."""
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


# What a schema of independent parameters cannot say, so a valid request leaves it out:
# values that must name content (a site, a page, a slug, a year with content, a cursor the
# change feed gave), which the document, built once while content changes, does not
# enumerate;
CONTENT_REFERENCES = {
    "site",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "event_type",
    "field_of_work",
    "issued_by",
    "publisher",
    "collection",
    "main_event",
    "thematic_area",
    "area",
    "year",
    "since",
}
# and parameters the API refuses together (each one's description says so): the search
# backend filters and orders only by indexed fields and not by tags, random order has no
# offset, an event is not both upcoming and past, a range does not end before it starts.
SEARCH_ALONE = {"search", "search_operator", "limit", "fields", "rich_text_format", "locale"}


def without_content_references_and_conflicts(query):
    query = {name: value for name, value in query.items() if name not in CONTENT_REFERENCES}
    if "search" in query and set(query) - SEARCH_ALONE:
        query.pop("search")
    if query.get("order") == "random":
        query.pop("offset", None)
    if "upcoming" in query and "past" in query:
        query.pop("past")
    if query.get("date_to", "9") < query.get("date_from", "0"):
        query.pop("date_to")
    return query


valid_requests = schemathesis.openapi.from_wsgi(SCHEMA_URL, WSGIHandler())
valid_requests.config.generation.update(modes=[GenerationMode.POSITIVE], allow_x00=True)


@valid_requests.parametrize()
@EXAMPLES
def test_valid_requests_are_accepted(case, shared_demo_site, demo_media, keep_db_connection):
    """Every check, ``positive_data_acceptance`` included: a request the document allows
    gets a 2xx or 3xx (or a 403 or 404 for a token or an id that names nothing)."""
    if case.query:
        case.query = without_content_references_and_conflicts(case.query)
    case.call_and_validate()
