"""The resources endpoint: newest first, its filters (type, collection, field of work,
publisher, thematic area, year, file language, locale) and their 400s, each file with its
language, the publisher, collections and fields of work as terms."""

import datetime

import pytest
from django.test import Client

from resources.models import ResourceType
from taxonomies.models import OrganizationKind
from tests import factories
from tests.helpers import translate

URL = "/api/v2/resources/"


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
    """The publishers, collections and fields of work the resources below name."""
    return {
        "odihr": factories.OrganizationFactory(
            name="OSCE Office for Democratic Institutions and Human Rights",
            slug="odihr",
            acronym="ODIHR",
            url="https://www.osce.org/odihr",
            kind=OrganizationKind.INSTITUTION,
        ),
        "aepc": factories.OrganizationFactory(
            name="Association of European Police Colleges", slug="aepc", acronym="AEPC"
        ),
        "hate-crime-data": factories.ResourceCollectionFactory(
            name="Hate Crime Data-Collection and Monitoring",
            slug="hate-crime-data-collection-and-monitoring",
        ),
        "tahcle": factories.ResourceCollectionFactory(
            name="Training against Hate Crimes for Law Enforcement", slug="tahcle"
        ),
        "elections": factories.FieldOfWorkFactory(name="Elections", slug="elections"),
        "tolerance": factories.FieldOfWorkFactory(
            name="Tolerance and non-discrimination", slug="tolerance-and-non-discrimination"
        ),
    }


@pytest.fixture
def resources(site_tree, terms):
    """Four English resources, created out of date order.

    ========  ==========  =============  ==============  =============
    name      date        type           file languages  area
    ========  ==========  =============  ==============  =============
    guide     2024-11-20  guide          en, ru          hate crime
    annual    2025-03-01  annual report  en              elections
    factsht   2023-06-15  factsheet      fr, de          (none)
    ru_guide  2025-09-09  guide          ru              civil society
    ========  ==========  =============  ==============  =============

    Publishers, collections and fields of work are in ``terms_of``.
    """
    elections, civil_society, hate_crime = site_tree.areas
    terms_of = {
        "guide": ("odihr", ["hate-crime-data", "tahcle"], ["tolerance"]),
        "annual": ("odihr", [], ["elections"]),
        "factsht": ("aepc", ["tahcle"], ["tolerance"]),
        "ru_guide": ("odihr", [], ["elections", "tolerance"]),
    }

    def page(name, title, date, resource_type, languages, areas, **extra):
        publisher, collections, fields = terms_of[name]
        resource = factories.ResourcePageFactory(
            parent=site_tree.resources,
            title=title,
            date=datetime.date.fromisoformat(date),
            resource_type=resource_type,
            thematic_areas=areas,
            publisher=terms[publisher],
            collections=[terms[name] for name in collections],
            fields_of_work=[terms[name] for name in fields],
            **extra,
        )
        for language in languages:
            factories.ResourceDocumentFactory(page=resource, language=language, title="PDF")
        return resource

    return {
        "guide": page(
            "guide",
            "Hate crime victim support",
            "2024-11-20",
            ResourceType.GUIDE,
            ["en", "ru"],
            [hate_crime],
            isbn="978-92-9234-832-8",
        ),
        "annual": page(
            "annual",
            "Annual report 2024",
            "2025-03-01",
            ResourceType.ANNUAL_REPORT,
            ["en"],
            [elections],
        ),
        "factsht": page(
            "factsht", "A factsheet", "2023-06-15", ResourceType.FACTSHEET, ["fr", "de"], []
        ),
        "ru_guide": page(
            "ru_guide",
            "A guide in Russian",
            "2025-09-09",
            ResourceType.GUIDE,
            ["ru"],
            [civil_society],
        ),
    }


def pks(resources, *names):
    return [resources[name].pk for name in names]


def test_newest_first(resources):
    assert ids(get_response()) == pks(resources, "ru_guide", "annual", "guide", "factsht")


def test_listing_shows_type_publisher_isbn_and_files_with_their_language(resources):
    items = {item["id"]: item for item in get_response().json()["items"]}
    item = items[resources["guide"].pk]
    assert set(item) == {
        "id",
        "meta",
        "title",
        "date",
        "resource_type",
        "publisher",
        "collections",
        "fields_of_work",
        "isbn",
        "summary",
        "documents",
    }
    assert item["resource_type"] == {"slug": "guide", "name": "Guide / manual / handbook"}
    assert item["isbn"] == "978-92-9234-832-8"
    assert [document["language"] for document in item["documents"]] == [
        {"code": "en", "name": "English"},
        {"code": "ru", "name": "Russian"},
    ]
    assert set(item["documents"][0]) == {"id", "meta", "document", "language", "title"}
    assert items[resources["annual"].pk]["isbn"] == ""


def test_labels_are_in_the_page_language(resources):
    russian = translate(resources["guide"], "ru")
    body = Client().get(f"{URL}{russian.pk}/").json()
    assert body["resource_type"] == {
        "slug": "guide",
        "name": "Руководство / пособие / справочник",
    }
    assert [document["language"] for document in body["documents"]] == [
        {"code": "en", "name": "Английский"},
        {"code": "ru", "name": "Русский"},
    ]


def test_resource_type_filter(resources):
    assert ids(get_response(resource_type="guide")) == pks(resources, "ru_guide", "guide")
    assert ids(get_response(resource_type="annual-report,factsheet")) == pks(
        resources, "annual", "factsht"
    )


@pytest.mark.parametrize("value", ["handbook", "guide,", "annual_report", ""])
def test_resource_type_filter_refuses_unknown_types(resources, value):
    assert error(get_response(resource_type=value)) == {
        "message": "resource_type must be one or more of guide, report, factsheet, brochure, "
        "annual-report, statement, other, separated by commas"
    }


def test_file_language_filter(resources):
    assert ids(get_response(file_language="ru")) == pks(resources, "ru_guide", "guide")
    assert ids(get_response(file_language="de")) == pks(resources, "factsht")
    assert ids(get_response(file_language="en,fr")) == pks(resources, "annual", "guide", "factsht")
    assert ids(get_response(file_language="uk")) == []


def test_all_guides_available_in_russian(resources):
    assert ids(get_response(resource_type="guide", file_language="ru")) == pks(
        resources, "ru_guide", "guide"
    )
    assert ids(get_response(resource_type="factsheet", file_language="ru")) == []


@pytest.mark.parametrize("value", ["russian", "xx", "ru,", "RU-", ""])
def test_file_language_filter_refuses_unknown_languages(resources, value):
    message = error(get_response(file_language=value))["message"]
    assert message.startswith("file_language must be one or more of en, fr, de, it, ru, es, ")
    assert message.endswith(", separated by commas")


def test_thematic_area_filter(site_tree, resources):
    assert ids(get_response(thematic_area="hate-crime")) == pks(resources, "guide")
    assert error(get_response(thematic_area="nowhere")) == {
        "message": "thematic_area 'nowhere' does not exist"
    }


def test_year_filter(resources):
    assert ids(get_response(year="2025")) == pks(resources, "ru_guide", "annual")
    assert ids(get_response(year="2023")) == pks(resources, "factsht")
    assert error(get_response(year="last")) == {"message": "year must be a year, such as 2025"}


def test_locale_filter(resources):
    russian = translate(resources["annual"], "ru")
    assert ids(get_response(locale="ru")) == [russian.pk]
    assert ids(get_response(locale="ru", file_language="en")) == [russian.pk]


def test_isbn_is_an_exact_match_field(resources):
    assert ids(get_response(isbn="978-92-9234-832-8")) == pks(resources, "guide")


def test_unknown_parameters_are_refused(resources):
    assert error(get_response(series="x"))["message"].endswith("series")


def test_openapi_document_describes_the_endpoint_and_its_filters(db):
    document = Client().get("/api/v2/schema/").json()
    assert {"/api/v2/resources/", "/api/v2/resources/{id}/"} <= set(document["paths"])
    parameters = {p["name"]: p for p in document["paths"][URL]["get"]["parameters"]}
    assert {
        "resource_type",
        "collection",
        "field_of_work",
        "publisher",
        "file_language",
        "thematic_area",
        "year",
        "locale",
        "isbn",
    } <= set(parameters)
    assert not {"collections", "fields_of_work", "thematic_areas"} & set(parameters)
    assert "ru" in parameters["file_language"]["schema"]["pattern"]
    schemas = document["components"]["schemas"]
    documents = schemas["ResourcePage"]["properties"]["documents"]["items"]
    assert documents["properties"]["language"]["properties"]["code"]["enum"][:6] == [
        "en",
        "fr",
        "de",
        "it",
        "ru",
        "es",
    ]


# Publisher, collections and fields of work ------------------------------------------------


def test_publisher_collections_and_fields_of_work_are_taxonomy_objects(resources, terms):
    item = Client().get(f"{URL}{resources['guide'].pk}/").json()
    assert item["publisher"] == {
        "id": terms["odihr"].pk,
        "name": "OSCE Office for Democratic Institutions and Human Rights",
        "slug": "odihr",
        "acronym": "ODIHR",
        "url": "https://www.osce.org/odihr",
        "kind": "institution",
        "closed": False,
        "fallback": False,
    }
    assert item["collections"] == [
        {
            "id": terms["hate-crime-data"].pk,
            "name": "Hate Crime Data-Collection and Monitoring",
            "slug": "hate-crime-data-collection-and-monitoring",
            "fallback": False,
        },
        {
            "id": terms["tahcle"].pk,
            "name": "Training against Hate Crimes for Law Enforcement",
            "slug": "tahcle",
            "fallback": False,
        },
    ]
    assert item["fields_of_work"] == [
        {
            "id": terms["tolerance"].pk,
            "name": "Tolerance and non-discrimination",
            "slug": "tolerance-and-non-discrimination",
            "fallback": False,
        }
    ]


def test_a_term_not_yet_translated_comes_in_its_own_language_flagged(resources, terms):
    russian = translate(resources["factsht"], "ru")
    item = Client().get(f"{URL}{russian.pk}/").json()
    assert (item["publisher"]["name"], item["publisher"]["fallback"]) == (
        "Association of European Police Colleges",
        True,
    )


def test_collection_filter(resources):
    assert ids(get_response(collection="tahcle")) == pks(resources, "guide", "factsht")
    assert ids(get_response(collection="hate-crime-data-collection-and-monitoring")) == pks(
        resources, "guide"
    )


def test_field_of_work_filter(resources):
    assert ids(get_response(field_of_work="elections")) == pks(resources, "ru_guide", "annual")
    assert ids(get_response(field_of_work="tolerance-and-non-discrimination")) == pks(
        resources, "ru_guide", "guide", "factsht"
    )


def test_publisher_filter(resources):
    assert ids(get_response(publisher="aepc")) == pks(resources, "factsht")
    assert ids(get_response(publisher="odihr,aepc", resource_type="guide")) == pks(
        resources, "ru_guide", "guide"
    )


def test_all_guides_of_a_collection_available_in_russian(resources):
    assert ids(get_response(collection="tahcle", file_language="ru")) == pks(resources, "guide")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"collection": "nowhere"}, "collection 'nowhere' does not exist"),
        ({"collection": "tahcle,"}, "collection must be one or more slugs separated by commas"),
        ({"field_of_work": "nowhere"}, "field_of_work 'nowhere' does not exist"),
        ({"field_of_work": "a b"}, "field_of_work must be one or more slugs separated by commas"),
        ({"publisher": "osce,odihr"}, "publisher 'osce' does not exist"),
    ],
)
def test_term_filters_refuse_bad_and_unknown_slugs(resources, params, message):
    assert error(get_response(**params)) == {"message": message}
