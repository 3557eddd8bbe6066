"""Routes remembered in the cache (caching/routing.py): a page found in one query, and
never a page that is no longer the one at its URL.

Each test remembers a route by a first request, changes the content the way an editor
or an attacker could, and checks the next request answers as Wagtail's own routing
would. The whole-response cache is off: what is tested is the route alone.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction, Site

from demo.translation import translate_from_strings
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_whole_responses(settings):
    settings.WHOLE_RESPONSES = False


@pytest.fixture
def event(site_tree):
    return factories.EventPageFactory(
        parent=site_tree.events, title="Human Dimension Conference", slug="conference"
    )


def get(client, url, **headers):
    """(response, how many queries looked a page up by its slug: Wagtail's tree walk)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    walk = [q["sql"] for q in context.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]]
    return response, len(walk)


def test_a_remembered_route_walks_no_tree(client, event):
    first, walked = get(client, "/en/events/conference/")
    assert first.status_code == 200
    assert walked == 2  # the events index, then the event

    second, walked = get(client, "/en/events/conference/")
    assert second.status_code == 200
    assert walked == 0
    assert second.content == first.content


def test_a_remembered_route_reads_its_page_without_ordering_it(client, event):
    """One row by its id needs no ORDER BY: compiling the tree order through the page
    type's parent link took a third of the query's compiling, on every page on a miss."""
    client.get("/en/events/conference/")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/en/events/conference/").status_code == 200
    reads = [
        query["sql"]
        for query in context.captured_queries
        if '"events_eventpage"."page_ptr_id" =' in query["sql"]
    ]
    assert len(reads) == 1
    assert "ORDER BY" not in reads[0]


def test_an_unpublished_page_is_gone_at_once(client, event):
    assert client.get("/en/events/conference/").status_code == 200
    event.unpublish()
    assert client.get("/en/events/conference/").status_code == 404


def test_a_renamed_page_is_found_at_its_new_path_only(client, event):
    assert client.get("/en/events/conference/").status_code == 200
    event.slug = "annual-conference"
    event.save_revision().publish()

    assert client.get("/en/events/conference/").status_code == 404
    assert client.get("/en/events/annual-conference/").status_code == 200


def test_a_renamed_parent_moves_its_children(client, site_tree, event):
    assert client.get("/en/events/conference/").status_code == 200
    site_tree.events.slug = "meetings"
    site_tree.events.save_revision().publish()

    assert client.get("/en/events/conference/").status_code == 404
    response = client.get("/en/meetings/conference/")
    assert response.status_code == 200
    assert b"Human Dimension Conference" in response.content


def test_a_page_deleted_and_replaced_serves_the_new_one(client, site_tree, event):
    assert client.get("/en/events/conference/").status_code == 200
    event.delete()
    factories.EventPageFactory(
        parent=site_tree.events, title="Supplementary Meeting", slug="conference"
    )

    response = client.get("/en/events/conference/")
    assert response.status_code == 200
    assert b"Supplementary Meeting" in response.content
    assert b"Human Dimension Conference" not in response.content


def test_a_page_made_private_asks_for_its_password(client, event):
    """The route is remembered, the privacy is not: it is checked on every request."""
    assert client.get("/en/events/conference/").status_code == 200
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="witness-safety"
    )

    response = client.get("/en/events/conference/")
    assert b"Human Dimension Conference" not in response.content
    assert b"password" in response.content.lower()


def test_another_languages_page_is_not_remembered_for_a_language(client, site_tree):
    """Without a Russian home page, Wagtail walks the English tree for /ru/ (and the page
    is refused there). Once Russian pages exist, /ru/ serves them, not a remembered
    English route."""
    assert client.get("/ru/events/").status_code == 404
    russian = Locale.objects.get(language_code="ru")
    translate_from_strings(site_tree.home, russian, {})
    events_ru = translate_from_strings(site_tree.events, russian, {"Events": "Мероприятия"})

    response = client.get("/ru/events/")
    assert response.status_code == 200
    assert events_ru.title.encode() in response.content


def test_each_site_has_its_own_routes(client, settings, site_tree, event):
    """Two sites with a page at the same path: a route remembered for one host is never
    used for the other (the site is part of the key)."""
    settings.ALLOWED_HOSTS = ["localhost", "partner.example"]
    other_home = factories.HomePageFactory(parent=site_tree.home.get_parent(), slug="partner")
    other_events = factories.EventIndexPageFactory(parent=other_home)
    factories.EventPageFactory(parent=other_events, title="Partner Workshop", slug="conference")
    Site.objects.create(hostname="partner.example", port=80, root_page=other_home)

    ours = client.get("/en/events/conference/", HTTP_HOST="localhost")
    theirs = client.get("/en/events/conference/", HTTP_HOST="partner.example")
    assert b"Human Dimension Conference" in ours.content
    assert b"Partner Workshop" in theirs.content
    theirs = client.get("/en/events/conference/", HTTP_HOST="partner.example")
    assert b"Partner Workshop" in theirs.content
