"""What a request that misses the response cache still finds ready, and never finds stale:
listing items remembered for the content version (api/remembered_items.py), the site from
the cache (caching.middleware.SiteMiddleware), and concurrent misses of one URL computed
once (``ResponseCacheMiddleware.claim_or_wait``).

Run on the memory cache and on the real Redis (tests/caching/conftest.py). The whole
responses are not stored here (``WHOLE_RESPONSES=False``), so every request is a miss.
"""

import re
import threading
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from caching.middleware import ResponseCacheMiddleware
from caching.version import content_version
from tests import factories
from tests.helpers import publish

LISTING = "/api/v2/events/?fields=*&limit=20"


@pytest.fixture(autouse=True)
def misses_only(settings):
    settings.WHOLE_RESPONSES = False


@pytest.fixture
def events(site_tree):
    return [
        factories.EventPageFactory(parent=site_tree.events, title=f"Event {number}")
        for number in range(3)
    ]


def get(url, **headers):
    with CaptureQueriesContext(connection) as context:
        response = Client().get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(context), response.json()


def by_id(payload):
    return {item["id"]: item for item in payload["items"]}


def test_a_new_listing_url_reuses_the_items_another_one_made(events):
    _, everything = get(LISTING)
    queries, one = get("/api/v2/events/?fields=*&limit=1&offset=1")

    assert queries == 1  # the ids and the count: the item itself comes from the cache
    [(pk, item)] = by_id(one).items()
    assert item == by_id(everything)[pk]


def test_a_publish_is_shown_at_once_and_a_draft_never(events):
    get(LISTING)
    event = events[0]
    event.title = "Draft title"
    event.save_revision()
    assert by_id(get(LISTING)[1])[event.pk]["title"] == "Event 0"

    publish(event)
    assert by_id(get(LISTING)[1])[event.pk]["title"] == "Draft title"

    event.unpublish()
    assert event.pk not in by_id(get(LISTING)[1])


def test_items_are_kept_apart_by_host_and_by_fields(events):
    default = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="127.0.0.1", root_page=default.root_page, site_name="By address")
    _, on_localhost = get(LISTING)
    _, on_ip = get(LISTING, HTTP_HOST="127.0.0.1")
    _, titles_only = get("/api/v2/events/?fields=_,id,title&limit=20")

    pk = events[0].pk
    # The page's own URL is its site's; the API's detail URL is the host's that was asked.
    assert by_id(on_localhost)[pk]["meta"]["detail_url"].startswith("http://localhost/")
    assert by_id(on_ip)[pk]["meta"]["detail_url"].startswith("http://127.0.0.1/")
    assert "start_date" in by_id(on_localhost)[pk]
    assert "start_date" not in by_id(titles_only)[pk]


def test_the_site_comes_from_the_cache_until_a_site_changes(site_tree, events):
    _, before = get("/api/v2/pages/?limit=50")
    assert events[0].pk in by_id(before)

    site = Site.objects.get(is_default_site=True)
    site.root_page = site_tree.areas[0]  # a site whose tree holds no events
    site.save()

    _, after = get("/api/v2/pages/?limit=50")
    assert events[0].pk not in by_id(after)


def test_concurrent_misses_of_one_url_are_computed_once(db):
    """Eight requests for one URL arrive while the first is being computed: the view runs
    once and all eight get its answer."""
    content_version()  # the version is set once, before the requests arrive
    computed = []
    started = threading.Event()

    def slow_view(request):
        computed.append(request.path)
        started.set()
        time.sleep(0.5)  # well within COALESCE_WAIT
        return HttpResponse(b'{"items": []}', content_type="application/json")

    middleware = ResponseCacheMiddleware(slow_view)
    answers, statuses = [], []

    def ask():
        request = RequestFactory().get("/api/v2/events/")
        response = middleware(request)
        answers.append(response.content)
        statuses.append(response["Cache-Status"])

    with override_settings(WHOLE_RESPONSES=True):
        first = threading.Thread(target=ask)
        first.start()
        assert started.wait(10)
        others = [threading.Thread(target=ask) for _ in range(7)]
        for thread in others:
            thread.start()
        for thread in [first, *others]:
            thread.join(20)

    assert computed == ["/api/v2/events/"]
    assert answers == [b'{"items": []}'] * 8
    # The first computed and stored it; the seven others say they waited for it. All
    # name the same entry.
    kinds = sorted(status.rpartition("; key=")[0] for status in statuses)
    assert kinds == ["site; fwd=uri-miss; collapsed"] * 7 + ["site; fwd=uri-miss; stored"]
    assert len({status.rpartition("; key=")[2] for status in statuses}) == 1


def test_the_cache_status_header_tells_a_hit_from_a_computed_response(events):
    """RFC 9211's ``Cache-Status``: what an operator and ``make bench`` count."""
    with override_settings(WHOLE_RESPONSES=True):
        first = Client().get(LISTING)
        second = Client().get(LISTING)
        made_up = Client().get("/api/v2/events/?fields=*&limit=20&offset=-1")  # a 400

    assert re.fullmatch(r'site; fwd=uri-miss; stored; key="[0-9a-f]{32}"', first["Cache-Status"])
    assert second["Cache-Status"] == "site; hit"
    assert second.content == first.content
    assert made_up.status_code == 400
    # Computed, never kept; an entry of its own.
    assert re.fullmatch(r'site; fwd=uri-miss; key="[0-9a-f]{32}"', made_up["Cache-Status"])
    assert made_up["Cache-Status"][-34:] != first["Cache-Status"][-34:]


def test_waiting_requests_compute_it_themselves_when_the_first_one_stores_nothing(db):
    """The first answer was not one to keep (an error): the waiting requests do not wait
    for an entry that will never come."""
    content_version()
    computed = []
    started = threading.Event()

    def failing_view(request):
        computed.append(request.path)
        started.set()
        time.sleep(0.2)
        return HttpResponse(b"unavailable", status=503)

    middleware = ResponseCacheMiddleware(failing_view)
    statuses = []

    def ask():
        statuses.append(middleware(RequestFactory().get("/api/v2/events/")).status_code)

    with override_settings(WHOLE_RESPONSES=True):
        first = threading.Thread(target=ask)
        first.start()
        assert started.wait(10)
        second = threading.Thread(target=ask)
        second.start()
        first.join(20)
        second.join(20)

    assert statuses == [503, 503]
    assert len(computed) == 2


def test_requests_that_find_no_content_version_all_take_the_same_one(db):
    """After a publish every busy URL's clients find the version gone at once: they must
    agree on the new one, or each caches under its own and their misses never coalesce."""
    from caching.version import invalidate

    content_version()
    invalidate()
    ready = threading.Barrier(8)
    tokens = []

    def read():
        ready.wait(10)
        tokens.append(content_version())

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert len(tokens) == 8
    assert len(set(tokens)) == 1
    assert content_version() == tokens[0]


def test_a_version_past_its_time_is_replaced_once(db, monkeypatch):
    """At midnight (or an expiry) the version is out of date: the next readers replace
    it with one new version, not one each."""
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    from caching.version import VERSION_KEY

    old = content_version()
    cache.set(VERSION_KEY, (old, timezone.now() - datetime.timedelta(seconds=1)))
    first, second = content_version(), content_version()

    assert first != old
    assert second == first


def test_a_parent_renamed_shows_in_its_childrens_parent_and_breadcrumbs(site_tree, events):
    """What siblings share (parent, breadcrumbs) is cached for the content version: a
    publish of the parent shows at once, in the API and on the page."""
    detail = f"/api/v2/pages/{events[1].pk}/"
    _, before = get(detail)
    page_before = Client().get(events[1].url).content.decode()
    assert before["meta"]["parent"]["title"] == site_tree.events.title
    assert before["meta"]["breadcrumbs"][-1]["title"] == site_tree.events.title
    assert f">{site_tree.events.title}</a>" in page_before

    site_tree.events.title = "Meetings and trainings"
    publish(site_tree.events)

    _, after = get(detail)
    page_after = Client().get(events[1].url).content.decode()
    assert after["meta"]["parent"]["title"] == "Meetings and trainings"
    assert after["meta"]["breadcrumbs"][-1]["title"] == "Meetings and trainings"
    assert ">Meetings and trainings</a>" in page_after


def test_the_shared_parent_is_kept_apart_by_host(site_tree, events):
    """The parent's ``detail_url`` is the asking host's: one host's entry never answers
    another's."""
    default = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="127.0.0.1", root_page=default.root_page, site_name="By address")
    detail = f"/api/v2/pages/{events[0].pk}/"
    _, on_localhost = get(detail)
    _, on_ip = get(detail, HTTP_HOST="127.0.0.1")

    assert on_localhost["meta"]["parent"]["meta"]["detail_url"].startswith("http://localhost/")
    assert on_ip["meta"]["parent"]["meta"]["detail_url"].startswith("http://127.0.0.1/")


def test_a_miss_that_claims_just_after_the_entry_was_stored_does_not_compute_it_again(db):
    """A request looks the entry up a moment before another request stores it and lets its
    claim go: its claim then succeeds, and without a second look it would compute the
    entry again (the stampede benchmark counted two entries computed twice)."""
    content_version()
    computed = []

    def view(request):
        computed.append(request.path)
        return HttpResponse(b'{"items": []}', content_type="application/json")

    middleware = ResponseCacheMiddleware(view)
    looked_up = ResponseCacheMiddleware.claim_or_wait

    def entry_stored_meanwhile(key):
        # What the other request does between this one's look-up and its claim.
        with override_settings(WHOLE_RESPONSES=True):
            ResponseCacheMiddleware(view)(RequestFactory().get("/api/v2/events/"))
        return looked_up(key)

    with override_settings(WHOLE_RESPONSES=True):
        middleware.claim_or_wait = entry_stored_meanwhile
        response = middleware(RequestFactory().get("/api/v2/events/"))

    assert computed == ["/api/v2/events/"]  # by the other request only
    assert response.content == b'{"items": []}'
    assert response["Cache-Status"].startswith("site; fwd=uri-miss; collapsed")
