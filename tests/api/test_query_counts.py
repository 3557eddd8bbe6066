"""Listings cost a fixed number of queries, whatever their length.

Every count is of a cold request: the cache (API responses, menu, renditions) is
emptied first, so the count is what computing the response costs. Every test runs
again with no cache at all (as when Redis is down): a failing cache costs speed,
never queries per item.

Each listing is counted at two lengths about 20 items apart (10 and 30; 3 and 22 areas
in the menu): a query per item would cost about 20 more, where a fixed cost stays the
same. The items are not indexed for search as they are saved (no listing here searches),
which took much of the time of creating them.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import EventOrganizer
from tests import factories
from tests.api.utils import make_document, make_image

EVENTS_URL = "/api/v2/events/"
PAGES_URL = "/api/v2/pages/"


def get_response(url, **params):
    response = Client().get(url, params)
    assert response.status_code == 200, response.content
    return response


def cold_response(url, **params):
    cache.clear()
    return get_response(url, **params)


def count_queries(url, **params):
    """The number of queries of one cold request, after a first one has created the renditions."""
    get_response(url, **params)
    with CaptureQueriesContext(connection) as context:
        response = cold_response(url, **params)
    # Counted now: the next request empties the connection's query log.
    return len(context), response


@pytest.fixture(autouse=True, params=["cache emptied", "no cache"])
def cache_state(request, settings):
    if request.param == "no cache":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    return request.param


@pytest.fixture(autouse=True)
def no_search_indexing(settings):
    """Pages and files saved without updating the search index: no listing here searches."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**backend, "AUTO_UPDATE": False}
        for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture
def add_events(site_tree):
    """Adds events with everything a listing shows: type, source, two fields of work,
    two thematic areas, two organisers and an image of their own."""
    event_type = factories.EventTypeFactory(name="Training", slug="training")
    source = factories.OrganizationFactory(name="ODIHR", slug="odihr")
    fields = [factories.FieldOfWorkFactory(), factories.FieldOfWorkFactory()]

    partner = factories.OrganizationFactory(name="ACCEPT", slug="accept")

    def add(count):
        for _ in range(count):
            event = factories.EventPageFactory(
                parent=site_tree.events,
                event_type=event_type,
                source=source,
                fields_of_work=fields,
                thematic_areas=site_tree.areas[:2],
                image=make_image(),
            )
            EventOrganizer.objects.create(page=event, organization=source, sort_order=0)
            EventOrganizer.objects.create(
                page=event, organization=partner, role="co-organizer", sort_order=1
            )

    return add


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (EVENTS_URL, {"fields": "*"}),
        (PAGES_URL, {"type": "events.EventPage", "fields": "*"}),
    ],
)
def test_event_listing_of_30_costs_no_more_than_of_10(
    add_events, django_assert_max_num_queries, url, params
):
    add_events(10)
    ten, response = count_queries(url, limit=10, **params)
    assert len(response.json()["items"]) == 10
    item = response.json()["items"][0]
    assert len(item["fields_of_work"]) == len(item["thematic_areas"]) == 2
    if params["fields"] == "*":
        assert item["organized_by"] == "Organized by ODIHR and ACCEPT"
    assert set(item["image"]["renditions"]) == {"thumbnail", "medium", "large"}

    add_events(20)
    get_response(url, limit=30, **params)  # renditions of the new images
    with django_assert_max_num_queries(ten):
        response = cold_response(url, limit=30, **params)

    assert len(response.json()["items"]) == 30


def test_resource_listing_of_30_costs_no_more_than_of_10(site_tree, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            resource = factories.ResourcePageFactory(
                parent=site_tree.resources, thematic_areas=site_tree.areas[:2], image=make_image()
            )
            for number in range(2):
                resource.documents.create(document=make_document(filename=f"file-{number}.pdf"))
            resource.save()

    params = {"type": "resources.ResourcePage", "fields": "*"}
    add(10)
    ten, response = count_queries(PAGES_URL, limit=10, **params)
    item = response.json()["items"][0]
    assert [document["document"]["file_extension"] for document in item["documents"]] == [
        "pdf",
        "pdf",
    ]

    add(20)
    get_response(PAGES_URL, limit=30, **params)
    with django_assert_max_num_queries(ten):
        response = cold_response(PAGES_URL, limit=30, **params)

    assert len(response.json()["items"]) == 30


def test_navigation_with_22_areas_costs_no_more_than_with_3(
    site_tree, django_assert_max_num_queries
):
    three, response = count_queries("/api/v2/navigation/")
    assert len(response.json()["items"][1]["children"]) == 3

    for number in range(19):
        factories.ThematicAreaPageFactory(
            parent=site_tree.our_work, title=f"Area {number}", show_in_menus=True
        )
    with django_assert_max_num_queries(three):
        response = cold_response("/api/v2/navigation/")

    assert len(response.json()["items"][1]["children"]) == 22


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_file_listing_of_30_costs_no_more_than_of_10(
    site_tree, django_assert_max_num_queries, endpoint
):
    """Files are listed when a published page uses them: one subquery, not a check per file;
    images come with their renditions, prefetched."""

    def add(count):
        for _ in range(count):
            if endpoint == "images":
                factories.NewsPageFactory(parent=site_tree.news, image=make_image())
            else:
                resource = factories.ResourcePageFactory(parent=site_tree.resources)
                resource.documents.create(document=make_document())
                resource.save()  # as publishing does, after the page's files

    url = f"/api/v2/{endpoint}/"
    add(10)
    ten, response = count_queries(url, limit=10)
    assert len(response.json()["items"]) == 10
    if endpoint == "images":
        assert set(response.json()["items"][0]["renditions"]) == {"thumbnail", "medium", "large"}

    add(20)
    get_response(url, limit=30)  # renditions of the new images
    with django_assert_max_num_queries(ten):
        response = cold_response(url, limit=30)

    assert len(response.json()["items"]) == 30


def test_an_event_detail_reads_its_main_event_apart_not_joined_into_the_page(site_tree):
    """The page's own query joins what its fields show but not the main event: joining it
    brought every column of the event type, unused (its field reads the main event in the
    page's language, when visible, with a query of its own), and took a third of the
    detail's time. The number of queries is the same either way, so this reads the SQL."""
    main_event = factories.EventPageFactory(parent=site_tree.events, title="Main event")
    side_event = factories.EventPageFactory(parent=site_tree.events, main_event=main_event)

    with CaptureQueriesContext(connection) as context:
        response = get_response(f"{PAGES_URL}{side_event.pk}/")

    assert response.json()["main_event"]["id"] == main_event.pk
    page_queries = [
        query["sql"]
        for query in context
        if query["sql"].startswith('SELECT "wagtailcore_page"."id"')
        and f'"events_eventpage"."page_ptr_id" = {side_event.pk}' in query["sql"]
    ]
    assert page_queries
    assert not [sql for sql in page_queries if 'JOIN "events_eventpage"' in sql]
