"""Helpers of the search tests: the search page and API as a visitor and a client use them."""

import json

from django.test import Client
from django.utils.text import slugify

from tests import helpers
from tests.helpers import get_soup, publish, text_of  # noqa: F401

SEED_TITLE = (
    "Joint Training Against Hate Crimes for Civil Society Representatives and Law Enforcement"
)
SEED_TITLE_RU = (
    "Совместный тренинг по противодействию преступлениям на почве ненависти для "
    "представителей гражданского общества и правоохранительных органов"
)
EXAMPLE_QUERIES = ["Sibiu", "ACCEPT", "Tolerance and non-discrimination"]

# Query strings of every shape a visitor or a client may send.
HOSTILE_QUERIES = [
    '"',
    '""',
    '"hate crime',
    'hate "crime',
    "'",
    "it's",
    "AND",
    "OR",
    "NOT",
    "hate AND crime",
    "hate OR",
    "OR hate",
    "NOT hate",
    "hate NOT",
    "-",
    "--",
    "-hate",
    "- -",
    "*",
    "hate*",
    "*hate",
    "(",
    ")",
    "((hate)",
    "hate)",
    "(hate OR crime) AND NOT (police",
    ":",
    "title:hate",
    "hate:*",
    "!hate",
    "&",
    "|",
    "&&",
    "||",
    "\\",
    "\\'",
    "%",
    "_",
    "^hate",
    "{title body}: hate",
    "NEAR(hate crime)",
    "'; DROP TABLE wagtailcore_page; --",
    "<script>alert(1)</script>",
    "&lt;b&gt;",
    "hate\tcrime\n",
    "\x01\x02\x1b[31m",
    "\x7f",
    "\u200b\u200e\u202e",
    "🔥 hate",
    "\ufffd",
    "a" * 10_000,
    "hate " * 2_000,
    "x" * 300 + " hate",
]


def search_page(language="en", **params):
    """The search page's response for ``params`` (``q``, ``type``, ``area``, ``year``, ``page``)."""
    return Client().get(f"/{language}/search/", params)


def result_titles(response):
    """The titles of the results listed, promoted ones first, in order."""
    soup = get_soup(response)
    return [text_of(link) for link in soup.select(".search-results li h2 a")]


def api(path, **params):
    """The JSON of ``/api/v2/<path>`` with ``params``, and its status code."""
    response = Client().get(f"/api/v2/{path}", params)
    return response.status_code, json.loads(response.content)


def api_titles(path, **params):
    status, body = api(path, **params)
    assert status == 200, body
    return [item["title"] for item in body["items"]]


def translate(page, language_code="ru", **changes):
    """``tests.helpers.translate``, with the slug made from a new title as the admin does."""
    if "title" in changes:
        changes.setdefault("slug", slugify(changes["title"]) or page.slug)
    return helpers.translate(page, language_code, **changes)
