"""The demo's news and resources carry the types and file languages they state (issue 14)."""

from django.test import Client

from demo.catalogue import PUBLICATIONS
from news.models import NewsPage
from resources.models import ResourcePage


def test_demo_publications_have_their_type_and_a_file_per_language(shared_demo_site):
    catalogue = {item["title"]: item for item in PUBLICATIONS}
    english = ResourcePage.objects.filter(locale__language_code="en")
    assert english.count() >= 12
    for resource in english:
        item = catalogue[resource.title]
        assert resource.resource_type == item["resource_type"].replace("_", "-"), resource.title
        assert [file.language for file in resource.documents.all()] == item["file_languages"]


def test_every_demo_file_has_a_language_in_the_api(shared_demo_site):
    items = Client().get("/api/v2/resources/", {"locale": "en", "limit": 50}).json()["items"]
    assert len(items) == ResourcePage.objects.filter(locale__language_code="en").count()
    languages = set()
    for item in items:
        assert item["documents"]
        for document in item["documents"]:
            languages.add(document["language"]["code"])
    assert languages == {"en", "ru"}


def test_demo_news_are_listed_by_the_news_endpoint(shared_demo_site):
    response = Client().get("/api/v2/news/", {"locale": "en", "limit": 50})
    assert response.status_code == 200
    assert (
        response.json()["meta"]["total_count"]
        == NewsPage.objects.filter(locale__language_code="en", live=True).count()
        >= 12
    )
    assert {item["news_type"]["slug"] for item in response.json()["items"]} == {
        "news-item",
        "press-release",
        "media-advisory",
        "press-statement",
    }
