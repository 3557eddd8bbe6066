"""/sitemap.xml lists every visible page in every language with its hreflang alternates;
/robots.txt keeps crawlers out of the admin and the preview API and points at the sitemap."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from tests import factories
from tests.helpers import publish, translate

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://localhost"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urls = {}
    for url in ET.fromstring(response.content).findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        urls[url.find("s:loc", NS).text] = {
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", NS)
                if link.get("rel") == "alternate"
            },
        }
    return urls


@pytest.fixture
def tree(site_tree):
    """The site tree with Russian home and "About us", and pages no sitemap may list."""
    translate(site_tree.home, "ru")
    translate(site_tree.about, "ru", title="О нас", slug="o-nas")
    private = factories.StandardPageFactory(parent=site_tree.home, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    members = factories.StandardPageFactory(parent=site_tree.about, slug="members")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    draft = factories.StandardPageFactory(parent=site_tree.home, slug="draft")
    draft.unpublish()
    expired = factories.StandardPageFactory(parent=site_tree.home, slug="expired")
    expired.expire_at = timezone.now() - datetime.timedelta(hours=1)
    publish(expired)
    return site_tree


def test_lists_every_visible_page_in_every_language(tree, client):
    urls = sitemap(client)
    english = {
        f"{BASE}/en/",
        f"{BASE}/en/about-us/",
        f"{BASE}/en/our-work/",
        f"{BASE}/en/our-work/elections/",
        f"{BASE}/en/our-work/civil-society/",
        f"{BASE}/en/our-work/hate-crime/",
        f"{BASE}/en/news/",
        f"{BASE}/en/events/",
        f"{BASE}/en/resources/",
    }
    assert set(urls) == english | {f"{BASE}/ru/", f"{BASE}/ru/o-nas/"}


def test_each_url_names_its_translations_and_a_default(tree, client):
    urls = sitemap(client)
    about = {"en": f"{BASE}/en/about-us/", "ru": f"{BASE}/ru/o-nas/"}
    expected = about | {"x-default": about["en"]}
    assert urls[about["en"]]["alternates"] == expected
    assert urls[about["ru"]]["alternates"] == expected
    # A page without a translation still names itself and the default.
    assert urls[f"{BASE}/en/news/"]["alternates"] == {
        "en": f"{BASE}/en/news/",
        "x-default": f"{BASE}/en/news/",
    }


def test_lastmod_is_the_last_publication(tree, client):
    publish(tree.about)
    urls = sitemap(client)
    assert (
        urls[f"{BASE}/en/about-us/"]["lastmod"] == tree.about.last_published_at.date().isoformat()
    )


def test_an_unpublished_translation_drops_out_of_the_alternates(tree, client):
    tree.about.get_translation(Locale.objects.get(language_code="ru")).unpublish()
    urls = sitemap(client)
    assert f"{BASE}/ru/o-nas/" not in urls
    assert urls[f"{BASE}/en/about-us/"]["alternates"] == {
        "en": f"{BASE}/en/about-us/",
        "x-default": f"{BASE}/en/about-us/",
    }


def test_demo_site_sitemap_has_both_languages(shared_demo_site, client):
    urls = sitemap(client)
    seed = [url for url in urls if "/en/events/joint-training" in url]
    assert len(seed) == 1
    alternates = urls[seed[0]]["alternates"]
    assert set(alternates) == {"en", "ru", "x-default"}
    assert alternates["ru"] in urls
    assert sum("/ru/" in url for url in urls) >= 24  # home, menu pages, 22 areas, the event


def test_robots_txt(site_tree, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/v2/preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_names_the_sitemap_over_https_behind_a_proxy(site_tree, client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(
        "/robots.txt", headers={"x-forwarded-proto": "https"}, HTTP_HOST="example.org"
    )
    assert "Sitemap: https://example.org/sitemap.xml" in response.text.splitlines()


def test_aliases_are_left_out(site_tree, client):
    """Translating an area before its parent makes the parent an alias in Russian: its
    content is the English page's, so only the real translations are listed."""
    translate(site_tree.home, "ru")
    area_ru = translate(site_tree.areas[0], "ru", title="Выборы")
    parent_ru = area_ru.get_parent()
    urls = sitemap(client)
    area_url = f"{BASE}/ru/{parent_ru.slug}/elections/"
    assert parent_ru.alias_of_id == site_tree.our_work.pk
    assert area_url in urls
    assert f"{BASE}/ru/{parent_ru.slug}/" not in urls
    assert urls[f"{BASE}/en/our-work/"]["alternates"] == {
        "en": f"{BASE}/en/our-work/",
        "x-default": f"{BASE}/en/our-work/",
    }
