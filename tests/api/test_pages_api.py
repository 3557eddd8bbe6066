"""The pages endpoint: payload shape of every page type, resolved content, find, errors."""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from events.models import EventOrganizer, EventRelatedPage
from tests import factories
from tests.api.utils import make_document, make_image, translate

LISTING_URL = "/api/v2/pages/"

# meta of a listing item by default, with ?fields=*, and of a detail.
LISTING_META = {"type", "detail_url", "html_url", "slug", "first_published_at", "locale"}
LISTING_ALL_META = LISTING_META | {"show_in_menus", "seo_title", "search_description", "alias_of"}
DETAIL_META = LISTING_ALL_META | {"parent", "translations", "breadcrumbs"}

PAGE = {"id", "meta", "title"}
DATED = PAGE | {"date", "summary", "image", "thematic_areas", "body"}
DETAIL_KEYS = {
    "home": PAGE | {"intro", "body"},
    "about": PAGE | {"intro", "summary", "image", "body"},
    "our_work": PAGE | {"intro"},
    "area": PAGE | {"intro", "image", "body"},
    "news": PAGE | {"intro"},
    "news_item": DATED | {"news_type", "dateline", "contacts", "issued_by", "fields_of_work"},
    "resources": PAGE | {"intro"},
    "resource": DATED
    | {"resource_type", "publisher", "isbn", "documents", "collections", "fields_of_work"},
    "events": PAGE | {"intro"},
    "event": PAGE
    | {
        "event_type",
        "start_date",
        "end_date",
        "start",
        "end",
        "time_zone",
        "all_day",
        "attendance",
        "online",
        "venue",
        "city",
        "country",
        "location_label",
        "place",
        "registration",
        "working_languages",
        "interpretation",
        "livestream_url",
        "recording_url",
        "organizers",
        "organized_by",
        "main_event",
        "side_events",
        "related_pages",
        "source",
        "fields_of_work",
        "thematic_areas",
        "summary",
        "image",
        "body",
        "contacts",
    },
}
PAGE_TYPES = {
    "home": "home.HomePage",
    "about": "home.StandardPage",
    "our_work": "thematic_areas.ThematicAreaIndexPage",
    "area": "thematic_areas.ThematicAreaPage",
    "news": "news.NewsIndexPage",
    "news_item": "news.NewsPage",
    "resources": "resources.ResourceIndexPage",
    "resource": "resources.ResourcePage",
    "events": "events.EventIndexPage",
    "event": "events.EventPage",
}


def get_response(**params):
    return Client().get(LISTING_URL, params)


def get_detail(page_id, **params):
    return Client().get(f"{LISTING_URL}{page_id}/", params)


def get_find(**params):
    return Client().get(f"{LISTING_URL}find/", params)


def page_link(page_id):
    return f'<a linktype="page" id="{page_id}">'


@pytest.fixture
def content(site_tree):
    """One page of every type, each with the content its type carries."""
    about, hate_crime = site_tree.about, site_tree.areas[2]
    lead = make_image("Training room", "Participants at a training", size=(2000, 1200))
    figure = make_image("Round table", "Experts around a table", size=(1000, 1000))
    body = json.dumps(
        [
            {
                "type": "paragraph",
                "value": f"<p>Read {page_link(about.pk)}about the institution</a>.</p>",
            },
            {
                "type": "image",
                "value": {
                    "image": figure.pk,
                    "alt_text": "",
                    "caption": "Experts met in Vienna",
                    "attribution": "Photo: ODIHR",
                },
            },
        ]
    )
    event = factories.EventPageFactory(
        parent=site_tree.events,
        title="Joint training against hate crimes",
        slug="joint-training",
        event_type=factories.EventTypeFactory(name="Training", slug="training"),
        source=factories.OrganizationFactory(
            name="OSCE Office for Democratic Institutions and Human Rights",
            slug="odihr",
            acronym="ODIHR",
            url="https://www.osce.org/odihr",
        ),
        fields_of_work=[
            factories.FieldOfWorkFactory(
                name="Tolerance and non-discrimination", slug="tolerance-and-non-discrimination"
            )
        ],
        thematic_areas=[hate_crime],
        image=lead,
        body=json.dumps(
            [
                {
                    "type": "about",
                    "value": {
                        "heading": "About",
                        "text": f"<p>See {page_link(hate_crime.pk)}hate crime</a>.</p>",
                    },
                },
                {
                    "type": "image",
                    "value": {
                        "image": figure.pk,
                        "alt_text": "Trainers and police officers",
                        "caption": "",
                        "attribution": "",
                    },
                },
            ]
        ),
    )
    news_item = factories.NewsPageFactory(
        parent=site_tree.news, slug="report-launched", thematic_areas=[hate_crime]
    )
    resource = factories.ResourcePageFactory(
        parent=site_tree.resources, slug="hate-crime-report", thematic_areas=[hate_crime]
    )
    resource.documents.create(document=make_document(), language="en", title="Full report")
    resource.save()
    EventOrganizer.objects.create(page=event, organization=event.source, role="organizer")
    EventOrganizer.objects.create(
        page=event,
        organization=factories.OrganizationFactory(name="ACCEPT", slug="accept"),
        role="in-cooperation-with",
    )
    EventRelatedPage.objects.create(page=event, related=resource, sort_order=0)
    EventRelatedPage.objects.create(page=event, related=news_item, sort_order=1)
    site_tree.about.body = body
    site_tree.about.save()
    return {
        "home": site_tree.home,
        "about": site_tree.about,
        "our_work": site_tree.our_work,
        "area": hate_crime,
        "news": site_tree.news,
        "news_item": news_item,
        "resources": site_tree.resources,
        "resource": resource,
        "events": site_tree.events,
        "event": event,
        "lead": lead,
        "figure": figure,
    }


def assert_renditions(representation, image, media_root, sizes):
    """``representation`` is ``image`` with alt text and real rendition files of these sizes."""
    assert set(representation) == {"id", "title", "alt", "width", "height", "renditions"}
    assert representation["id"] == image.pk
    assert representation["title"] == image.title
    assert (representation["width"], representation["height"]) == (image.width, image.height)
    assert set(representation["renditions"]) == set(sizes)
    for name, (spec, width, height) in sizes.items():
        rendition = representation["renditions"][name]
        assert set(rendition) == {"url", "width", "height"}
        assert (rendition["width"], rendition["height"]) == (width, height)
        assert re.fullmatch(rf"/media/images/[-\w]+(\.\w+)?\.{spec}\.png", rendition["url"])
        assert (media_root / rendition["url"].removeprefix("/media/")).is_file()


@pytest.mark.parametrize("name", sorted(DETAIL_KEYS))
def test_detail_has_every_content_field_and_full_meta(content, name):
    response = get_detail(content[name].pk)

    assert response.status_code == 200
    data = response.json()
    assert set(data) == DETAIL_KEYS[name]
    assert set(data["meta"]) == DETAIL_META
    assert data["meta"]["type"] == PAGE_TYPES[name]
    assert data["meta"]["locale"] == "en"


def test_listing_meta_has_no_translations_or_breadcrumbs(content):
    default = get_response().json()["items"]
    everything = get_response(fields="*").json()["items"]

    assert len(default) == len(everything) == 12
    assert all(set(item["meta"]) == LISTING_META for item in default)
    assert all(set(item["meta"]) == LISTING_ALL_META for item in everything)


@pytest.mark.parametrize(
    "field", ["translations", "breadcrumbs", "parent", "main_event", "side_events", "related_pages"]
)
def test_detail_only_meta_cannot_be_requested_in_listing(content, field):
    response = get_response(fields=field)

    assert response.status_code == 400
    assert response.json() == {"message": f"unknown fields: {field}"}


def test_type_listing_with_all_fields_has_detail_content_without_detail_meta(content):
    response = get_response(type="events.EventPage", fields="*")

    [item] = response.json()["items"]
    # An event's series and related pages cost a query per page: details only.
    assert set(item) == DETAIL_KEYS["event"] - {"main_event", "side_events", "related_pages"}
    assert set(item["meta"]) == LISTING_ALL_META


def test_meta_translations_and_breadcrumbs(content):
    event = content["event"]
    translate(content["home"], title="Главная")
    translate(content["events"], title="Мероприятия")
    russian = translate(event, title="Совместный тренинг")

    english_meta = get_detail(event.pk).json()["meta"]
    russian_meta = get_detail(russian.pk).json()["meta"]

    assert english_meta["translations"] == [
        {
            "locale": "ru",
            "id": russian.pk,
            "title": "Совместный тренинг",
            "html_url": "http://localhost/ru/events/joint-training/",
        }
    ]
    assert russian_meta["locale"] == "ru"
    assert russian_meta["translations"] == [
        {
            "locale": "en",
            "id": event.pk,
            "title": "Joint training against hate crimes",
            "html_url": "http://localhost/en/events/joint-training/",
        }
    ]
    home, events = content["home"], content["events"]
    assert english_meta["breadcrumbs"] == [
        {"id": home.pk, "title": "Home", "url": "/en/"},
        {"id": events.pk, "title": "Events", "url": "/en/events/"},
    ]
    assert [crumb["url"] for crumb in russian_meta["breadcrumbs"]] == ["/ru/", "/ru/events/"]
    assert get_detail(home.pk).json()["meta"]["breadcrumbs"] == []


def test_meta_translations_leave_out_a_language_whose_home_is_a_draft(content):
    """Its pages answer 404 (Wagtail routes the language through the default one), so the
    API must not send clients there, as the page's hreflang links do not."""
    event = content["event"]
    russian_home = translate(content["home"], title="Главная")
    translate(content["events"], title="Мероприятия")
    russian = translate(event, title="Совместный тренинг")
    assert [t["id"] for t in get_detail(event.pk).json()["meta"]["translations"]] == [russian.pk]

    russian_home.unpublish()

    assert get_detail(event.pk).json()["meta"]["translations"] == []


def test_organizers_are_terms_with_roles_and_one_line(content):
    event = get_detail(content["event"].pk).json()

    assert [
        (row["organization"]["acronym"], row["organization"]["slug"], row["role"])
        for row in event["organizers"]
    ] == [
        ("ODIHR", "odihr", {"slug": "organizer", "name": "Organizer"}),
        ("", "accept", {"slug": "in-cooperation-with", "name": "In co-operation with"}),
    ]
    assert event["organized_by"] == (
        "Organized by OSCE Office for Democratic Institutions and Human Rights, "
        "in co-operation with ACCEPT"
    )


def test_related_pages_in_order_with_their_types(content):
    related = get_detail(content["event"].pk).json()["related_pages"]

    assert [(item["id"], item["type"]) for item in related] == [
        (content["resource"].pk, "resources.ResourcePage"),
        (content["news_item"].pk, "news.NewsPage"),
    ]
    assert related[0]["url"] == "/en/resources/hate-crime-report/"


def test_the_detail_reads_the_related_pages_links_without_their_page_rows(content):
    """For one page a prefetch saves no query: the links are read as ids and translation
    keys, and only the visible pages in full (joining every link's page row cost three
    times as much to compile, for columns nothing read)."""
    with CaptureQueriesContext(connection) as context:
        related = get_detail(content["event"].pk).json()["related_pages"]

    assert [item["id"] for item in related] == [content["resource"].pk, content["news_item"].pk]
    links = [q["sql"] for q in context if 'FROM "events_eventrelatedpage"' in q["sql"]]
    assert len(links) == 1
    assert '"wagtailcore_page"."title"' not in links[0].split(" FROM ")[0]


def test_the_detail_reads_its_page_without_ordering_it(content):
    """One row by its id needs no ORDER BY (``core.querysets.one_or_none``): compiling the
    tree order through the page type's parent link took a third of the query's compiling."""
    with CaptureQueriesContext(connection) as context:
        assert get_detail(content["event"].pk).json()["id"] == content["event"].pk

    by_id = f'"events_eventpage"."page_ptr_id" = {content["event"].pk} '
    reads = [q["sql"] for q in context if by_id in q["sql"]]
    assert len(reads) == 1
    assert "ORDER BY" not in reads[0]


def test_rich_text_blocks_are_html_with_page_links_resolved(content):
    about_body = get_detail(content["about"].pk).json()["body"]
    event_body = get_detail(content["event"].pk).json()["body"]

    assert about_body[0]["type"] == "paragraph"
    assert about_body[0]["value"] == (
        '<p>Read <a href="/en/about-us/">about the institution</a>.</p>'
    )
    assert event_body[0]["type"] == "about"
    assert event_body[0]["value"] == {
        "heading": "About",
        "text": '<p>See <a href="/en/our-work/hate-crime/">hate crime</a>.</p>',
    }
    assert "linktype" not in json.dumps([about_body, event_body])


def test_page_image_has_renditions_and_alt_text(content, media_root):
    image = get_detail(content["event"].pk).json()["image"]

    assert image["alt"] == "Participants at a training"
    assert_renditions(
        image,
        content["lead"],
        media_root,
        {
            "thumbnail": ("fill-400x250", 400, 250),
            "medium": ("max-800x600", 800, 480),
            "large": ("width-1600", 1600, 960),
        },
    )


def test_image_block_has_renditions_and_its_own_or_the_images_alt_text(content, media_root):
    [_, about_block] = get_detail(content["about"].pk).json()["body"]
    [_, event_block] = get_detail(content["event"].pk).json()["body"]
    sizes = {
        "thumbnail": ("fill-400x250", 400, 250),
        "medium": ("max-800x600", 600, 600),
        "large": ("width-1600", 1000, 1000),
    }

    assert about_block["type"] == "image"
    assert set(about_block["value"]) == {"image", "caption", "attribution"}
    assert about_block["value"]["caption"] == "Experts met in Vienna"
    assert about_block["value"]["attribution"] == "Photo: ODIHR"
    assert about_block["value"]["image"]["alt"] == "Experts around a table"
    assert_renditions(about_block["value"]["image"], content["figure"], media_root, sizes)
    assert event_block["value"]["image"]["alt"] == "Trainers and police officers"


def test_snippets_are_objects_with_id_name_and_slug(content):
    event = content["event"]
    data = get_detail(event.pk).json()

    assert data["event_type"] == {
        "id": event.event_type.pk,
        "name": "Training",
        "slug": "training",
        "fallback": False,
    }
    [field_of_work] = event.fields_of_work.all()
    assert data["fields_of_work"] == [
        {
            "id": field_of_work.pk,
            "name": "Tolerance and non-discrimination",
            "slug": "tolerance-and-non-discrimination",
            "fallback": False,
        }
    ]
    assert data["source"] == {
        "id": event.source.pk,
        "name": "OSCE Office for Democratic Institutions and Human Rights",
        "slug": "odihr",
        "acronym": "ODIHR",
        "url": "https://www.osce.org/odihr",
        "kind": "external-partner",
        "closed": False,
        "fallback": False,
    }


def test_a_term_not_yet_translated_comes_in_its_source_language_with_a_flag(content):
    """The Russian event shows the Russian term where there is one, else the English one, flagged."""
    event = content["event"]
    [field_of_work] = event.fields_of_work.all()
    russian_type = event.event_type.copy_for_translation(Locale.objects.get(language_code="ru"))
    russian_type.name = "Тренинг"
    russian_type.save()
    russian = translate(event, title="Совместный тренинг")

    data = get_detail(russian.pk).json()

    assert data["event_type"] == {
        "id": russian_type.pk,
        "name": "Тренинг",
        "slug": "training",
        "fallback": False,
    }
    assert data["fields_of_work"] == [
        {
            "id": field_of_work.pk,
            "name": "Tolerance and non-discrimination",
            "slug": "tolerance-and-non-discrimination",
            "fallback": True,
        }
    ]
    assert data["source"]["fallback"] is True


@pytest.mark.parametrize("name", ["event", "news_item", "resource"])
def test_thematic_areas_are_links(content, name):
    area = content["area"]

    assert get_detail(content[name].pk).json()["thematic_areas"] == [
        {"id": area.pk, "title": "Hate crime", "url": "/en/our-work/hate-crime/"}
    ]


def test_resource_documents_have_url_and_extension(content):
    resource = content["resource"]
    [attachment] = resource.documents.all()

    assert get_detail(resource.pk).json()["documents"] == [
        {
            "id": attachment.pk,
            "meta": {"type": "resources.ResourceDocument"},
            "document": {
                "id": attachment.document.pk,
                "title": "Annual report",
                "url": f"/documents/{attachment.document.pk}/annual-report.pdf",
                "file_extension": "pdf",
            },
            "language": {"code": "en", "name": "English"},
            "title": "Full report",
        }
    ]


@pytest.mark.parametrize("endpoint", ["pages", "events"])
def test_find_by_html_path_redirects_to_the_detail(content, endpoint):
    event = content["event"]

    response = Client().get(
        f"/api/v2/{endpoint}/find/", {"html_path": "/en/events/joint-training/"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"http://localhost/api/v2/pages/{event.pk}/?"
    assert Client().get(response["Location"]).json()["id"] == event.pk


def test_find_follows_the_language_prefix(content):
    russian = translate(content["event"], title="Совместный тренинг")

    response = get_find(html_path="/ru/events/joint-training/")

    assert response.status_code == 302
    assert response["Location"] == f"http://localhost/api/v2/pages/{russian.pk}/?"


def test_find_in_a_language_without_a_translation_is_404(content):
    response = get_find(html_path="/ru/events/joint-training/")

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


def test_find_by_id(content):
    response = get_find(id=str(content["event"].pk))

    assert response.status_code == 302
    assert response["Location"] == f"http://localhost/api/v2/pages/{content['event'].pk}/?"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"id": "abc"}, "'abc' is not a valid value for id"),
        ({"foo": "bar"}, "query parameter is not an operation or a recognised field: foo"),
        ({"limit": "abc"}, "limit must be a positive integer"),
        ({"limit": "-1"}, "limit must be a positive integer"),
        ({"limit": "101"}, "limit cannot be higher than 100"),
        ({"offset": "abc"}, "offset must be a positive integer"),
        ({"offset": "-5"}, "offset must be a positive integer"),
        ({"locale": "xx"}, "locale 'xx' does not exist (available: en, ru)"),
        ({"type": "events.Nope"}, "type doesn't exist"),
        ({"slug": "a\x00b"}, "null characters are not allowed in slug"),
        ({"show_in_menus": "maybe"}, "'maybe' is not a valid value for show_in_menus"),
    ],
)
def test_invalid_parameters_answer_400_with_a_message(content, params, message):
    response = get_response(**params)

    assert response.status_code == 400
    assert response.json() == {"message": message}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"id": "abc"}, "id must be a positive integer"),
        ({"id": "-1"}, "id must be a positive integer"),
    ],
)
def test_find_with_a_bad_id_answers_400(content, params, message):
    response = get_find(**params)

    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_limit_up_to_the_maximum_is_accepted(content):
    full = get_response(limit="100")
    two = get_response(limit="2", offset="1")

    assert full.status_code == 200
    assert full.json()["meta"]["total_count"] == 12
    assert len(full.json()["items"]) == 12
    assert [item["id"] for item in two.json()["items"]] == [
        item["id"] for item in full.json()["items"][1:3]
    ]


@pytest.mark.parametrize(
    ("offset", "count"),
    [("0", 5), ("10", 2), ("11", 1), ("12", 0), ("50", 0), ("99999999999999999999", 0)],
)
def test_every_page_of_results_has_the_total(content, offset, count):
    # The ids and the total come from one query (api/pagination.py); a page past the last
    # result has no row to carry the total, and counts apart.
    full = get_response(limit="100").json()["items"]

    response = get_response(limit="5", offset=offset)

    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 12
    start = min(int(offset), 12)
    assert [item["id"] for item in response.json()["items"]] == [
        item["id"] for item in full[start : start + count]
    ]


def test_no_results_have_a_total_of_zero(content):
    response = get_response(title="No such page")

    assert response.status_code == 200
    assert response.json()["meta"] == {"total_count": 0}
    assert response.json()["items"] == []


def test_search_results_are_paginated_with_their_total(content):
    everything = get_response(search="hate", limit="100").json()
    page = get_response(search="hate", limit="1", offset="1").json()

    assert page["meta"]["total_count"] == everything["meta"]["total_count"] > 1
    assert [item["id"] for item in page["items"]] == [everything["items"][1]["id"]]


def test_unknown_page_id_is_a_json_404(content):
    response = get_detail(999999)

    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}
