"""Bodies with links, images and documents cost a fixed number of queries in a listing.

Rich text stores links as ids (``<a linktype="page" id="3">``) and image blocks store
image ids; resolving them one page at a time would cost queries per item.
"""

import pytest

from tests import factories
from tests.api.test_query_counts import count_queries
from tests.api.utils import make_document, make_image

EVENTS_URL = "/api/v2/events/"


@pytest.fixture
def add_events(site_tree):
    image = make_image()
    document = make_document()

    def add(count):
        for number in range(count):
            own_image = make_image(title=f"Photo {number}")
            text = (
                f'<p>See <a linktype="page" id="{site_tree.about.pk}">About us</a>, '
                f'<a linktype="page" id="{site_tree.areas[number % 3].pk}">an area</a> and '
                f'<a linktype="document" id="{document.pk}">the report</a>.</p>'
            )
            factories.EventPageFactory(
                parent=site_tree.events,
                body=[
                    ("about", {"heading": "About", "text": text}),
                    ("paragraph", text),
                    ("image", {"image": own_image, "alt_text": "", "caption": ""}),
                    ("image", {"image": image, "alt_text": "", "caption": ""}),
                    ("document", {"document": document, "title": ""}),
                ],
            )

    return add


def test_bodies_of_30_events_cost_no_more_than_of_5(add_events, django_assert_max_num_queries):
    add_events(5)
    five, response = count_queries(EVENTS_URL, limit=5, fields="body")
    body = response.json()["items"][0]["body"]
    assert 'href="/en/about-us/"' in body[0]["value"]["text"]
    assert body[2]["value"]["image"]["renditions"]["thumbnail"]["url"]

    add_events(25)
    count_queries(EVENTS_URL, limit=30, fields="body")
    thirty, response = count_queries(EVENTS_URL, limit=30, fields="body")

    assert len(response.json()["items"]) == 30
    assert thirty <= five, f"{five} queries for 5 events, {thirty} for 30"
