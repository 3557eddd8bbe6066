"""A null character anywhere in a URL is a 400 (config.middleware), on every database.

On PostgreSQL each of these was a 500 ("text fields cannot contain NUL bytes"),
found by test_fuzz_public_endpoints.py.
"""

import pytest

API_URLS = {
    "/api/v2/navigation/?locale=%00": "locale",
    "/api/v2/pages/find/?html_path=%00": "html_path",
    "/api/v2/pages/find/?html_path=&html_path=%00": "html_path",
    "/api/v2/pages/?slug=%00": "slug",
    "/api/v2/events/?event_type=a%00b": "event_type",
    "/api/v2/pages/?%00=1": "parameter names",
    "/api/v2/pages%00/": "the path",
}
PAGE_URLS = [
    "/en/events/?type=%00",
    "/ru/search/?q=a%00",
    "/en/about-us%00/",
    "/feeds/events.ics?locale=%00",
]


@pytest.mark.parametrize("url, where", API_URLS.items())
def test_api_answers_json_400(site_tree, client, url, where):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {"message": f"null characters are not allowed in {where}"}


@pytest.mark.parametrize("url", PAGE_URLS)
def test_pages_and_feeds_answer_400(site_tree, client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"null characters" in response.content


def test_urls_without_null_characters_are_untouched(site_tree, client):
    assert client.get("/en/about-us/").status_code == 200
    assert client.get("/api/v2/navigation/?locale=ru").status_code == 200
