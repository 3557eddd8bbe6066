"""Date-time values of the exact-match filters with any UTC offset Python accepts.

PostgreSQL refuses an offset past ±15:59, so ``?first_published_at=…+20:15`` was a 500
there (api.filters.StrictFieldsFilter now compares in UTC).
"""

import pytest

from tests import factories
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("2000-01-01T00:00:00+20:15", 200),
        ("2000-01-01T00:00:00-23:59", 200),
        ("0001-01-01T00:00:00+20:15", 400),  # before the first representable moment in UTC
        ("9999-12-31T23:59:59-23:59", 400),  # after the last
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/v2/pages/", "/api/v2/events/", "/api/v2/news/"])
def test_a_far_utc_offset_is_answered_not_a_500(site_tree, client, endpoint, value, status):
    publish(factories.EventPageFactory(parent=site_tree.events))

    response = client.get(endpoint, {"first_published_at": value})

    assert response.status_code == status, response.content
    if status == 400:
        assert "is not a valid value for first_published_at" in response.json()["message"]
