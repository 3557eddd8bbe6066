"""Every public endpoint answers malformed input with 4xx, never 5xx.

Hypothesis sends each endpoint arbitrary parameters: its own names and made-up ones,
repeated, with values of any text (control characters, unicode, invalid UTF-8),
huge and negative numbers and strings that look almost right (dates, orderings,
field lists). Schemathesis (tests/api/test_openapi_schema.py) covers the API from its
OpenAPI document; this covers the pages and feeds as well, and names it never lists.
Run it on PostgreSQL too (DATABASE_URL): it refuses input SQLite accepts.
"""

import os
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.api import EventsAPIViewSet
from home.api import SitePagesAPIViewSet
from search.api import KNOWN_PARAMETERS as SEARCH_PARAMETERS

# FUZZ_EXAMPLES=500 explores further, with fresh random examples on each run; by
# default the examples are few and the same on every run, so the suite stays quick.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 60))
DERANDOMIZE = "FUZZ_EXAMPLES" not in os.environ

# Parameter names each endpoint understands, besides Wagtail's field filters.
PAGE_FIELDS = ["id", "title", "slug", "show_in_menus", "alias_of", "seo_title", "html_path"]
ENDPOINTS = {
    "/api/v2/pages/": sorted(SitePagesAPIViewSet.known_query_parameters) + PAGE_FIELDS,
    "/api/v2/pages/find/": ["html_path", "id", "locale", "site", "fields"],
    "/api/v2/events/": sorted(EventsAPIViewSet.known_query_parameters) + PAGE_FIELDS,
    "/api/v2/navigation/": ["locale", "site"],
    "/api/v2/search/": sorted(SEARCH_PARAMETERS),
    "/api/v2/images/": ["limit", "offset", "order", "fields", "search", "title", "id", "tags"],
    "/api/v2/documents/": ["limit", "offset", "order", "fields", "search", "title", "id"],
    "/api/v2/redirects/": ["limit", "offset", "order", "fields", "html_path", "old_path"],
    "/en/search/": ["q", "type", "area", "year", "page"],
    "/ru/search/": ["q", "type", "area", "year", "page"],
    "/en/events/": ["type", "area", "year", "page"],
    "/ru/events/": ["type", "area", "year", "page"],
    "/en/news/": ["page", "year"],
    "/feeds/events.ics": sorted(EventsAPIViewSet.known_query_parameters),
    "/en/news/feed/rss/": ["page", "q"],
    "/ru/news/feed/atom/": ["page", "q"],
}

ALMOST_RIGHT = [
    "",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "true",
    "yes",
    "en",
    "ru",
    "xx",
    "zh-hans",
    "*",
    "_",
    "-",
    "id",
    "-id",
    "random",
    "title,-id",
    "*,-title",
    "body(*)",
    "meta(a,b",
    "2025-05-27",
    "2025-13-45",
    "0000-01-01",
    "9999-12-31",
    "2025-05-27T10:00",
    "training",
    "hate-crime",
    "events.EventPage",
    "wagtailcore.Page",
    "nope.Nope",
    "/en/events/",
    "../../etc/passwd",
    '"unclosed phrase',
    "a OR OR b",
    "-",
    "NEAR(",
    "* AND",
    "'; DROP TABLE x; --",
    "%00",
    "\x00",
    "\u202e\u0000\ufeff",
    "Совместный тренинг",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "a" * 5000,
]

text_values = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80
)  # any code point UTF-8 can carry, control characters included
number_values = st.integers(min_value=-(10**40), max_value=10**40).map(str)
values = st.one_of(st.sampled_from(ALMOST_RIGHT), text_values, number_values)


def encoded(text):
    return urllib.parse.quote(text, safe="")


def raw_bytes():
    """Percent-encoded bytes, so invalid UTF-8 such as ``%FF`` reaches the server too."""
    return st.binary(max_size=20).map(lambda data: urllib.parse.quote_from_bytes(data, safe=""))


def query_strings(names):
    name = st.one_of(st.sampled_from(names), text_values.filter(bool))
    pair = st.one_of(
        st.tuples(name.map(encoded), values.map(encoded)),
        st.tuples(st.sampled_from(names), raw_bytes()),
    )
    return st.lists(pair, max_size=6).map(
        # Each pair twice now and then: repeated parameters.
        lambda pairs: "&".join(f"{key}={value}" for key, value in pairs + pairs[: len(pairs) // 3])
    )


@pytest.fixture
def fuzz_client(client):
    """A client that reports a server error as a response, as a visitor would see it."""
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_malformed_query_strings_never_cause_a_server_error(path, shared_demo_site, fuzz_client):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=query_strings(ENDPOINTS[path]))
    def check(query):
        response = fuzz_client.get(f"{path}?{query}")
        assert response.status_code < 500, f"{response.status_code} for {path}?{query}"

    check()


PATH_PREFIXES = [
    "/",
    "/en/",
    "/ru/",
    "/xx/",
    "/en/events/",
    "/ru/events/",
    "/en/news/",
    "/en/news/feed/",
    "/en/search/",
    "/feeds/events/",
    "/api/v2/pages/",
    "/api/v2/events/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/documents/",
    "/documents/1/",
]
segments = st.one_of(
    st.sampled_from(ALMOST_RIGHT + ["1", "999999999999999999999", "1.ics", "rss", "atom"]),
    text_values.filter(bool),
    raw_bytes(),
)


@settings(
    max_examples=EXAMPLES * 4,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(PATH_PREFIXES),
    parts=st.lists(segments, min_size=1, max_size=3),
    slash=st.booleans(),
)
def test_malformed_paths_never_cause_a_server_error(
    prefix, parts, slash, shared_demo_site, fuzz_client
):
    path = (
        prefix
        + "/".join(part if "%" in part else encoded(part) for part in parts)
        + ("/" if slash else "")
    )
    response = fuzz_client.get(path)
    assert response.status_code < 500, f"{response.status_code} for {path}"


def as_header(text):
    """Header values travel as bytes, which the WSGI server hands on as Latin-1 text."""
    return text.encode().decode("latin-1")


header_values = (
    st.one_of(st.sampled_from(ALMOST_RIGHT), text_values)
    .map(as_header)
    .filter(lambda text: "\r" not in text and "\n" not in text)
)


@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(["/", "/en/", "/ru/events/", "/api/v2/pages/", "/feeds/events.ics"]),
    language=header_values,
    cookie=header_values.filter(lambda text: ";" not in text),
)
def test_malformed_language_headers_never_cause_a_server_error(
    path, language, cookie, shared_demo_site, fuzz_client
):
    fuzz_client.cookies["django_language"] = cookie
    response = fuzz_client.get(
        path,
        headers={
            "accept-language": language,
            "if-none-match": language,
            "if-modified-since": cookie,
        },
    )
    assert response.status_code < 500, f"{response.status_code} for {path} with {language!r}"
