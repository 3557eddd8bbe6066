"""The news endpoint: newest first, its filters (type, field of work, issuing organisation,
thematic area, year, locale) and their 400s, its organisations and fields of work."""

import datetime

import pytest
from django.test import Client
from wagtail.models import Locale

from news.models import NewsType
from taxonomies.models import OrganizationKind
from tests import factories
from tests.helpers import translate

URL = "/api/v2/news/"


def get_response(**params):
    return Client().get(URL, params)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def error(response):
    assert response.status_code == 400, response.content
    return response.json()


@pytest.fixture
def terms(db):
    """The organisations and fields of work the news below name."""
    return {
        "odihr": factories.OrganizationFactory(
            name="OSCE Office for Democratic Institutions and Human Rights",
            slug="odihr",
            acronym="ODIHR",
            url="https://www.osce.org/odihr",
            kind=OrganizationKind.INSTITUTION,
        ),
        "hcnm": factories.OrganizationFactory(
            name="OSCE High Commissioner on National Minorities", slug="hcnm", acronym="HCNM"
        ),
        "elections": factories.FieldOfWorkFactory(name="Elections", slug="elections"),
        "tolerance": factories.FieldOfWorkFactory(
            name="Tolerance and non-discrimination", slug="tolerance-and-non-discrimination"
        ),
    }


@pytest.fixture
def news(site_tree, terms):
    """Four English news pages, created out of date order.

    =========  ==========  ===============  ========  =============  ============  ===========
    name       date        type             dateline  area           issued by     field
    =========  ==========  ===============  ========  =============  ============  ===========
    release    2025-05-29  press release    WARSAW    hate crime     ODIHR         tolerance
    advisory   2025-01-10  media advisory   VIENNA    elections      ODIHR, HCNM   elections
    item       2024-12-01  news item        (none)    civil society  HCNM          both
    statement  2025-03-02  press statement  (none)    (none)         ODIHR         elections
    =========  ==========  ===============  ========  =============  ============  ===========
    """
    elections, civil_society, hate_crime = site_tree.areas

    def page(title, date, news_type, dateline, areas, issued_by, fields):
        return factories.NewsPageFactory(
            parent=site_tree.news,
            title=title,
            date=datetime.date.fromisoformat(date),
            news_type=news_type,
            dateline=dateline,
            thematic_areas=areas,
            issued_by=[terms[name] for name in issued_by],
            fields_of_work=[terms[name] for name in fields],
        )

    return {
        "release": page(
            "ODIHR trains police",
            "2025-05-29",
            NewsType.PRESS_RELEASE,
            "WARSAW",
            [hate_crime],
            ["odihr"],
            ["tolerance"],
        ),
        "advisory": page(
            "Observers to hold a press conference",
            "2025-01-10",
            NewsType.MEDIA_ADVISORY,
            "VIENNA",
            [elections],
            ["odihr", "hcnm"],
            ["elections"],
        ),
        "item": page(
            "A news item",
            "2024-12-01",
            NewsType.NEWS_ITEM,
            "",
            [civil_society],
            ["hcnm"],
            ["elections", "tolerance"],
        ),
        "statement": page(
            "A statement", "2025-03-02", NewsType.PRESS_STATEMENT, "", [], ["odihr"], ["elections"]
        ),
    }


def pks(news, *names):
    return [news[name].pk for name in names]


def test_newest_first(news):
    assert ids(get_response()) == pks(news, "release", "statement", "advisory", "item")


def test_listing_shows_type_dateline_and_date(news):
    item = get_response().json()["items"][0]
    assert set(item) == {
        "id",
        "meta",
        "title",
        "date",
        "news_type",
        "dateline",
        "issued_by",
        "fields_of_work",
        "summary",
    }
    assert item["news_type"] == {"slug": "press-release", "name": "Press release"}
    assert item["dateline"] == "WARSAW"
    assert item["date"] == "2025-05-29"


def test_type_label_is_in_the_page_language(news):
    russian = translate(news["release"], "ru")
    response = Client().get(f"{URL}{russian.pk}/")
    assert response.status_code == 200
    assert response.json()["news_type"] == {"slug": "press-release", "name": "Пресс-релиз"}


def test_news_type_filter(news):
    assert ids(get_response(news_type="press-release")) == pks(news, "release")
    assert ids(get_response(news_type="media-advisory,news-item")) == pks(news, "advisory", "item")
    assert ids(get_response(news_type="Press-Release")) == pks(news, "release")


@pytest.mark.parametrize("value", ["press_release", "press-release,", "blog", ""])
def test_news_type_filter_refuses_unknown_types(news, value):
    assert error(get_response(news_type=value)) == {
        "message": "news_type must be one or more of news-item, press-release, "
        "media-advisory, press-statement, separated by commas"
    }


def test_thematic_area_filter(site_tree, news):
    elections, civil_society, hate_crime = site_tree.areas
    assert ids(get_response(thematic_area="hate-crime")) == pks(news, "release")
    assert ids(get_response(thematic_area=str(elections.pk))) == pks(news, "advisory")
    assert ids(get_response(thematic_area="hate-crime,civil-society")) == pks(
        news, "release", "item"
    )


def test_thematic_area_filter_matches_translations(site_tree, news):
    hate_crime_ru = translate(site_tree.areas[2], "ru", slug="prestupleniya-na-pochve-nenavisti")
    russian = translate(news["release"], "ru")
    # Same date: the newer page first.
    assert ids(get_response(thematic_area=hate_crime_ru.slug)) == [russian.pk, news["release"].pk]
    assert ids(get_response(thematic_area="hate-crime", locale="ru")) == [russian.pk]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nowhere", "thematic_area 'nowhere' does not exist"),
        ("hate-crime,nowhere,999999", "thematic_area 'nowhere, 999999' does not exist"),
        ("hate crime", "thematic_area must be ids or slugs of thematic areas, separated by commas"),
        ("a\x00", "thematic_area must be ids or slugs of thematic areas, separated by commas"),
    ],
)
def test_thematic_area_filter_errors(news, value, message):
    assert error(get_response(thematic_area=value)) == {"message": message}


def test_year_filter(news):
    assert ids(get_response(year="2025")) == pks(news, "release", "statement", "advisory")
    assert ids(get_response(year="2024")) == pks(news, "item")
    assert ids(get_response(year="1999")) == []
    assert ids(get_response(year="9999")) == []


@pytest.mark.parametrize("value", ["twenty", "0", "-2025", "20255", "2025-01", ""])
def test_year_filter_refuses_what_is_not_a_year(news, value):
    assert error(get_response(year=value)) == {"message": "year must be a year, such as 2025"}


def test_filters_combine(news):
    assert ids(get_response(year="2025", news_type="press-release,news-item")) == pks(
        news, "release"
    )
    assert ids(get_response(year="2024", news_type="press-release")) == []


def test_locale_filter(news):
    russian = translate(news["item"], "ru")
    assert ids(get_response(locale="ru")) == [russian.pk]
    assert error(get_response(locale="xx"))["message"]


def test_other_pages_and_unknown_parameters_are_refused(news):
    assert error(get_response(type="events.EventPage")) == {
        "message": "query parameter is not an operation or a recognised field: type"
    }
    assert error(get_response(issued_on="2025-05-29"))["message"].endswith("issued_on")


def test_dateline_is_an_exact_match_field(news):
    assert ids(get_response(dateline="VIENNA")) == pks(news, "advisory")


def test_order_by_date(news):
    assert ids(get_response(order="date")) == pks(news, "item", "advisory", "statement", "release")


def test_search_after_filters(news):
    assert ids(get_response(search="police")) == pks(news, "release")


def test_detail_has_every_field(news):
    response = Client().get(f"{URL}{news['advisory'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert {
        "date",
        "news_type",
        "dateline",
        "issued_by",
        "fields_of_work",
        "summary",
        "image",
        "thematic_areas",
        "body",
    } <= set(body)
    assert body["news_type"] == {"slug": "media-advisory", "name": "Media advisory"}


def test_openapi_document_describes_the_endpoint_and_its_filters(db):
    document = Client().get("/api/v2/schema/").json()
    assert {"/api/v2/news/", "/api/v2/news/{id}/", "/api/v2/news/find/"} <= set(document["paths"])
    parameters = {p["name"]: p for p in document["paths"][URL]["get"]["parameters"]}
    assert {
        "news_type",
        "field_of_work",
        "issued_by",
        "thematic_area",
        "year",
        "locale",
        "dateline",
    } <= set(parameters)
    assert not {"thematic_areas", "fields_of_work", "type", "child_of"} & set(parameters)
    assert parameters["news_type"]["schema"]["pattern"].startswith("^(news\\-item|press\\-release")
    assert parameters["year"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 9999,
        "examples": [2025],
    }
    news_type = document["components"]["schemas"]["NewsPage"]["properties"]["news_type"]
    assert news_type["properties"]["slug"]["enum"] == [
        "news-item",
        "press-release",
        "media-advisory",
        "press-statement",
    ]


# Organisations and fields of work ---------------------------------------------------------


def test_organisations_and_fields_of_work_are_taxonomy_objects(news):
    item = get_response().json()["items"][0]
    assert item["issued_by"] == [
        {
            "id": news["release"].issued_by.get().pk,
            "name": "OSCE Office for Democratic Institutions and Human Rights",
            "slug": "odihr",
            "acronym": "ODIHR",
            "url": "https://www.osce.org/odihr",
            "kind": "institution",
            "closed": False,
            "fallback": False,
        }
    ]
    assert item["fields_of_work"] == [
        {
            "id": news["release"].fields_of_work.get().pk,
            "name": "Tolerance and non-discrimination",
            "slug": "tolerance-and-non-discrimination",
            "fallback": False,
        }
    ]


def test_field_of_work_filter(news):
    assert ids(get_response(field_of_work="elections")) == pks(
        news, "statement", "advisory", "item"
    )
    assert ids(get_response(field_of_work="tolerance-and-non-discrimination")) == pks(
        news, "release", "item"
    )
    assert ids(get_response(field_of_work="Elections,tolerance-and-non-discrimination")) == pks(
        news, "release", "statement", "advisory", "item"
    )


def test_issued_by_filter(news):
    assert ids(get_response(issued_by="hcnm")) == pks(news, "advisory", "item")
    assert ids(get_response(issued_by="odihr")) == pks(news, "release", "statement", "advisory")
    assert ids(get_response(issued_by="odihr", field_of_work="elections")) == pks(
        news, "statement", "advisory"
    )


def test_a_closed_organisation_still_filters(news, terms):
    terms["hcnm"].closed = True
    terms["hcnm"].save()
    assert ids(get_response(issued_by="hcnm")) == pks(news, "advisory", "item")


def test_term_filters_match_translations(news, terms):
    """A Russian page naming the Russian translation of a term is found by the shared slug."""
    russian = translate(news["item"], "ru")
    hcnm_ru = terms["hcnm"].copy_for_translation(Locale.objects.get(language_code="ru"))
    hcnm_ru.name = "Верховный комиссар ОБСЕ по делам национальных меньшинств"
    hcnm_ru.save()
    russian.issued_by.set([hcnm_ru])
    russian.save()
    assert ids(get_response(issued_by="hcnm", locale="ru")) == [russian.pk]
    assert ids(get_response(issued_by="hcnm")) == pks(news, "advisory") + [
        russian.pk,
        news["item"].pk,
    ]
    assert ids(get_response(field_of_work="elections", locale="ru")) == [russian.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"field_of_work": "nowhere"}, "field_of_work 'nowhere' does not exist"),
        ({"field_of_work": "elections,x,y"}, "field_of_work 'x, y' does not exist"),
        (
            {"field_of_work": "elections,"},
            "field_of_work must be one or more slugs separated by commas",
        ),
        (
            {"field_of_work": "free speech"},
            "field_of_work must be one or more slugs separated by commas",
        ),
        ({"issued_by": "osce"}, "issued_by 'osce' does not exist"),
        ({"issued_by": ""}, "issued_by must be one or more slugs separated by commas"),
    ],
)
def test_term_filters_refuse_bad_and_unknown_slugs(news, params, message):
    assert error(get_response(**params)) == {"message": message}
