"""The RSS 2.0 and Atom news feeds: one per language, newest first, visible items only."""

import datetime
import uuid
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.feeds import MAX_ITEMS
from tests import factories
from tests.api.utils import publish, translate

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def get_response(language="en", kind="rss"):
    return Client().get(f"/{language}/news/feed/{kind}/")


def parse(response):
    assert response.status_code == 200, response.content
    return ElementTree.fromstring(response.content)


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def midnight(date):
    return datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.timezone.utc)


def guid(page, language="en"):
    return f"urn:uuid:{uuid.uuid5(page.translation_key, language)}"


@pytest.fixture
def news(site_tree):
    """Four visible English news items, created out of date order, and hidden ones dated today."""

    def item(title, slug, offset, **fields):
        return publish(
            factories.NewsPageFactory(
                parent=site_tree.news,
                title=title,
                slug=slug,
                date=day(offset),
                summary=f"Summary of {title.lower()}.",
                **fields,
            )
        )

    items = {
        "old": item("Report launched", "report-launched", -10),
        "new": item("Training held in Sibiu", "training-held", -1),
        "middle": item("Guidelines published", "guidelines", -5),
        "same_day": item("Statement", "statement", -1),
    }
    factories.NewsPageFactory(parent=site_tree.news, title="Draft", slug="draft", live=False)
    expired = item("Expired", "expired", 0)
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()
    private = item("Private", "private", 0)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    item("Unpublished", "unpublished", 0).unpublish()
    return items


NEWEST_FIRST = ["same_day", "new", "middle", "old"]


def test_rss_channel_and_items_newest_first(news):
    channel = parse(get_response()).find("channel")

    assert channel.findtext("title") == "Test site: News"
    assert channel.findtext("link") == "http://localhost/en/news/"
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [element.findtext("title") for element in items] == [
        news[name].title for name in NEWEST_FIRST
    ]
    for element, name in zip(items, NEWEST_FIRST, strict=True):
        page = news[name]
        assert element.findtext("link") == f"http://localhost/en/news/{page.slug}/"
        assert element.findtext("description") == page.summary
        assert parsedate_to_datetime(element.findtext("pubDate")) == midnight(page.date)
        assert element.findtext("guid") == guid(page)
        assert element.find("guid").get("isPermaLink") == "false"


def test_atom_feed_and_entries_newest_first(news):
    feed = parse(get_response(kind="atom"))

    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("atom:title", namespaces=ATOM) == "Test site: News"
    entries = feed.findall("atom:entry", ATOM)
    assert [entry.findtext("atom:title", namespaces=ATOM) for entry in entries] == [
        news[name].title for name in NEWEST_FIRST
    ]
    for entry, name in zip(entries, NEWEST_FIRST, strict=True):
        page = news[name]
        assert entry.find("atom:link", ATOM).get("href") == (
            f"http://localhost/en/news/{page.slug}/"
        )
        assert entry.findtext("atom:id", namespaces=ATOM) == guid(page)
        assert entry.findtext("atom:summary", namespaces=ATOM) == page.summary
        published = entry.findtext("atom:published", namespaces=ATOM)
        assert datetime.datetime.fromisoformat(published) == midnight(page.date)
        updated = entry.findtext("atom:updated", namespaces=ATOM)
        assert datetime.datetime.fromisoformat(updated) == page.last_published_at


def test_guid_survives_a_new_slug_and_title(news):
    page = news["old"]
    page.title, page.slug = "Report launched (corrected)", "report-launched-corrected"
    publish(page)

    [element] = [
        element
        for element in parse(get_response()).find("channel").findall("item")
        if element.findtext("title") == "Report launched (corrected)"
    ]

    assert element.findtext("guid") == guid(page)
    assert element.findtext("link") == "http://localhost/en/news/report-launched-corrected/"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_each_language_has_its_own_feed(site_tree, news, kind):
    translate(site_tree.home, title="Главная")
    translate(site_tree.news, title="Новости")
    russian = translate(news["new"], title="Тренинг в Сибиу", summary="Кратко.")

    response = get_response("ru", kind)
    text = response.content.decode()

    assert "Тренинг в Сибиу" in text
    assert guid(russian, "ru") in text
    assert guid(news["new"], "ru") == guid(russian, "ru") != guid(news["new"])
    assert "http://localhost/ru/news/training-held/" in text
    for page in news.values():
        assert page.title not in text
    assert "Тренинг в Сибиу" not in get_response("en", kind).content.decode()


def test_language_without_a_site_is_404(news):
    assert get_response("ru").status_code == 404


def test_feed_is_limited_to_the_latest_items(site_tree):
    for number in range(MAX_ITEMS + 1):
        factories.NewsPageFactory(parent=site_tree.news, date=day(-number), slug=f"n{number}")

    items = parse(get_response()).find("channel").findall("item")

    assert len(items) == MAX_ITEMS == 30
    assert items[-1].findtext("link") == f"http://localhost/en/news/n{MAX_ITEMS - 1}/"


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("rss", "application/rss+xml; charset=utf-8"),
        ("atom", "application/atom+xml; charset=utf-8"),
    ],
)
def test_caching_headers_and_304(news, kind, content_type):
    response = get_response(kind=kind)

    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=300, must-revalidate"
    not_modified = Client().get(f"/en/news/feed/{kind}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
