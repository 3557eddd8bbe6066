"""Query budgets: every key page and endpoint costs the same number of queries at any size.

The site is measured twice with the cache cleared before each request, and again with
no cache at all (as when Redis is down): with the demo content plus 25 generated events
and 25 news items (each also in Russian), enough to fill the first page of every listing
and every group of search results, and again after 125 more events and 25 more news
items. The count must not change, and it must
stay within the endpoint's budget. tests/api/test_query_counts.py covers listings of
pages with images and documents and the menu's length; this covers the rest of what
visitors and clients request.
"""

import os
import socket

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_redis.util import CacheKey

from caching import version as caching
from config.redis import BreakerConnection
from tests.performance.conftest import generate

# (name, URL or a function of the seed event giving it, budget in queries)
# Cold, a page's tags cost two queries more than they would alone: the tables of fields of
# work and of thematic areas (core.i18n.TermTable), read once per content version and then
# shared by every request until the next change.
ENDPOINTS = [
    ("api events, all fields", "/api/v2/events/?fields=*&limit=20", 15),
    ("api events, 100 in en", "/api/v2/events/?fields=*&limit=100&locale=en", 15),
    # 16: the organisers' names in Russian, one query for the whole listing.
    ("api events, upcoming in ru", "/api/v2/events/?upcoming=1&locale=ru&fields=*", 16),
    (
        "api events, filtered",
        "/api/v2/events/?event_type=training&thematic_area=hate-crime&date_from=2000-01-01",
        14,  # the organisers, prefetched for the whole listing
    ),
    ("api events, search", "/api/v2/events/?search=training&locale=en", 20),
    # 18: besides the page, its organisers, main event, side events and related pages, the
    # visibility filter's facts (core.querysets.VisibilityFacts) and the tag tables.
    ("api event detail", lambda seed: f"/api/v2/pages/{seed.pk}/", 18),
    ("api news listing", "/api/v2/pages/?type=news.NewsPage&fields=*&limit=20", 24),
    ("api pages in ru", "/api/v2/pages/?locale=ru&limit=50", 16),
    ("api navigation", "/api/v2/navigation/?locale=en", 12),
    ("api images", "/api/v2/images/?limit=50", 10),
    ("api documents", "/api/v2/documents/?limit=50", 10),
    # One type: a result's excerpt may read an image block of its body (news), a few
    # queries per result, bounded by the limit (5 per group) but not equal between runs.
    ("api search, events", "/api/v2/search/?q=training&type=events.EventPage", 50),
    ("api search in ru, events", "/api/v2/search/?q=тренинг&locale=ru&type=events.EventPage", 47),
    ("home page", "/en/", 30),
    ("home page in ru", "/ru/", 30),
    ("events listing", "/en/events/", 35),
    ("events listing filtered", "/ru/events/?type=training&area=hate-crime", 40),
    # 28: the facts and sections of an event page include its organisers, series and
    # related pages.
    ("event page", lambda seed: seed.url, 28),
    # Its filter form (types, the areas of the language, the years with news) costs a few.
    ("news listing", "/en/news/", 34),
    ("thematic area page", "/en/our-work/hate-crime/", 38),
    ("events calendar feed", "/feeds/events.ics?upcoming=1", 12),
    ("news feed", "/en/news/feed/rss/", 14),
]


# The miss path (docs/benchmarks.md): the whole response is not in the cache (the first
# request after a publish, a client's new filter combination), what the request shares
# with others is (the site, its roots, listing items, the menu). Budgets in queries.
MISS_PATH_BUDGETS = {
    "api events, all fields": 1,  # the page's ids with the total (api/pagination.py); items cached
    "api events, 100 in en": 2,  # and the locale of ?locale=en
    # The page in its own type in one query (its type from its id, caching.routing); its
    # parent and breadcrumbs shared by siblings, from the cache; side events only for an
    # event that has some (events.models.main_event_translation_keys); the ids of its tags
    # in one query (core.i18n.tag_ids).
    "api event detail": 5,
    # Pages: the route from the cache (caching.routing) in one query, not two per segment,
    # and the site's view restrictions from the cache (caching.restrictions).
    "home page": 4,
    "events listing": 8,  # breadcrumbs from the cache
    "event page": 5,  # and its own foreign keys (type, source, image) joined
}

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# Round trips to the real Redis, counted at the connection (one command or pipeline sent,
# one round trip): a page or endpoint computed afresh (at most; listings write one
# rendition per card; a value kept for the content version, such as a table of tags, is read
# and written once), and served from the cache (exactly).
ROUND_TRIPS_ON_A_MISS = 28
ROUND_TRIPS_ON_A_HIT = 2


class CountingConnection(BreakerConnection):
    """The site's Redis connection, counting what it sends."""

    sent = 0

    def send_packed_command(self, *args, **kwargs):
        CountingConnection.sent += 1
        return super().send_packed_command(*args, **kwargs)


REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        # A database number no other test uses: django-redis keeps one connection pool per
        # URL for the whole run, and this one must be made with the counting connection.
        "LOCATION": "redis://127.0.0.1:6379/11",
        "KEY_PREFIX": f"round-trips-{os.getpid()}",
        "OPTIONS": {"CONNECTION_POOL_KWARGS": {"connection_class": CountingConnection}},
    }
}


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def count_queries(url):
    """Queries of one request with the cache empty (after one that made renditions)."""
    client = Client()
    assert client.get(url).status_code == 200, url
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def count_queries_on_a_miss(url):
    """Queries of one request whose whole response is not cached, after one like it."""
    client = Client()
    with override_settings(WHOLE_RESPONSES=False):
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def measure_all():
    """{cache: {endpoint: queries}}: with the cache emptied before the request, and with no
    cache at all (Redis down), where nothing Wagtail or we keep there can be read back."""
    from demo.content import SEED_EVENT
    from events.models import EventPage

    seed = EventPage.objects.get(slug=SEED_EVENT["slug"], locale__language_code="en")
    counts = {}
    for name, caches in (("emptied", None), ("none", NO_CACHE)):
        with override_settings(**({"CACHES": caches} if caches else {})):
            counts[name] = {
                endpoint: count_queries(url(seed) if callable(url) else url)
                for endpoint, url, _budget in ENDPOINTS
            }
    counts["miss"] = {
        endpoint: count_queries_on_a_miss(url(seed) if callable(url) else url)
        for endpoint, url, _budget in ENDPOINTS
        if endpoint in MISS_PATH_BUDGETS
    }
    return counts


def count_round_trips(url):
    """Round trips to Redis of one request computed afresh (a new content version, the
    menu and renditions cached before), then of the same request served from the cache."""
    client = Client()
    assert client.get(url).status_code == 200, url
    caching.invalidate()
    before = CountingConnection.sent
    assert client.get(url).status_code == 200, url
    miss = CountingConnection.sent - before
    before = CountingConnection.sent
    assert client.get(url).status_code == 200, url
    return miss, CountingConnection.sent - before


def measure_round_trips():
    from demo.content import SEED_EVENT
    from events.models import EventPage

    seed = EventPage.objects.get(slug=SEED_EVENT["slug"], locale__language_code="en")
    with override_settings(CACHES=REDIS):
        try:
            return {
                endpoint: count_round_trips(url(seed) if callable(url) else url)
                for endpoint, url, _budget in ENDPOINTS
            }
        finally:
            cache.delete_pattern(CacheKey(f"{REDIS['default']['KEY_PREFIX']}:*"))


def grow(events, news, seed):
    """Generated items, each with an image, so every listing shows the same kinds of content."""
    from wagtail.images import get_image_model

    from events.models import EventPage
    from news.models import NewsPage

    generate(events=events, news=news, seed=seed)
    image = get_image_model().objects.order_by("pk").first()
    for model in (EventPage, NewsPage):
        model.objects.filter(image__isnull=True).update(image=image)


@pytest.fixture(scope="module")
def counts(_module_demo, django_db_blocker):
    from events.models import EventPage

    with django_db_blocker.unblock():
        # Enough for every listing's first page and every search group to be full.
        grow(events=25, news=25, seed=1)
        small = measure_all()
        if redis_is_running():
            small["round trips"] = measure_round_trips()
        grow(events=125, news=25, seed=2)
        assert EventPage.objects.filter(locale__language_code="en").count() >= 150
        large = measure_all()
        if redis_is_running():
            large["round trips"] = measure_round_trips()
    print("\nqueries with 25 events and 25 news items:", small)
    print("queries with 150 events and 50 news items:", large)
    return small, large


@pytest.mark.parametrize("cache_state", ["emptied", "none"])
@pytest.mark.parametrize(("name", "budget"), [(name, budget) for name, _url, budget in ENDPOINTS])
def test_query_count_does_not_grow_with_the_site(counts, db, name, budget, cache_state):
    """A failing cache costs speed, never queries per item: the budget holds without one."""
    small, large = (size[cache_state][name] for size in counts)
    assert large == small, f"{name}: {small} queries with 25 events, {large} with 150"
    assert large <= budget, f"{name}: {large} queries, budget {budget}"


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
@pytest.mark.parametrize("name", [name for name, _url, _budget in ENDPOINTS])
def test_cache_round_trips_are_bounded(counts, db, name):
    """Cache reads are batched: a request served from the cache makes two round trips (the
    content version with what the page reads, then the response), and one computed afresh
    a few more (the menu, Wagtail's site paths) plus one write per image rendition it
    shows, which Wagtail's rendition cache makes, bounded by the page size. A stuck Redis
    costs a request one timeout at most (config.redis)."""
    (small_miss, small_hit), (large_miss, large_hit) = (
        size["round trips"][name] for size in counts
    )
    assert max(small_miss, large_miss) <= ROUND_TRIPS_ON_A_MISS, (
        f"{name}: {small_miss} and {large_miss} round trips on a miss"
    )
    assert (small_hit, large_hit) == (ROUND_TRIPS_ON_A_HIT, ROUND_TRIPS_ON_A_HIT), name


@pytest.mark.parametrize(("name", "budget"), sorted(MISS_PATH_BUDGETS.items()))
def test_the_miss_path_stays_within_its_budget(counts, db, name, budget):
    """What the first request after a publish costs, once what it shares is cached: a
    listing reads its items from the cache (two queries at any length and any size)."""
    small, large = (size["miss"][name] for size in counts)
    assert large == small, f"{name}: {small} queries with 25 events, {large} with 150"
    assert large <= budget, f"{name}: {large} queries on a miss, budget {budget}"
