"""Visitors' pages are cached by the query parameters they read, and a session cookie that
carries no session is no session (caching/version.py).

Made-up parameters (``?utm_source=…``, ``?x=<random>``) and made-up ``sessionid`` cookies
used to make a new cache entry, or skip the cache, on every request. Every test runs on
the memory cache and on the real Redis.
"""

import copy
import pickle

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from caching.middleware import ConsultedQueryDict
from core.mixins import LISTING_PAGE_SIZE
from tests import factories

JUNK = "<script>alert(1)</script>"


def get(url, client=None, **params):
    """(queries, response) of one GET."""
    with CaptureQueriesContext(connection) as context:
        response = (client or Client()).get(url, params)
    return len(context), response


@pytest.fixture
def events(site_tree):
    """Two pages of events, and two pages of trainings among them."""
    training = factories.EventTypeFactory(name="Training", slug="training")
    workshop = factories.EventTypeFactory(name="Workshop", slug="workshop")
    for number in range(LISTING_PAGE_SIZE + 4):
        factories.EventPageFactory(
            parent=site_tree.events,
            title=f"Event {number}",
            event_type=workshop if number % 7 == 0 else training,
        )
    return site_tree.events.url


def test_made_up_parameters_share_one_entry(events):
    cold, first = get(events)
    assert cold > 5

    for number in range(50):
        queries, response = get(f"{events}?utm_source=feed{number}&x{number}=1")
        assert (queries, response.status_code) == (0, 200)
        assert response.content == first.content


VISITORS_PAGES = [
    "/en/",
    "/en/about-us/",
    "/en/events/",
    "event",
    "/en/news/",
    "/en/resources/",
    "/en/our-work/",
    "/en/our-work/elections/",
    "/en/search/?q=event",
    "/sitemap.xml",
    "/robots.txt",
    "/en/news/feed/rss/",
]


@pytest.mark.parametrize("url", VISITORS_PAGES)
def test_no_visitors_page_reads_the_whole_query_string(site_tree, url):
    """Each page reads its own parameters only (``{% if request.GET %}``, iterating
    ``request.GET`` or ``get_full_path()`` in a page would make it fail here)."""
    if url == "event":
        url = factories.EventPageFactory(parent=site_tree.events, title="Training").url
    separator = "&" if "?" in url else "?"
    cold, first = get(url)
    assert (first.status_code, cold > 0) == (200, True)

    queries, response = get(f"{url}{separator}utm_source=newsletter&gclid=0123")

    assert (queries, response.content) == (0, first.content)


def test_a_parameter_the_page_does_not_read_never_reaches_a_cached_page(events):
    _, poisoned = get(events, junk=JUNK)
    # Pagination links carry the listing's own parameters, never the request's.
    assert b"junk" not in poisoned.content and b"alert" not in poisoned.content
    assert b'href="?page=2"' in poisoned.content

    queries, clean = get(events)

    assert queries == 0  # the entry the junk request stored
    assert b"junk" not in clean.content and b"alert" not in clean.content


def test_the_parameters_a_page_reads_still_make_their_own_entries(events):
    _, training = get(events, type="training")
    _, workshop = get(events, type="workshop")
    assert b"Event 1<" in training.content and b"Event 1<" not in workshop.content

    queries, again = get(events, type="training", utm_campaign="spring")
    assert (queries, again.content) == (0, training.content)
    # Filters are kept in the pagination links, made-up parameters are not.
    queries, second = get(events, type="training", page="2", junk=JUNK)
    assert queries > 0
    assert b'href="?type=training&amp;page=1"' in second.content
    assert b"junk" not in second.content


def test_an_invalid_filter_value_is_not_echoed_into_links(events):
    _, response = get(events, type=JUNK)
    assert response.status_code == 200
    assert b"Some filters were not valid" in response.content
    assert b'href="?page=2"' in response.content


def test_the_search_page_reads_its_own_parameters(site_tree, events):
    _, first = get("/en/search/", q="event")
    queries, again = get("/en/search/", q="event", fbclid="abc")
    assert (queries, again.content) == (0, first.content)
    assert get("/en/search/", q="other")[0] > 0


def test_the_api_refuses_unknown_parameters_and_stores_nothing(events, computed):
    """The API reads every parameter (to refuse unknown ones): keyed on the whole query."""
    for url in ("/api/v2/events/", "/api/v2/pages/", "/api/v2/navigation/", "/api/v2/search/"):
        queries, response = get(url, q="event", junk="1")
        assert response.status_code == 400, url
        assert set(response.json()) == {"message"}
    computed.clear()
    get("/api/v2/events/", q="event", junk="1")
    assert computed == ["/api/v2/events/"]  # computed again: a 400 is never stored
    get("/api/v2/events/", limit="5")
    assert get("/api/v2/events/", limit="5")[0] == 0
    assert get("/api/v2/events/", limit="6")[0] > 0


def test_a_made_up_session_cookie_gets_the_cached_page(events):
    _, first = get(events)

    for cookie in ("junk", "x" * 40, "Z" * 32):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        queries, response = get(events, client)
        assert (queries, response.content) == (0, first.content), cookie
        # Deleted, as Django deletes a session cookie that carries no session.
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 0


def test_a_session_that_ended_costs_one_lookup(events):
    """A key of the right shape that names no session (deleted, as at logout)."""
    _, first = get(events)
    session = SessionStore()
    session["anything"] = 1
    session.create()
    session.delete()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    queries, response = get(events, client)

    assert (queries, response.content) == (1, first.content)


def test_a_made_up_session_cookie_is_computed_and_stored_as_a_visitors_page(events):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up"
    cold, first = get(events, client)
    assert cold > 5

    queries, response = get(events)

    assert (queries, response.content) == (0, first.content)


def test_a_logged_in_editor_is_never_served_from_the_cache(events, admin_client):
    get(events)
    get(events, admin_client)

    with CaptureQueriesContext(connection) as context:
        response = admin_client.get(events)

    assert len(context) > 0
    assert b"wagtail-userbar" in response.content
    # Sessions are kept in the cache too (cached_db): checking one costs no query.
    assert [query for query in context if "django_session" in query["sql"]] == []


def test_a_visitor_who_unlocked_a_page_gets_it_fresh(site_tree):
    page = factories.StandardPageFactory(parent=site_tree.home, title="Internal notes")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    visitor = Client()
    form = visitor.get(page.url)
    assert b"Internal notes</h1>" not in form.content
    action = form.content.decode().split('action="')[1].split('"')[0]
    assert visitor.post(action, {"password": "x", "return_url": page.url}).status_code == 302

    queries, response = get(page.url, visitor)

    assert queries > 0
    assert b"Internal notes" in response.content
    assert b"Internal notes</h1>" not in Client().get(page.url).content


# The recording QueryDict ------------------------------------------------------------------


def watched(query_string="a=1&b=2&b=3"):
    from caching.middleware import Consulted

    return ConsultedQueryDict.watching(QueryDict(query_string), Consulted())


@pytest.mark.parametrize(
    ("read", "names"),
    [
        (lambda q: q["a"], {"a"}),
        (lambda q: q.get("a"), {"a"}),
        (lambda q: q.get("missing"), {"missing"}),
        (lambda q: q.getlist("b"), {"b"}),
        (lambda q: "c" in q, {"c"}),
        (lambda q: q.copy().get("a"), {"a"}),
        (lambda q: copy.copy(q).get("b"), {"b"}),
        (lambda q: copy.deepcopy(q)["a"], {"a"}),
    ],
)
def test_reading_a_parameter_records_its_name(read, names):
    query = watched()
    read(query)
    assert (query.consulted.names, query.consulted.everything) == (names, False)


@pytest.mark.parametrize(
    "read",
    [
        bool,
        len,
        list,
        repr,
        dict,
        lambda q: q.items(),
        lambda q: list(q.keys()),
        lambda q: list(q.values()),
        lambda q: list(q.lists()),
        lambda q: q.dict(),
        lambda q: q.urlencode(),
        lambda q: q == QueryDict("a=1"),
        lambda q: {**q},
        lambda q: q | {},
        lambda q: pickle.dumps(q),
        lambda q: q.copy().urlencode(),
        lambda q: list(reversed(q)),
    ],
)
def test_reading_which_parameters_there_are_records_everything(read):
    query = watched()
    read(query)
    assert query.consulted.everything


def test_reading_behaves_like_a_query_dict():
    query, plain = watched(), QueryDict("a=1&b=2&b=3")
    assert (query["a"], query.getlist("b"), query.get("z", "d")) == ("1", ["2", "3"], "d")
    assert (query.urlencode(), query.dict(), list(query.lists())) == (
        plain.urlencode(),
        plain.dict(),
        list(plain.lists()),
    )
    copied = query.copy()
    copied["a"] = "9"
    assert (copied["a"], query["a"]) == ("9", "1")
    with pytest.raises(AttributeError):
        query["a"] = "2"  # immutable, as request.GET is


# Attributes of QueryDict that read nothing, or change only a copy.
HARMLESS = {
    "__class__", "__class_getitem__", "__delattr__", "__dir__", "__doc__", "__format__",
    "__getattribute__", "__ge__", "__gt__", "__init__", "__init_subclass__", "__le__", "__lt__",
    "__new__", "__setattr__", "__setitem__", "__setstate__", "__str__", "__subclasshook__",
    "__hash__", "__dict__", "__module__", "__weakref__", "_assert_mutable", "_mutable",
    "_encoding", "encoding", "setlist", "clear", "fromkeys", "__annotations__",
}  # fmt: skip


def test_every_method_of_query_dict_is_accounted_for():
    """A Django upgrade that adds a way to read a QueryDict fails here until it is recorded."""
    own = {
        name
        for name, value in vars(ConsultedQueryDict).items()
        if callable(value) or isinstance(value, (classmethod, staticmethod))
    }
    missing = {name for name in dir(QueryDict) if name not in own | HARMLESS}
    assert missing == set()
