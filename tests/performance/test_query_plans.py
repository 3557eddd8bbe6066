"""At about 10 000 events, the events listing reads the events table through its indexes.

PostgreSQL only (the plans are PostgreSQL's); skipped on SQLite. The site is the demo
plus events written by the bulk generator (English only, without revisions or search
index, which the plans do not depend on) for up to about a minute, then ANALYZE.
"""

import datetime
import time

import pytest
from django.db import connection

from demo.query_plans import table_scans, uses_index
from events.models import EventPage
from tests.performance.conftest import generate

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are checked on PostgreSQL (set DATABASE_URL)",
)

TARGET_EVENTS = 10_000
TIME_BUDGET = 60  # seconds of generation at most
TABLE = "events_eventpage"


@pytest.fixture(scope="module")
def large_site(_module_demo, django_db_blocker):
    with django_db_blocker.unblock():
        started = time.monotonic()
        created = 0
        while created < TARGET_EVENTS and time.monotonic() - started < TIME_BUDGET:
            generate(
                events=2_000,
                news=0,
                seed=created,
                translations=False,
                revisions=False,
                search_index=False,
            )
            created += 2_000
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return EventPage.objects.count()


def month_ahead():
    start = (datetime.date.today() + datetime.timedelta(days=400)).replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def filters():
    start, end = month_ahead()
    return {
        "date range": f"/api/v2/events/?date_from={start}&date_to={end}&fields=*",
        "country": "/api/v2/events/?country=RO&fields=*",
        "event type": "/api/v2/events/?event_type=conference&fields=*",
        "event type and year on the listing page": (
            f"/en/events/?type=conference&year={start.year}"
        ),
    }


@pytest.mark.parametrize("name", list(filters()))
def test_the_filtered_listing_reads_events_through_an_index(large_site, db, name):
    assert large_site >= 5_000, f"only {large_site} events were generated in time"
    # The listing page's year choices read every event by design (and are cached).
    scans, _milliseconds = table_scans(filters()[name], TABLE, ignore=["DATE_TRUNC"])
    assert uses_index(scans), f"{name}: {scans} at {large_site} events"
