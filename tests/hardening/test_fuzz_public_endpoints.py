"""Every public endpoint answers malformed input with 4xx, never 5xx.

Hypothesis sends each endpoint arbitrary parameters: its own names and made-up ones,
repeated, with values of any text (control characters, unicode, invalid UTF-8),
huge and negative numbers and strings that look almost right (dates, orderings,
field lists, integers past 64 bits, the rich text formats). Two kinds of input are not
left to chance: an integer past 64 bits goes to every parameter and path id of every
endpoint, and every page goes through the Markdown formats, with rich text holding line
breaks and images. Schemathesis (tests/api/test_openapi_schema.py) covers the API from
its OpenAPI document; this covers the pages and feeds as well, and names it never lists.
Run it on PostgreSQL too (DATABASE_URL): it refuses input SQLite accepts.
"""

import json
import os
import urllib.parse

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site, get_page_models

from api.views import SitePagesAPIViewSet
from events.api import EventsAPIViewSet
from events.models import EventPage
from home.models import StandardPage
from search.api import KNOWN_PARAMETERS as SEARCH_PARAMETERS
from tests import factories
from tests.helpers import publish

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
    "/api/v2/changes/": ["since", "locale", "limit"],
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

# Integers just inside and past 64 bits, and far past: SQLite raised OverflowError for
# 9223372036854775808 wherever a lookup went through a relation. "²" passes
# str.isdigit() and fails int().
PAST_64_BITS = str(2**63)
BIG_NUMBERS = [str(2**63 - 1), PAST_64_BITS, str(2**64), str(-(2**63) - 1), str(10**40)]
RICH_TEXT_FORMATS = ["html", "db_html", "markdown", "db_markdown"]

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
    "²",
    "١٢",
    *BIG_NUMBERS,
    *RICH_TEXT_FORMATS,
]

text_values = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80
)  # any code point UTF-8 can carry, control characters included
number_values = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str), st.sampled_from(BIG_NUMBERS)
)
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


# Rich text as the editor stores it (line breaks as <br/>), as imports leave it (a bare
# <img>), and with Wagtail's image embeds: the demo content has none of the first two,
# and each made the Markdown formats answer 500.
AWKWARD_RICH_TEXT = (
    '<p data-block-key="a1">First line<br/>second line</p>'
    '<p data-block-key="a2">A chart <img src="/media/chart.png" alt="Votes"> imported.</p>'
    '<embed embedtype="image" id="{image}" format="left" alt="A map"/>'
)


@pytest.fixture(scope="module", autouse=True)
def _awkward_rich_text(_demo_content_for_module, django_db_blocker, media_dir):
    """A page and an event of the demo site with that rich text, for every test here."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_dir):
        home = Site.objects.get(is_default_site=True).root_page
        html = AWKWARD_RICH_TEXT.format(image=factories.ImageFactory().pk)
        page = publish(factories.StandardPageFactory(parent=home, slug="awkward-rich-text"))
        StandardPage.objects.filter(pk=page.pk).update(
            body=json.dumps([{"type": "paragraph", "value": html, "id": "p1"}])
        )
        event = EventPage.objects.live().first()
        EventPage.objects.filter(pk=event.pk).update(
            body=json.dumps(
                [{"type": "about", "value": {"heading": "About", "text": html}, "id": "s1"}]
            ),
        )


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


@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_every_parameter_takes_an_integer_past_64_bits(path, shared_demo_site, fuzz_client):
    """Each parameter the endpoint knows, with the first integer past 64 bits: every one,
    not left to the random examples above. Non-numeric parameters must refuse it too."""
    statuses = {
        name: fuzz_client.get(path, {name: PAST_64_BITS}).status_code for name in ENDPOINTS[path]
    }

    assert {name: status for name, status in statuses.items() if status >= 500} == {}


@pytest.mark.parametrize("rich_text_format", ["markdown", "db_markdown"])
def test_markdown_formats_render_every_page(rich_text_format, shared_demo_site, fuzz_client):
    """Every field of every visible page, listed type by type, in the Markdown formats (the
    HTML ones are what every other API test reads)."""
    listings = [
        ("/api/v2/pages/", {"type": model._meta.label})
        for model in get_page_models()
        if model is not Page
    ]
    listings.append(("/api/v2/events/", {}))
    statuses = {
        f"{path} {params}": fuzz_client.get(
            path, {**params, "fields": "*", "limit": 100, "rich_text_format": rich_text_format}
        ).status_code
        for path, params in listings
    }

    assert {listing: status for listing, status in statuses.items() if status != 200} == {}


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
    st.sampled_from(
        ALMOST_RIGHT + ["1", "999999999999999999999", "1.ics", "rss", "atom", f"{PAST_64_BITS}.ics"]
    ),
    text_values.filter(bool),
    raw_bytes(),
)


def test_every_id_in_a_path_takes_an_integer_past_64_bits(shared_demo_site, fuzz_client):
    paths = [
        f"{prefix}{PAST_64_BITS}{ending}"
        for prefix in PATH_PREFIXES
        for ending in ("/", ".ics", "/file.pdf")
    ]
    statuses = {path: fuzz_client.get(path).status_code for path in paths}

    assert {path: status for path, status in statuses.items() if status >= 500} == {}


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
    # The test client reads a leading "//" as a host name (and "//x%[" as a broken one).
    path = "/" + path.lstrip("/")
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
