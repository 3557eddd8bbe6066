"""A page's tags (fields of work, thematic areas) looked up in tables kept for the content
version (core.i18n.localized_tags): the same tags, in the same order and language, as
read from the database, never stale, and a preview's own.

Tags are part of what a witness or a defender reads about an event: a renamed term or an
area taken offline must show on the very next request, on the page and in the API.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from caching.version import cached_for_the_request
from core.i18n import localized_tags, read_tag_ids
from core.kept import keep_with
from tests import factories
from tests.helpers import compiled_sql, publish, translate


@pytest.fixture
def kept_tables():
    """Let ``kept`` answer outside a request, each table read afresh: the tables' path."""
    keep_with(lambda name, *parts, compute: compute())
    yield
    keep_with(cached_for_the_request)


@pytest.fixture
def tagged(site_tree):
    """An event tagged with three fields of work (one translated into Russian) and two
    thematic areas (one translated, one taken offline), and its Russian translation."""
    russian = Locale.objects.get(language_code="ru")
    tolerance = factories.FieldOfWorkFactory(name="Tolerance")
    translated = tolerance.copy_for_translation(russian)
    translated.name = "Толерантность"
    translated.save()
    fields = [
        factories.FieldOfWorkFactory(name="Migration"),
        tolerance,
        factories.FieldOfWorkFactory(name="Democratization"),
    ]
    elections, civil_society, hate_crime = site_tree.areas
    for area in site_tree.areas:
        publish(area)
    translate(hate_crime, title="Преступления на почве ненависти")
    elections.unpublish()
    event = factories.EventPageFactory(parent=site_tree.events, title="Hearing")
    event.fields_of_work.set(fields)
    event.thematic_areas.set([hate_crime, elections, civil_society])
    publish(event)
    return {"event": event, "russian": translate(event), "fields": fields}


def tags_of(page):
    return {
        relation: [(tag.pk, str(tag)) for tag in localized_tags(page, relation)]
        for relation in ("fields_of_work", "thematic_areas")
    }


@pytest.mark.django_db
def test_the_tables_give_the_tags_the_database_gives(tagged, kept_tables):
    for page in (tagged["event"], tagged["russian"]):
        from_tables = tags_of(page)
        keep_with(None)
        try:
            from_database = tags_of(page)
        finally:
            keep_with(lambda name, *parts, compute: compute())
        assert from_tables == from_database
    names = [name for _pk, name in tags_of(tagged["russian"])["fields_of_work"]]
    assert names == ["Democratization", "Migration", "Толерантность"]  # by source name
    areas = tagged["russian"].localized_thematic_areas()
    assert [area.title for area in areas] == ["Civil society", "Преступления на почве ненависти"]


@pytest.mark.django_db
def test_a_page_served_from_the_tables_reads_no_tag(tagged, settings):
    settings.WHOLE_RESPONSES = False  # each response computed, the tables kept
    russian = tagged["russian"]
    client = Client()
    for url in (russian.url, f"/api/v2/pages/{russian.pk}/"):
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        sql = " ".join(query["sql"] for query in context)
        assert context.captured_queries  # computed, not served whole
        assert '"taxonomies_fieldofwork"."name"' not in sql
        assert '"thematic_areas_thematicareapage"' not in sql
        assert "Толерантность" in response.content.decode()
        assert "Преступления на почве ненависти" in response.content.decode()


@pytest.mark.django_db
def test_a_renamed_term_and_an_area_taken_offline_show_on_the_next_request(tagged, site_tree):
    russian = tagged["russian"]
    client = Client()
    api = f"/api/v2/pages/{russian.pk}/"
    for url in (russian.url, api):
        assert "Толерантность" in client.get(url).content.decode()
    term = tagged["fields"][1].get_translation(Locale.objects.get(language_code="ru"))
    term.name = "Терпимость"
    term.save()
    site_tree.areas[1].unpublish()  # Civil society

    for url in (russian.url, api):
        content = client.get(url).content.decode()
        assert "Терпимость" in content
        assert "Толерантность" not in content
        assert "Civil society" not in content
    assert [area["title"] for area in client.get(api).json()["thematic_areas"]] == [
        "Преступления на почве ненависти"
    ]


@pytest.mark.django_db
def test_a_preview_shows_the_tags_it_holds(tagged, kept_tables):
    event = tagged["event"]
    other = factories.FieldOfWorkFactory(name="Anti-discrimination")
    event.fields_of_work = [other]  # a preview's form data, not saved
    assert [tag.name for tag in localized_tags(event, "fields_of_work")] == ["Anti-discrimination"]


@pytest.mark.django_db
def test_a_page_reads_the_ids_of_all_its_tags_in_one_query(tagged, kept_tables):
    """Fields of work and thematic areas (and a news item's issuers): one query of their
    link tables for the page, however many relations it shows."""
    event = type(tagged["event"]).objects.get(pk=tagged["event"].pk)
    with CaptureQueriesContext(connection) as context:
        fields = [tag.name for tag in event.localized_fields_of_work()]
        areas = [area.title for area in event.localized_thematic_areas()]
    assert fields == ["Democratization", "Migration", "Tolerance"]
    assert areas == ["Civil society", "Hate crime"]
    link_tables = [query["sql"] for query in context if "_thematic_areas" in query["sql"]]
    assert len(link_tables) == 1
    assert "_fields_of_work" in link_tables[0]


@pytest.mark.django_db
def test_a_page_s_tag_ids_are_read_without_building_a_queryset(tagged, monkeypatch):
    """The query is written once per model: building and compiling a union of querysets on
    every page read cost more than running it."""
    event = type(tagged["event"]).objects.get(pk=tagged["event"].pk)
    areas = {area.pk for area in event.thematic_areas.all()}
    read_tag_ids(event)  # the query written for the model
    compiled = compiled_sql(monkeypatch)

    with CaptureQueriesContext(connection) as context:
        ids = read_tag_ids(event)

    assert compiled == [] and len(context) == 1
    assert sorted(ids) == ["fields_of_work", "thematic_areas"]
    assert set(ids["fields_of_work"]) == {term.pk for term in tagged["fields"]}
    assert set(ids["thematic_areas"]) == areas and areas
