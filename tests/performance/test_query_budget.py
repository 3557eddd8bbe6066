"""Query budgets: every key page and endpoint costs the same number of queries at any size.

The site is measured twice with the cache cleared before each request: with the demo
content plus 25 generated events and 25 news items (each also in Russian), enough to
fill the first page of every listing and every group of search results, and again
after 125 more events and 25 more news items. The count must not change, and it must
stay within the endpoint's budget. tests/api/test_query_counts.py covers listings of
pages with images and documents and the menu's length; this covers the rest of what
visitors and clients request.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.performance.conftest import generate

# (name, URL or a function of the seed event giving it, budget in queries)
ENDPOINTS = [
    ("api events, all fields", "/api/v2/events/?fields=*&limit=20", 20),
    ("api events, 100 in en", "/api/v2/events/?fields=*&limit=100&locale=en", 20),
    ("api events, upcoming in ru", "/api/v2/events/?upcoming=1&locale=ru&fields=*", 20),
    (
        "api events, filtered",
        "/api/v2/events/?event_type=training&thematic_area=hate-crime&date_from=2000-01-01",
        20,
    ),
    ("api events, search", "/api/v2/events/?search=training&locale=en", 20),
    ("api event detail", lambda seed: f"/api/v2/pages/{seed.pk}/", 26),
    ("api news listing", "/api/v2/pages/?type=news.NewsPage&fields=*&limit=20", 24),
    ("api pages in ru", "/api/v2/pages/?locale=ru&limit=50", 16),
    ("api navigation", "/api/v2/navigation/?locale=en", 12),
    # One type: a result's excerpt may read an image block of its body (news), a few
    # queries per result, bounded by the limit (5 per group) but not equal between runs.
    ("api search, events", "/api/v2/search/?q=training&type=events.EventPage", 50),
    ("api search in ru, events", "/api/v2/search/?q=тренинг&locale=ru&type=events.EventPage", 40),
    ("home page", "/en/", 30),
    ("home page in ru", "/ru/", 30),
    ("events listing", "/en/events/", 35),
    ("events listing filtered", "/ru/events/?type=training&area=hate-crime", 40),
    ("event page", lambda seed: seed.url, 35),
    ("news listing", "/en/news/", 30),
    ("thematic area page", "/en/our-work/hate-crime/", 38),
    ("events calendar feed", "/feeds/events.ics?upcoming=1", 12),
    ("news feed", "/en/news/feed/rss/", 14),
]


def count_queries(url):
    """Queries of one request with the cache empty (after one that made renditions)."""
    client = Client()
    assert client.get(url).status_code == 200, url
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def measure_all():
    from events.models import EventPage
    from home.demo_content import SEED_EVENT

    seed = EventPage.objects.get(slug=SEED_EVENT["slug"], locale__language_code="en")
    return {
        name: count_queries(url(seed) if callable(url) else url) for name, url, _budget in ENDPOINTS
    }


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
        grow(events=125, news=25, seed=2)
        assert EventPage.objects.filter(locale__language_code="en").count() >= 150
        large = measure_all()
    print("\nqueries with 25 events and 25 news items:", small)
    print("queries with 150 events and 50 news items:", large)
    return small, large


@pytest.mark.parametrize(("name", "budget"), [(name, budget) for name, _url, budget in ENDPOINTS])
def test_query_count_does_not_grow_with_the_site(counts, db, name, budget):
    small, large = counts
    assert large[name] == small[name], (
        f"{name}: {small[name]} queries with 25 events, {large[name]} with 150"
    )
    assert large[name] <= budget, f"{name}: {large[name]} queries, budget {budget}"
