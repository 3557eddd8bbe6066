"""Link previews and search engines (issue 16): Open Graph and Twitter card tags, the
canonical URL, schema.org JSON-LD of news and publications, and the print stylesheet."""

import datetime
import importlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import clear_url_caches
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage, NewsType
from resources.models import ResourceIndexPage, ResourcePage, ResourceType
from tests import factories
from tests.helpers import get_soup, publish, translate
from thematic_areas.models import ThematicAreaIndexPage, ThematicAreaPage

OG_LOCALES = {"en": "en_GB", "ru": "ru_RU"}
ARTICLES = {EventPage, NewsPage, ResourcePage}


def head_tags(soup):
    """``{property or name: [content, …]}`` of the ``<meta>`` tags in the head, in order."""
    tags = {}
    for meta in soup.head.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            tags.setdefault(key, []).append(meta.get("content"))
    return tags


def canonical(soup):
    links = soup.head.find_all("link", rel="canonical")
    assert len(links) == 1, links
    return links[0]["href"]


def json_ld(soup):
    """The parsed JSON-LD blocks of a page."""
    return [
        json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")
    ]


# Every page type, in both languages (the demo) --------------------------------------------


PAGE_TYPES = [
    HomePage,
    StandardPage,
    ThematicAreaIndexPage,
    ThematicAreaPage,
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
]


def translated_pair(model):
    """A live English page of the type and its live Russian translation (the demo has no
    Russian news item: one is translated here, as an editor would)."""
    english = model.objects.live().filter(locale__language_code="en").order_by("path")
    for page in english:
        russian = page.get_translations().live().filter(locale__language_code="ru").first()
        if russian is not None:
            return page, russian
    page = english.first()
    return page, translate(page, "ru", title=f"{page.title} (RU)")


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_has_its_tags_in_both_languages(shared_demo_site, client, model):
    pair = translated_pair(model)
    for page, other in (pair, reversed(pair)):
        language = page.locale.language_code
        soup = get_soup(client.get(page.url))
        tags = head_tags(soup)
        url = page.get_full_url()
        assert url == f"http://{shared_demo_site.hostname}:{shared_demo_site.port}{page.url}"
        assert page.url.startswith(f"/{language}/")
        assert canonical(soup) == url
        assert tags["og:url"] == [url]
        assert tags["og:title"] == [page.seo_title or page.title]
        assert tags["og:type"] == ["article" if model in ARTICLES else "website"]
        assert tags["og:site_name"] == [shared_demo_site.site_name]
        assert tags["og:locale"] == [OG_LOCALES[language]]
        assert tags["og:locale:alternate"] == [OG_LOCALES[other.locale.language_code]]
        description = tags["og:description"][0]
        expected = page.search_description or getattr(page, "summary", "") or page.intro
        assert description == (expected or shared_demo_site.site_name)
        # Search engines read the same text, never the site's name in its place.
        assert tags.get("description", []) == ([expected] if expected else [])
        # No image in the demo: the small card, and no image tags.
        assert tags["twitter:card"] == ["summary"]
        assert "og:image" not in tags
        # The alternates name the same translation as og:locale:alternate.
        hreflang = {
            link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")
        }
        assert hreflang == {language: url, other.locale.language_code: other.get_full_url()}


def test_meta_description_falls_back_to_the_introduction(site_tree, client):
    """Listings and the home page have no summary: their introduction describes them
    (Lighthouse's SEO audit counts a page without a meta description, docs/audit.md)."""
    events = site_tree.events
    events.intro = "Trainings, conferences and meetings."
    publish(events)
    assert head_tags(get_soup(client.get(events.url)))["description"] == [events.intro]

    events.search_description = "What search engines show."
    publish(events)
    assert head_tags(get_soup(client.get(events.url)))["description"] == [events.search_description]

    home = site_tree.home
    home.intro = home.search_description = ""
    publish(home)
    assert "description" not in head_tags(get_soup(client.get(home.url)))


def test_pages_name_their_icon_so_browsers_do_not_ask_for_favicon_ico(site_tree, client):
    """Without it a browser asks for /favicon.ico, a 404 that Lighthouse counts as a
    console error against best practices (docs/audit.md)."""
    icons = get_soup(client.get(site_tree.home.url)).head.find_all("link", rel="icon")
    assert [(icon["href"], icon["type"]) for icon in icons] == [
        ("/static/img/favicon.svg", "image/svg+xml")
    ]
    response = client.get(icons[0]["href"])
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_an_untranslated_page_has_no_alternate_locale(shared_demo_site, client):
    page = next(
        page
        for page in NewsPage.objects.live().filter(locale__language_code="en")
        if not page.get_translations().exists()
    )
    tags = head_tags(get_soup(client.get(page.url)))
    assert tags["og:locale"] == ["en_GB"]
    assert "og:locale:alternate" not in tags


def test_articles_carry_their_date(shared_demo_site, client):
    for model in (NewsPage, ResourcePage):
        page = model.objects.live().filter(locale__language_code="en").first()
        tags = head_tags(get_soup(client.get(page.url)))
        assert tags["article:published_time"] == [page.date.isoformat()]


@pytest.mark.parametrize(
    "url",
    [
        "/en/news/?page=2&utm_source=newsletter",
        "/en/events/?type=training&page=1",
        "/ru/resources/?page=99",
        "/en/about-us/?fbclid=abc",
    ],
)
def test_canonical_url_has_no_query_string(shared_demo_site, client, url):
    soup = get_soup(client.get(url))
    path = url.split("?")[0]
    assert canonical(soup) == f"http://{shared_demo_site.hostname}:{shared_demo_site.port}{path}"
    assert head_tags(soup)["og:url"] == [canonical(soup)]


# The share image ------------------------------------------------------------------------


@pytest.fixture
def development_urls(settings):
    """The URLconf with renditions served, as in development (DEBUG on): the test fetches
    the og:image URL as a client would. In production the proxy serves them."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def illustrated_news(site_tree):
    image = factories.ImageFactory(
        title="Observers at a polling station", file__width=2000, file__height=1400
    )
    page = factories.NewsPageFactory(
        parent=site_tree.news,
        title="Observers deployed",
        slug="observers-deployed",
        image=image,
        date=datetime.date(2025, 5, 29),
        news_type=NewsType.PRESS_RELEASE,
        dateline="WARSAW",
        summary="The mission opens.",
    )
    return page


def test_og_image_is_an_absolute_rendition_that_answers(illustrated_news, development_urls):
    russian = translate(illustrated_news, "ru", title="Наблюдатели направлены")
    for page in (illustrated_news, russian):
        tags = head_tags(get_soup(Client().get(page.url)))
        (image_url,) = tags["og:image"]
        assert image_url.startswith("http://localhost/media/images/")
        assert ".fill-1200x630" in image_url
        assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
        assert tags["og:image:alt"] == ["Observers at a polling station"]
        assert tags["twitter:card"] == ["summary_large_image"]
        assert tags["twitter:image:alt"] == ["Observers at a polling station"]
        response = Client().get(image_url.removeprefix("http://localhost"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/")


def test_a_small_image_is_not_enlarged(site_tree, client):
    image = factories.ImageFactory(file__width=600, file__height=600)
    page = factories.EventPageFactory(parent=site_tree.events, image=image)
    tags = head_tags(get_soup(client.get(page.url)))
    width, height = int(tags["og:image:width"][0]), int(tags["og:image:height"][0])
    assert width == 600 and height in (315, 316)  # 1200:630, rounded


# JSON-LD of news and publications ---------------------------------------------------


def test_news_json_ld(illustrated_news, client):
    russian = translate(illustrated_news, "ru", title="Наблюдатели направлены", dateline="ВАРШАВА")
    for page in (illustrated_news, russian):
        (data,) = json_ld(get_soup(client.get(page.url)))
        url = page.get_full_url()
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == page.title
        assert data["url"] == data["mainEntityOfPage"] == url
        assert data["datePublished"] == "2025-05-29"
        assert data["inLanguage"] == page.locale.language_code
        assert data["dateline"] == page.dateline
        assert data["description"] == "The mission opens."
        assert data["image"]["url"].startswith("http://localhost/media/images/")
        assert (data["image"]["width"], data["image"]["height"]) == (1200, 630)
        issuer = illustrated_news.issued_by.get()
        assert data["author"] == [{"@type": "Organization", "name": issuer.name}]
    assert json_ld(get_soup(client.get(illustrated_news.url)))[0]["articleSection"] == (
        "Press release"
    )
    assert json_ld(get_soup(client.get(russian.url)))[0]["articleSection"] == "Пресс-релиз"


def test_json_ld_cannot_close_its_script_element(site_tree, client):
    page = factories.NewsPageFactory(
        parent=site_tree.news, title="</script><script>alert(1)</script>", slug="tricky"
    )
    response = client.get(page.url)
    assert b"</script><script>alert(1)" not in response.content
    (data,) = json_ld(get_soup(response))
    assert data["headline"] == "</script><script>alert(1)</script>"


@pytest.fixture
def publication(site_tree):
    publisher = factories.OrganizationFactory(name="ODIHR", url="https://www.osce.org/odihr")
    page = factories.ResourcePageFactory(
        parent=site_tree.resources,
        title="Hate crime victim support",
        slug="hate-crime-victim-support",
        date=datetime.date(2024, 11, 20),
        resource_type=ResourceType.GUIDE,
        isbn="978-92-9234-832-8",
        publisher=publisher,
        summary="A guide for police.",
    )
    page.collections.add(factories.ResourceCollectionFactory(name="Hate crime series"))
    factories.ResourceDocumentFactory(page=page, language="en", title="The guide (English)")
    private = Collection.get_first_root_node().add_child(name="Embargoed")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    factories.ResourceDocumentFactory(
        page=page,
        language="ru",
        title="Embargoed draft",
        document=factories.DocumentFactory(collection=private),
    )
    return publish(page)


def test_resource_json_ld(publication, client):
    (data,) = json_ld(get_soup(client.get(publication.url)))
    url = publication.get_full_url()
    assert data["@type"] == "Book"
    assert data["name"] == "Hate crime victim support"
    assert data["url"] == url
    assert data["datePublished"] == "2024-11-20"
    assert data["inLanguage"] == "en"
    assert data["description"] == "A guide for police."
    assert data["isbn"] == "978-92-9234-832-8"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "ODIHR",
        "url": "https://www.osce.org/odihr",
    }
    assert data["isPartOf"] == [{"@type": "CreativeWorkSeries", "name": "Hate crime series"}]
    # The file in the private collection is left out.
    (file,) = data["encoding"]
    assert file["name"] == "The guide (English)"
    assert file["inLanguage"] == "en"
    assert file["encodingFormat"] == "application/pdf"
    assert file["contentUrl"].startswith("http://localhost/documents/")
    assert "Embargoed" not in json.dumps(data)


@pytest.mark.parametrize(
    ("resource_type", "schema_type"),
    [
        (ResourceType.REPORT, "Report"),
        (ResourceType.ANNUAL_REPORT, "Report"),
        (ResourceType.FACTSHEET, "CreativeWork"),
        (ResourceType.STATEMENT, "CreativeWork"),
    ],
)
def test_resource_types_and_the_isbn_of_a_report(publication, client, resource_type, schema_type):
    publication.resource_type = resource_type
    publish(publication)
    (data,) = json_ld(get_soup(client.get(publication.url)))
    assert data["@type"] == schema_type
    assert "isbn" not in data
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "ISBN",
        "value": "978-92-9234-832-8",
    }


def test_russian_resource_json_ld(publication, client):
    russian = translate(publication, "ru", title="Поддержка жертв")
    (data,) = json_ld(get_soup(client.get(russian.url)))
    assert data["name"] == "Поддержка жертв"
    assert data["inLanguage"] == "ru"
    assert data["genre"] == "Руководство / пособие / справочник"


# Nothing from a draft or a private page ------------------------------------------------


def test_tags_show_the_live_page_not_its_draft(illustrated_news, client):
    draft_image = factories.ImageFactory(title="Unpublished photo")
    illustrated_news.title = "Draft headline"
    illustrated_news.search_description = "Draft description"
    illustrated_news.image = draft_image
    illustrated_news.save_revision()  # not published
    response = client.get(illustrated_news.url)
    tags = head_tags(get_soup(response))
    assert tags["og:title"] == ["Observers deployed"]
    assert tags["og:description"] == ["The mission opens."]
    assert tags["og:image:alt"] == ["Observers at a polling station"]
    assert b"Draft" not in response.content and b"Unpublished photo" not in response.content


def test_draft_private_and_expired_translations_are_neither_advertised_nor_offered(
    site_tree, client
):
    page = factories.StandardPageFactory(parent=site_tree.home, slug="mandate", title="Mandate")
    russian = translate(page, "ru", title="Мандат")
    russian.unpublish()
    tags = head_tags(get_soup(client.get(page.url)))
    assert "og:locale:alternate" not in tags

    publish(russian)
    soup = get_soup(client.get(page.url))
    assert head_tags(soup)["og:locale:alternate"] == ["ru_RU"]
    assert soup.select_one(".language-switcher a[hreflang=ru]")["href"] == russian.url

    restriction = PageViewRestriction.objects.create(
        page=russian, restriction_type="password", password="secret"
    )
    soup = get_soup(client.get(page.url))
    assert "og:locale:alternate" not in head_tags(soup)
    assert not soup.find("link", hreflang="ru")
    restriction.delete()

    Page.objects.filter(pk=russian.pk).update(
        expire_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    soup = get_soup(client.get(page.url))
    assert "og:locale:alternate" not in head_tags(soup)
    assert not soup.find("link", hreflang="ru")
    # Nor offered by the language switcher: an expired page answers 404.
    assert not soup.select(".language-switcher a[hreflang=ru]")


def test_a_private_page_shows_none_of_its_data_before_the_password(illustrated_news, client):
    PageViewRestriction.objects.create(
        page=illustrated_news, restriction_type="password", password="secret"
    )
    response = client.get(illustrated_news.url)
    assert response.status_code == 200  # the password form
    assert b"og:" not in response.content
    assert b"ld+json" not in response.content
    assert b"Observers" not in response.content and b"mission opens" not in response.content


# The print stylesheet --------------------------------------------------------------------

PRINT_CSS = Path(django_settings.BASE_DIR) / "core" / "static" / "css" / "print.css"


def test_event_and_resource_pages_link_the_print_stylesheet(site_tree, publication, client):
    event = factories.EventPageFactory(parent=site_tree.events)
    for page in (event, publication):
        soup = get_soup(client.get(page.url))
        links = soup.head.find_all("link", rel="stylesheet")
        assert [link.get("media") for link in links] == [None, "print"]
        assert links[1]["href"] == "/static/css/print.css"


def test_print_stylesheet_hides_navigation_and_shows_link_addresses():
    css = PRINT_CSS.read_text()
    hidden = re.search(r"\*/\s*([^{}]*)\{\s*display: none !important;", css).group(1)
    for selector in (".main-menu", ".language-switcher", ".site-footer__links", ".skip-link"):
        assert selector in hidden
    assert 'content: " (" attr(href) ")"' in css
    # Only absolute links and the site's own paths: in-page anchors (#…) start with neither.
    assert 'a[href^="http"]::after' in css and 'a[href^="/"]:not([href^="//"])::after' in css
