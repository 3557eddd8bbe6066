"""Ids and numbers past 64 bits, and digits that are not ASCII, are 4xx, never 500.

SQLite stores 64-bit integers and raised OverflowError for a larger one wherever a
lookup went through a relation (a page type's id is ``page_ptr``); ``"²".isdigit()`` is
true but ``int("²")`` fails. Every id a client sends goes through ``api.views.parse_id``.
Run with DATABASE_URL on PostgreSQL too.
"""

import pytest
from django.test import Client

from tests import factories
from tests.helpers import publish

PAST_64_BITS = [str(2**63), str(10**40)]  # just past a signed 64-bit integer; far past


@pytest.fixture
def event(site_tree):
    return publish(
        factories.EventPageFactory(
            parent=site_tree.events, slug="training", thematic_areas=site_tree.areas[:1]
        )
    )


def get(url):
    client = Client(raise_request_exception=False)
    return client.get(url)


@pytest.mark.parametrize("number", PAST_64_BITS)
@pytest.mark.parametrize(
    "url",
    ["/api/v2/events/?thematic_area={}", "/feeds/events.ics?thematic_area={}"],
)
def test_a_thematic_area_id_past_64_bits_does_not_exist(event, url, number):
    response = get(url.format(number))

    assert response.status_code == 400
    assert response.json() == {"message": f"thematic_area '{number}' does not exist"}


@pytest.mark.parametrize("number", PAST_64_BITS)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/events/{}/",
        "/api/v2/pages/{}/",
        "/api/v2/events/find/?id={}",
        "/api/v2/pages/find/?id={}",
        "/api/v2/images/find/?id={}",
        "/api/v2/documents/find/?id={}",
        "/api/v2/redirects/find/?id={}",
    ],
)
def test_an_api_id_past_64_bits_is_not_found(event, url, number):
    response = get(url.format(number))

    assert response.status_code == 404
    assert set(response.json()) == {"message"}


@pytest.mark.parametrize("number", PAST_64_BITS)
def test_an_event_download_past_64_bits_is_not_found(event, number):
    assert get(f"/feeds/events/{number}.ics").status_code == 404
    assert get(f"/feeds/events/{event.pk}.ics").status_code == 200


@pytest.mark.parametrize("number", PAST_64_BITS)
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v2/pages/?child_of={}", "parent page doesn't exist"),
        ("/api/v2/pages/?descendant_of={}", "ancestor page doesn't exist"),
        ("/api/v2/pages/?ancestor_of={}", "descendant page doesn't exist"),
        ("/api/v2/pages/?translation_of={}", "translation_of page doesn't exist"),
        ("/api/v2/pages/?id={}", "'{}' is not a valid value for id"),
        ("/api/v2/events/?id={}", "'{}' is not a valid value for id"),
        ("/api/v2/pages/?alias_of={}", "'{}' is not a valid value for alias_of"),
        ("/api/v2/pages/?limit={}", "limit cannot be higher than 100"),
        ("/api/v2/search/?q=training&limit={}", "limit must be a number from 1 to 20"),
        ("/api/v2/search/?q=training&area={}", "area '{}' does not exist"),
        ("/api/v2/navigation/?site=localhost:{}", "site 'localhost:{}' does not exist"),
    ],
)
def test_other_numbers_past_64_bits_answer_400(event, url, message, number):
    response = get(url.format(number))

    assert response.status_code == 400
    assert response.json() == {"message": message.format(number)}


@pytest.mark.parametrize("number", PAST_64_BITS)
def test_an_offset_past_64_bits_is_an_empty_page(event, number):
    response = get(f"/api/v2/events/?offset={number}")

    assert response.status_code == 200
    assert response.json() == {"meta": {"total_count": 1}, "items": []}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v2/events/?thematic_area=²", "thematic_area must be the id or the slug of a thematic area"),
        ("/feeds/events.ics?thematic_area=²", "thematic_area must be the id or the slug of a thematic area"),
        ("/api/v2/pages/find/?id=²", "id must be a positive integer"),
        ("/api/v2/events/find/?id=²", "id must be a positive integer"),
        ("/api/v2/images/find/?id=²", "id must be a positive integer"),
        ("/api/v2/documents/find/?id=²", "id must be a positive integer"),
        ("/api/v2/redirects/find/?id=²", "id must be a positive integer"),
        ("/api/v2/search/?q=training&limit=²", "limit must be a number from 1 to 20"),
        ("/api/v2/navigation/?site=localhost:²", "site must be a host name, optionally with :port"),
    ],
)  # fmt: skip
def test_digits_that_are_not_ascii_answer_400(event, url, message):
    """``"²".isdigit()`` is true; ``int("²")`` raised ValueError (a 500)."""
    response = get(url)

    assert response.status_code == 400
    assert response.json() == {"message": message}
