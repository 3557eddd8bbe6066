"""Who organises an event, the main event it belongs to, and the news and resources related
to it (issue 14, Events: Who, Series, Related content)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from events.models import EventOrganizer, EventPage, EventRelatedPage
from events.organizers import organized_by
from tests import factories
from tests.helpers import compiled_sql, get_soup, publish, text_of, translate

pytestmark = pytest.mark.django_db


def organize(event, *rows):
    for order, (organization, role) in enumerate(rows):
        EventOrganizer.objects.create(
            page=event, organization=organization, role=role, sort_order=order
        )


def russian(term, name):
    translation = term.copy_for_translation(Locale.objects.get(language_code="ru"))
    translation.name = name
    translation.save()
    return translation


@pytest.fixture
def partners(site_tree):
    return {
        "odihr": factories.OrganizationFactory(name="ODIHR", kind="institution"),
        "skopje": factories.OrganizationFactory(
            name="OSCE Mission to Skopje", kind="field-operation"
        ),
        "accept": factories.OrganizationFactory(name="ACCEPT"),
        "germany": factories.OrganizationFactory(name="Germany"),
    }


# The "Organized by" line ----------------------------------------------------------------


def test_the_line_groups_roles_and_opens_with_the_organisers(site_tree, partners):
    event = factories.EventPageFactory(parent=site_tree.events)
    organize(
        event,
        (partners["accept"], "in-cooperation-with"),
        (partners["odihr"], "organizer"),
        (partners["germany"], "with-the-support-of"),
        (partners["skopje"], "co-organizer"),
    )

    assert organized_by(event) == (
        "Organized by ODIHR and OSCE Mission to Skopje, in co-operation with ACCEPT, "
        "with the support of Germany"
    )
    assert event.organizers_after_label == (
        "ODIHR and OSCE Mission to Skopje, in co-operation with ACCEPT, with the support of Germany"
    )


def test_no_organisers_no_line(site_tree):
    event = factories.EventPageFactory(parent=site_tree.events)
    assert organized_by(event) == ""


def test_the_line_is_in_the_page_language_with_the_terms_translations(site_tree, partners, client):
    russian(partners["odihr"], "БДИПЧ")
    event = publish(factories.EventPageFactory(parent=site_tree.events))
    organize(
        event,
        (partners["odihr"], "organizer"),
        (partners["germany"], "with-the-support-of"),
    )
    publish(event)
    event_ru = translate(event)

    # Germany has no Russian name yet: it comes in English rather than not at all.
    assert organized_by(event_ru) == "Организаторы: БДИПЧ, при поддержке: Germany"
    soup = get_soup(client.get(event_ru.url))
    assert text_of(soup.find("dd", class_="event__organizers")) == "БДИПЧ, при поддержке: Germany"


def test_the_page_and_the_api_show_the_line(site_tree, partners, client):
    event = factories.EventPageFactory(parent=site_tree.events, slug="with-partners")
    organize(event, (partners["odihr"], "organizer"), (partners["accept"], "co-organizer"))
    publish(event)

    soup = get_soup(client.get("/en/events/with-partners/"))
    assert text_of(soup.find("dd", class_="event__organizers")) == "ODIHR and ACCEPT"
    data = client.get("/api/v2/events/?fields=organizers,organized_by").json()["items"][0]
    assert data["organized_by"] == "Organized by ODIHR and ACCEPT"
    assert [row["role"]["slug"] for row in data["organizers"]] == ["organizer", "co-organizer"]


# Series: a main event and its side events -----------------------------------------------


@pytest.fixture
def conference(site_tree):
    main = publish(
        factories.EventPageFactory(
            parent=site_tree.events,
            title="Warsaw Human Dimension Conference",
            slug="whdc",
            start_date=datetime.date(2031, 9, 30),
        )
    )
    side = [
        publish(
            factories.EventPageFactory(
                parent=site_tree.events,
                title=title,
                slug=slug,
                start_date=datetime.date(2031, 10, day),
                main_event=main,
            )
        )
        for title, slug, day in [
            ("Side event on civic space", "civic-space", 2),
            ("Side event on hate crime", "hate-crime", 1),
        ]
    ]
    draft = factories.EventPageFactory(
        parent=site_tree.events, title="Unpublished side event", main_event=main, live=False
    )
    return main, side, draft


def test_the_main_event_lists_its_visible_side_events_soonest_first(conference, client):
    main, (civic, hate), _draft = conference

    soup = get_soup(client.get("/en/events/whdc/"))
    listed = soup.find("section", class_="event__side-events").find_all("a")
    assert [text_of(link) for link in listed] == [hate.title, civic.title]

    data = client.get(f"/api/v2/pages/{main.pk}/").json()
    assert [item["id"] for item in data["side_events"]] == [hate.pk, civic.pk]
    assert data["main_event"] is None


def test_a_side_event_links_its_main_event(conference, client):
    main, (civic, _hate), _draft = conference

    soup = get_soup(client.get("/en/events/civic-space/"))
    assert soup.find("a", string=main.title)["href"] == "/en/events/whdc/"
    data = client.get(f"/api/v2/pages/{civic.pk}/").json()
    assert data["main_event"] == {"id": main.pk, "title": main.title, "url": "/en/events/whdc/"}


def test_a_side_event_published_after_a_visit_is_listed_on_the_next_request(
    site_tree, conference, client
):
    # Which events have side events is known once per content version: an event that had
    # none when it was last shown gets its first on the next request after the publish.
    main, (civic, hate), draft = conference
    lone = publish(factories.EventPageFactory(parent=site_tree.events, slug="lone"))
    assert client.get(f"/api/v2/pages/{lone.pk}/").json()["side_events"] == []
    assert (
        get_soup(client.get("/en/events/lone/")).find("section", class_="event__side-events")
        is None
    )

    draft.main_event = lone
    publish(draft)

    data = client.get(f"/api/v2/pages/{lone.pk}/").json()
    assert [item["id"] for item in data["side_events"]] == [draft.pk]
    listed = get_soup(client.get("/en/events/lone/")).find("section", class_="event__side-events")
    assert [text_of(link) for link in listed.find_all("a")] == [draft.title]
    main_side = client.get(f"/api/v2/pages/{main.pk}/").json()["side_events"]
    assert [item["id"] for item in main_side] == [hate.pk, civic.pk]


def test_a_translated_side_event_links_the_translated_main_event(conference, client):
    main, (civic, _hate), _draft = conference
    main_ru = translate(main, title="Варшавская конференция по человеческому измерению")
    civic_ru = translate(civic)

    data = client.get(f"/api/v2/pages/{civic_ru.pk}/").json()
    assert data["main_event"]["id"] == main_ru.pk
    side = client.get(f"/api/v2/pages/{main_ru.pk}/").json()["side_events"]
    assert [item["id"] for item in side] == [civic_ru.pk]


def test_an_unpublished_main_event_is_not_linked(conference, client):
    main, (civic, _hate), _draft = conference
    main.unpublish()

    assert client.get(f"/api/v2/pages/{civic.pk}/").json()["main_event"] is None


# Related news and resources ----------------------------------------------------------------


def test_related_pages_follow_the_reader_language_and_hide_drafts(site_tree, client):
    event = factories.EventPageFactory(parent=site_tree.events, slug="with-related")
    report = publish(factories.ResourcePageFactory(parent=site_tree.resources, title="Report"))
    news = publish(factories.NewsPageFactory(parent=site_tree.news, title="Launch"))
    draft = factories.NewsPageFactory(parent=site_tree.news, title="Draft", live=False)
    for order, page in enumerate([news, draft, report]):
        EventRelatedPage.objects.create(page=event, related=page, sort_order=order)
    publish(event)
    report_ru = translate(report, title="Доклад")
    event_ru = translate(event)

    english = client.get(f"/api/v2/pages/{event.pk}/").json()["related_pages"]
    assert [(item["title"], item["type"]) for item in english] == [
        ("Launch", "news.NewsPage"),
        ("Report", "resources.ResourcePage"),
    ]
    # The translation of the event carries the links; each shows in Russian where it can.
    russian = client.get(f"/api/v2/pages/{event_ru.pk}/").json()["related_pages"]
    assert [item["title"] for item in russian] == ["Launch", "Доклад"]
    assert russian[1]["id"] == report_ru.pk
    soup = get_soup(client.get("/en/events/with-related/"))
    assert [text_of(a) for a in soup.find("section", class_="event__related").find_all("a")] == [
        "Launch",
        "Report",
    ]


def test_an_event_page_reads_its_related_pages_in_the_same_queries_however_many(
    site_tree, client, settings
):
    """Each related page was read on its own (a query per link) before its visibility."""
    settings.WHOLE_RESPONSES = False
    queries = {}
    for count in (1, 4):
        event = factories.EventPageFactory(parent=site_tree.events, slug=f"related-{count}")
        for order in range(count):
            news = publish(
                factories.NewsPageFactory(parent=site_tree.news, title=f"N{count}.{order}")
            )
            EventRelatedPage.objects.create(page=event, related=news, sort_order=order)
        publish(event)
        url = f"/en/events/related-{count}/"
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as context:
            soup = get_soup(client.get(url))
        related = soup.find("section", class_="event__related").find_all("a")
        assert [text_of(a) for a in related] == [f"N{count}.{order}" for order in range(count)]
        queries[count] = len(context)
    assert queries[4] == queries[1]


def test_an_event_reads_only_the_ids_and_translation_keys_of_its_related_pages(site_tree):
    """The chosen pages' rows are not read with the links: only which pages (and which
    translations) to look for; the visible ones are then read in full, in one query."""
    event = factories.EventPageFactory(parent=site_tree.events)
    news = publish(factories.NewsPageFactory(parent=site_tree.news, title="Launch"))
    EventRelatedPage.objects.create(page=event, related=news, sort_order=0)
    event = EventPage.objects.get(pk=event.pk)

    with CaptureQueriesContext(connection) as context:
        assert event.related_page_targets() == [(news.pk, news.translation_key)]

    (query,) = context.captured_queries
    selected = query["sql"].split(" FROM ")[0]
    assert '"title"' not in selected and '"path"' not in selected


def test_a_preview_shows_the_related_pages_its_form_holds(site_tree):
    """A page whose related rows are held in memory (an unsaved edit in a preview) lists
    those, not the ones stored."""
    event = factories.EventPageFactory(parent=site_tree.events)
    stored = publish(factories.NewsPageFactory(parent=site_tree.news, title="Stored"))
    edited = publish(factories.NewsPageFactory(parent=site_tree.news, title="Edited"))
    EventRelatedPage.objects.create(page=event, related=stored, sort_order=0)
    event = EventPage.objects.get(pk=event.pk)

    event.related_pages = [EventRelatedPage(related=edited, sort_order=0)]

    assert [page.title for page in event.visible_related_pages()] == ["Edited"]


def test_an_event_with_no_side_events_builds_no_query_for_them(conference, monkeypatch):
    """Most events are no main event: they are known without a query, and answering must not
    compile one either (an empty queryset compiles a whole event row's columns to learn
    that it selects nothing: a millisecond on every event page)."""
    _main, (civic, _hate), _draft = conference
    civic = EventPage.objects.get(pk=civic.pk)
    civic.visible_side_events()  # the site's main events, read once per content version
    compiled = compiled_sql(monkeypatch)

    side_events = civic.visible_side_events()

    assert not side_events and list(side_events) == []
    assert [model for model in compiled if model is EventPage] == []


# The migration: free-text "Organized by" becomes organiser rows ----------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_turns_the_text_into_organisers(site_tree):
    event = factories.EventPageFactory(parent=site_tree.events)
    before = [
        ("events", "0008_event_place_and_taking_part"),
        ("taxonomies", "0002_organisation_kind_closed_and_own_tables"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = MigrationExecutor(connection).loader.project_state(before).apps
    Organization = old.get_model("taxonomies", "Organization")
    odihr = Organization.objects.create(
        name="OSCE Office for Democratic Institutions and Human Rights",
        acronym="ODIHR",
        slug="odihr",
        locale_id=event.locale_id,
    )
    accept = Organization.objects.create(name="ACCEPT", slug="accept", locale_id=event.locale_id)
    old.get_model("events", "EventPage").objects.filter(pk=event.pk).update(
        organizers="<p>OSCE Office for Democratic Institutions and Human Rights (ODIHR) in "
        "cooperation with the civil society organization <b>ACCEPT</b></p>"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = EventOrganizer.objects.filter(page_id=event.pk).order_by("sort_order")
    assert [(row.organization_id, row.role) for row in rows] == [
        (odihr.pk, "organizer"),
        (accept.pk, "in-cooperation-with"),
    ]
    assert EventPage.objects.get(pk=event.pk).organized_by == (
        "Organized by OSCE Office for Democratic Institutions and Human Rights, "
        "in co-operation with ACCEPT"
    )


def test_the_events_endpoint_filters_by_main_event_in_every_language(conference, client):
    main, (civic, hate), _draft = conference
    main_ru = translate(main)
    civic_ru = translate(civic)

    def ids(**params):
        response = client.get("/api/v2/events/", params)
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["items"]}

    assert ids(main_event=main.pk) == {civic.pk, hate.pk, civic_ru.pk}
    assert ids(main_event=main_ru.pk, locale="ru") == {civic_ru.pk}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("whdc", "main_event must be the id of an event"),
        ("99999999", "main_event '99999999' is not an event"),
        ("99999999999999999999999", "main_event '99999999999999999999999' is not an event"),
    ],
)
def test_a_bad_main_event_is_a_400_with_a_message(conference, client, value, message):
    response = client.get("/api/v2/events/", {"main_event": value})
    assert response.status_code == 400
    assert response.json() == {"message": message}
