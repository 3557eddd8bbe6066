"""The demo's vocabularies and real items (``demo.catalogue``), in English and Russian (issue 14)."""

import datetime

import pytest
from django.db.models import Q
from django.test import Client
from django.utils.text import slugify
from wagtail.models import Locale

from demo import items
from demo.catalogue import EVENTS, FIELDS_OF_WORK_RU, NEWS, ORGANISATIONS, PUBLICATIONS
from demo.content import SEED_EVENT, SEED_ORGANISATIONS
from demo.content_ru import COLLECTIONS_RU, EVENT_TYPES_RU, RUSSIAN
from events.models import EventPage, EventType
from news.models import NewsPage
from resources.models import ResourceCollection, ResourcePage
from taxonomies.models import FieldOfWork, Organization

EVENT_TYPE_SLUGS = [
    "training",
    "conference",
    "meeting",
    "workshop",
    "webinar",
    "seminar",
    "side-event",
    "expert-meeting",
    "roundtable",
    "press-conference",
    "call-for-applications",
]
# The catalogue's publications whose text states no year of publication.
UNDATED = [
    "Understanding Anti-Roma Hate Crimes - Addressing the Security Needs of Roma and Sinti "
    "Communities: A Practical Guide",
    "Training Programmes to Counter Hate Crime",
]


def english(model):
    return model.objects.filter(locale__language_code="en")


def russian_names(model):
    """Each English term's name with its Russian translation's name (None when it has none)."""
    russian = {
        term.translation_key: term.name for term in model.objects.filter(locale__language_code="ru")
    }
    return {term.name: russian.get(term.translation_key) for term in english(model)}


def in_catalogue(model, catalogue):
    """The catalogue's items with the English page loaded from each (None if not loaded)."""
    pages = {page.slug: page for page in english(model).specific()}
    return [(item, pages.get(items.slug_of(item))) for item in catalogue]


# The vocabularies -----------------------------------------------------------------


def test_the_23_fields_of_work_in_english_and_russian(shared_demo_site):
    assert len(FIELDS_OF_WORK_RU) == 23
    assert russian_names(FieldOfWork) == FIELDS_OF_WORK_RU


def test_the_event_types_in_english_and_russian_with_the_catalogues_slugs(shared_demo_site):
    assert sorted(english(EventType).values_list("slug", flat=True)) == sorted(EVENT_TYPE_SLUGS)
    assert russian_names(EventType) == EVENT_TYPES_RU
    russian = EventType.objects.filter(locale__language_code="ru")
    assert sorted(russian.values_list("slug", flat=True)) == sorted(EVENT_TYPE_SLUGS)
    assert {item["event_type"] for item in EVENTS} <= set(EVENT_TYPE_SLUGS)


def test_organisations_have_their_kind_and_their_russian_name_where_the_catalogue_gives_one(
    shared_demo_site,
):
    organisations = [*ORGANISATIONS, *SEED_ORGANISATIONS]
    kinds = dict(english(Organization).values_list("name", "kind"))
    assert kinds == {
        organisation["name"]: organisation["kind"].replace("_", "-")
        for organisation in organisations
    }
    assert russian_names(Organization) == {
        organisation["name"]: organisation["ru"] for organisation in organisations
    }
    odihr = english(Organization).get(acronym="ODIHR")
    assert odihr.get_translation(Locale.objects.get(language_code="ru")).acronym == "БДИПЧ"


def test_collections_in_english_and_russian(shared_demo_site):
    assert russian_names(ResourceCollection) == COLLECTIONS_RU


def test_the_catalogues_russian_names_agree_with_the_other_russian_strings():
    """One English name, one Russian name: the tables merged into ``RUSSIAN`` never disagree."""
    for table in (FIELDS_OF_WORK_RU, EVENT_TYPES_RU, COLLECTIONS_RU):
        for name, russian in table.items():
            assert RUSSIAN[name] == russian, name


# The items ------------------------------------------------------------------------


def test_every_catalogue_item_is_loaded_but_the_undated_publications(shared_demo_site):
    events = in_catalogue(EventPage, EVENTS)
    news = in_catalogue(NewsPage, NEWS)
    publications = in_catalogue(ResourcePage, PUBLICATIONS)
    assert all(page is not None for _, page in events + news)
    assert [item["title"] for item, page in publications if page is None] == UNDATED
    for loaded in (events, news, publications):
        assert len([page for _, page in loaded if page is not None]) >= 12
        assert all(page.title == item["title"] and page.live for item, page in loaded if page)
    # Only the catalogue's items and the seed event: nothing invented.
    assert english(EventPage).count() == len(EVENTS) + 1
    assert english(NewsPage).count() == len(NEWS)
    assert english(ResourcePage).count() == len(PUBLICATIONS) - len(UNDATED)


def test_every_item_ends_with_a_link_to_its_source(shared_demo_site):
    loaded = [
        (item, page)
        for model, catalogue in (
            (EventPage, EVENTS),
            (NewsPage, NEWS),
            (ResourcePage, PUBLICATIONS),
        )
        for item, page in in_catalogue(model, catalogue)
        if page is not None
    ]
    assert len(loaded) == len(EVENTS) + len(NEWS) + len(PUBLICATIONS) - len(UNDATED)
    for item, page in loaded:
        last = page.body[-1]
        assert last.block_type == "paragraph", item["title"]
        url = item["source_url"].replace("&", "&amp;")
        assert last.value.source == f'<p>Source: <a href="{url}">{url}</a></p>'


def test_the_source_link_is_in_the_api(shared_demo_site):
    item = NEWS[0]
    page = english(NewsPage).get(slug=items.slug_of(item))
    body = Client().get(f"/api/v2/news/{page.pk}/").json()["body"]
    assert body[-1]["type"] == "paragraph"
    assert f'href="{item["source_url"]}"' in body[-1]["value"]


def test_events_have_their_timing_place_and_terms(shared_demo_site):
    for item, page in in_catalogue(EventPage, EVENTS):
        assert page.event_type.slug == item["event_type"]
        assert page.time_zone == item["time_zone"]
        assert page.start_date.isoformat() == item["start"][:10]
        assert page.attendance == item["attendance"].replace("_", "-")
        assert (page.venue, page.city, page.country.code or "") == (
            item["venue"],
            item["city"],
            item["country"],
        )
        assert page.location_label == item["location_label"]
        assert [term.name for term in page.fields_of_work.all()] == sorted(item["fields_of_work"])
        assert sorted(area.title for area in page.thematic_areas.all()) == sorted(
            item["thematic_areas"]
        )
        assert page.source.acronym == "ODIHR"
        # The catalogue names an organisation by its acronym or its name.
        assert [(row.organization, row.role) for row in page.organizers.all()] == [
            (english(Organization).get(Q(acronym=name) | Q(name=name)), items.ORGANIZER_ROLES[role])
            for name, role in item["organisers"]
        ]
        if item["series"]:
            assert page.main_event.title == item["series"]
    timed = english(EventPage).get(
        slug=slugify(
            "Online press conference of the ODIHR "
            "limited election observation mission to "
            "the local elections in Ukraine"
        )
    )
    assert (timed.start_date, timed.start_time) == (datetime.date(2020, 10, 26), datetime.time(15))
    assert timed.registration_deadline_date == datetime.date(2020, 10, 26)
    detail = Client().get(f"/api/v2/events/{timed.pk}/").json()
    assert (detail["start"], detail["time_zone"]) == ("2020-10-26T15:00:00+02:00", "Europe/Kyiv")


def test_event_sections_are_loaded_where_the_body_has_a_block_for_them(shared_demo_site):
    for item, page in in_catalogue(EventPage, EVENTS):
        sections = [
            (block.block_type, block.value["heading"])
            for block in page.body
            if block.block_type != "paragraph"
        ]
        assert sections == [
            (kind, heading) for kind, heading, _ in item["sections"] if kind in items.EVENT_SECTIONS
        ]
    assert {"about", "why_important", "background"} <= set(items.EVENT_SECTIONS)


def test_news_have_their_type_date_issuer_and_contacts(shared_demo_site):
    for item, page in in_catalogue(NewsPage, NEWS):
        assert page.news_type == item["news_type"].replace("_", "-")
        assert page.date.isoformat() == item["issued_on"]
        assert page.dateline == item["dateline"]
        assert [organisation.acronym for organisation in page.issued_by.all()] == item["issued_by"]
        assert [contact.value["email"] for contact in page.contacts] == [
            contact["email"] for contact in item["contacts"]
        ]
    types = set(english(NewsPage).values_list("news_type", flat=True))
    assert types == {"news-item", "press-release", "media-advisory", "press-statement"}


def test_publications_have_their_type_publisher_collection_and_files(shared_demo_site):
    for item, page in in_catalogue(ResourcePage, PUBLICATIONS):
        if page is None:
            continue
        assert page.resource_type == item["resource_type"].replace("_", "-")
        assert page.isbn == item["isbn"]
        assert item["publisher"] in (page.publisher.acronym, page.publisher.name)
        assert [c.name for c in page.collections.all()] == [item["collection"]] * bool(
            item["collection"]
        )
        assert [f.language for f in page.documents.all()] == item["file_languages"]
    assert {
        tuple(page.documents.values_list("language", flat=True)) for page in english(ResourcePage)
    } >= {("en",), ("en", "ru"), ("ru",)}


@pytest.mark.parametrize(
    ("title", "date"),
    [
        ("Guidelines on Freedom of Peaceful Assembly (3rd Edition)", datetime.date(2019, 7, 8)),
        # "published by ODIHR in Warsaw in 2019": the year's first day.
        ("ODIHR Annual Report 2018", datetime.date(2019, 1, 1)),
        # "Issued in Warsaw in December 2008"
        (
            "Human Rights Defenders in the OSCE Region: Challenges and Good Practices, "
            "April 2007 – April 2008",
            datetime.date(2008, 1, 1),
        ),
    ],
)
def test_publication_dates(shared_demo_site, title, date):
    assert english(ResourcePage).get(title=title).date == date


def test_publication_date_from_the_year_the_text_states():
    item = {"published_on": None, "summary": "A guide.", "paragraphs": ["Issued in 2011."]}
    assert items.publication_date(item) == datetime.date(2011, 1, 1)
    item["paragraphs"] = ["It covers 2011."]  # a year, but not the one it was published in
    assert items.publication_date(item) is None
    item["published_on"] = "2012-03-04"
    assert items.publication_date(item) == datetime.date(2012, 3, 4)


def test_items_with_a_russian_edition_are_translated(shared_demo_site):
    russian = Locale.objects.get(language_code="ru")
    translated = [item for item in EVENTS + NEWS + PUBLICATIONS if item["ru"]]
    assert len(translated) == 5
    for item in translated:
        page = ResourcePage.objects.get(locale__language_code="en", slug=items.slug_of(item))
        page_ru = page.get_translation(russian)
        assert (page_ru.title, page_ru.summary) == (item["ru"]["title"], item["ru"]["summary"])
        assert page_ru.live
        assert {term.name for term in page_ru.localized_fields_of_work()} == {
            FIELDS_OF_WORK_RU[name] for name in item["fields_of_work"]
        }
    assert ResourcePage.objects.filter(locale=russian).count() == len(translated)
    assert not NewsPage.objects.filter(locale=russian).exists()
    # The seed event is still the only Russian event.
    assert list(EventPage.objects.filter(locale=russian).values_list("slug", flat=True)) == [
        SEED_EVENT["slug"]
    ]


def test_events_list_the_news_about_them_as_related_pages(shared_demo_site):
    expected = {}
    for item, news in in_catalogue(NewsPage, NEWS):
        for title in item["related_events"]:
            expected.setdefault(slugify(title), []).append(news.pk)
    assert expected  # the catalogue links news to events
    for item, event in in_catalogue(EventPage, EVENTS):
        related = [page.pk for page in event.visible_related_pages()]
        assert related == expected.get(event.slug, []), item["title"]
