"""Publishing purges every URL that shows the page from the CDN (caching/frontend.py).

The CDN here is a real HTTP server on loopback that records the PURGE requests that
Wagtail's HTTP backend (as for Varnish or nginx) sends it.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from tests import factories
from tests.api.utils import publish
from tests.helpers import loopback_cdn


@pytest.fixture
def cdn(settings):
    with loopback_cdn(settings) as server:
        yield server.purged


@pytest.fixture
def event(site_tree):
    return factories.EventPageFactory(
        parent=site_tree.events,
        slug="joint-training",
        thematic_areas=site_tree.areas[:1],
    )


def test_publishing_an_event_purges_the_page_its_listings_feeds_and_the_api(
    site_tree, event, cdn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)

    purged = set(cdn)
    assert {
        "http://localhost/en/events/joint-training/",  # the page (Wagtail's own handler)
        "http://localhost/ru/events/joint-training/",  # ... in every site language
        "http://localhost/en/events/",  # its listing
        "http://localhost/en/",  # the home page lists upcoming events
        "http://localhost/en/our-work/elections/",  # its thematic area lists it
        f"http://localhost/feeds/events/{event.pk}.ics",
        "http://localhost/feeds/events.ics",
        f"http://localhost/api/v2/pages/{event.pk}/",
        "http://localhost/api/v2/events/",
        "http://localhost/api/v2/events/?locale=en",
        "http://localhost/api/v2/navigation/?locale=ru",
    } <= purged


def test_publishing_news_purges_the_feeds_of_its_language(
    site_tree, cdn, django_capture_on_commit_callbacks
):
    news = factories.NewsPageFactory(parent=site_tree.news, slug="report")
    with django_capture_on_commit_callbacks(execute=True):
        publish(news)

    assert {
        "http://localhost/en/news/report/",
        "http://localhost/en/news/",
        "http://localhost/en/news/feed/rss/",
        "http://localhost/en/news/feed/atom/",
    } <= set(cdn)


def test_unpublishing_moving_and_deleting_purge_the_old_urls(
    site_tree, event, cdn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()
    assert "http://localhost/en/events/joint-training/" in cdn

    cdn.clear()
    about = site_tree.about
    with django_capture_on_commit_callbacks(execute=True):
        about.move(site_tree.our_work, pos="last-child")
    assert {"http://localhost/en/about-us/", "http://localhost/en/our-work/about-us/"} <= set(cdn)

    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.news.delete()
    assert {"http://localhost/en/news/", "http://localhost/api/v2/navigation/"} <= set(cdn)


def test_nothing_is_sent_before_the_commit(site_tree, event, cdn):
    publish(event)  # the test's transaction never commits

    assert not [url for url in cdn if "/api/" in url]


def test_without_a_cdn_configured_nothing_is_sent(
    site_tree, event, cdn, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}

    with django_capture_on_commit_callbacks(execute=True):
        publish(event)

    assert cdn == []


def test_clearing_the_site_cache_purges_every_public_url(event, settings):
    """``clear_site_cache`` after a restore: the CDN loses every public page and listing."""
    out = io.StringIO()
    with loopback_cdn(settings) as server:
        call_command("clear_site_cache", stdout=out)

    assert "CDN: purged" in out.getvalue()
    assert f"http://localhost{event.url}" in server.purged
    assert f"http://localhost/api/v2/pages/{event.pk}/" in server.purged
    assert "http://localhost/api/v2/events/?locale=ru" in server.purged


def test_a_refused_purge_fails_the_command_and_says_so(event, settings):
    """Without a worker the purge runs in the command: a CDN that refuses it makes the
    command fail (a restore script stops on it), rather than report the URLs purged."""
    out = io.StringIO()
    with loopback_cdn(settings) as server:
        server.failing = True
        with pytest.raises(CommandError, match="failed .*run the command again"):
            call_command("clear_site_cache", stdout=out)
    assert "Site cache emptied" in out.getvalue()
    assert "purged" not in out.getvalue()
