"""An editor creates the seed event through the Wagtail admin's page form (DESIGN §1, §4)."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.models import get_page_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.forms import SitePageForm
from events.models import EventPage
from tests import factories
from tests.helpers import event_form_data, form_errors, get_soup, text_of

TITLE = "Joint Training Against Hate Crimes for Civil Society Representatives and Law Enforcement"
SLUG = "joint-training-against-hate-crimes-for-civil-society-representatives-and-law-enforcement"
ABOUT = "<p>This joint training aims to deepen co-operation between police and civil society.</p>"
WHY = "<p>Effective cooperation between police and civil society is vital.</p>"
BACKGROUND = "<p>The workshop is organized as part of a joint initiative (STARS).</p>"


def without_block_keys(html):
    """Rich text as saved from the editor, minus the block keys Draftail adds."""
    return re.sub(r' data-block-key="[^"]*"', "", html)


@pytest.fixture
def taxonomies(site_tree):
    return {
        "training": factories.EventTypeFactory(name="Training"),
        "odihr": factories.OrganizationFactory(
            name="OSCE Office for Democratic Institutions and Human Rights", acronym="ODIHR"
        ),
        "accept": factories.OrganizationFactory(name="ACCEPT", kind="external-partner"),
        "tolerance": factories.FieldOfWorkFactory(name="Tolerance and non-discrimination"),
        "human_rights": factories.FieldOfWorkFactory(name="Human rights"),
    }


def seed_event_form(site_tree, taxonomies, **overrides):
    data = nested_form_data(
        {
            "title": TITLE,
            "event_type": taxonomies["training"].pk,
            "start_date": "2025-05-27",
            "end_date": "2025-05-29",
            "time_zone": "Europe/Bucharest",
            "attendance": "in-person",
            "city": "Sibiu",
            "country": "RO",
            "registration_open": "automatic",
            "contacts": streamfield([]),
            "organizers": inline_formset(
                [
                    {"organization": taxonomies["odihr"].pk, "role": "organizer"},
                    {"organization": taxonomies["accept"].pk, "role": "in-cooperation-with"},
                ]
            ),
            "related_pages": inline_formset([]),
            "source": taxonomies["odihr"].pk,
            "summary": "A joint training for civil society and law enforcement in Romania.",
            "body": streamfield(
                [
                    ("about", {"heading": "About", "text": rich_text(ABOUT)}),
                    (
                        "why_important",
                        {"heading": "Why is this important?", "text": rich_text(WHY)},
                    ),
                    ("background", {"heading": "Background", "text": rich_text(BACKGROUND)}),
                ]
            ),
            **overrides,
        }
    )
    data["fields_of_work"] = [taxonomies["tolerance"].pk]
    data["thematic_areas"] = [site_tree.areas[2].pk]
    return data


def test_superuser_creates_and_publishes_the_seed_event(site_tree, taxonomies, page_tests, client):
    page_tests.assertCanCreate(site_tree.events, EventPage, seed_event_form(site_tree, taxonomies))

    event = EventPage.objects.get(slug=SLUG)
    assert event.get_parent().pk == site_tree.events.pk
    assert event.live and event.live_revision_id == event.latest_revision_id
    assert event.title == TITLE
    assert event.event_type == taxonomies["training"]
    assert (event.start_date, event.end_date) == (
        datetime.date(2025, 5, 27),
        datetime.date(2025, 5, 29),
    )
    assert (event.city, event.country.code, event.attendance) == ("Sibiu", "RO", "in-person")
    assert [(row.organization, row.role) for row in event.organizers.all()] == [
        (taxonomies["odihr"], "organizer"),
        (taxonomies["accept"], "in-cooperation-with"),
    ]
    assert event.organized_by == (
        "Organized by OSCE Office for Democratic Institutions and Human Rights, "
        "in co-operation with ACCEPT"
    )
    assert event.source == taxonomies["odihr"]
    assert list(event.fields_of_work.all()) == [taxonomies["tolerance"]]
    assert [area.pk for area in event.thematic_areas.all()] == [site_tree.areas[2].pk]
    assert [
        (block.block_type, block.value["heading"], without_block_keys(block.value["text"].source))
        for block in event.body
    ] == [
        ("about", "About", ABOUT),
        ("why_important", "Why is this important?", WHY),
        ("background", "Background", BACKGROUND),
    ]

    soup = get_soup(client.get(f"/en/events/{SLUG}/"))
    assert text_of(soup.find("h1")) == TITLE
    assert [text_of(h2) for h2 in soup.find("div", class_="stream").find_all("h2")] == [
        "About",
        "Why is this important?",
        "Background",
    ]


def test_several_fields_of_work_and_areas_can_be_chosen(site_tree, taxonomies, page_tests):
    data = seed_event_form(site_tree, taxonomies)
    data["fields_of_work"] = [taxonomies["tolerance"].pk, taxonomies["human_rights"].pk]
    data["thematic_areas"] = [site_tree.areas[1].pk, site_tree.areas[2].pk]
    page_tests.assertCanCreate(site_tree.events, EventPage, data)

    event = EventPage.objects.get(slug=SLUG)
    assert set(event.fields_of_work.all()) == {taxonomies["tolerance"], taxonomies["human_rights"]}
    assert set(event.thematic_areas.all()) == {site_tree.areas[1], site_tree.areas[2]}


def test_saving_a_draft_creates_an_unpublished_event(site_tree, taxonomies, page_tests, client):
    page_tests.assertCanCreate(
        site_tree.events, EventPage, seed_event_form(site_tree, taxonomies), publish=False
    )
    event = EventPage.objects.get(slug=SLUG)
    assert event.live is False
    assert client.get(f"/en/events/{SLUG}/").status_code == 404


def add_url(site_tree):
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", site_tree.events.pk])


def test_end_date_before_start_date_re_renders_the_form_and_creates_nothing(
    site_tree, taxonomies, admin_client
):
    data = seed_event_form(site_tree, taxonomies, end_date="2025-05-26")
    data["slug"] = SLUG
    data["action-publish"] = "action-publish"

    response = admin_client.post(add_url(site_tree), data)

    assert response.status_code == 200
    assert form_errors(response) == {"end_date": ["The end date cannot be before the start date."]}
    assert "The end date cannot be before the start date." in text_of(get_soup(response))
    assert "The page could not be created due to validation errors" in response.content.decode()
    assert not EventPage.objects.exists()


def test_publishing_without_what_an_event_needs_is_refused(site_tree, admin_client):
    data = event_form_data(event_type="", start_date="", country="")
    data["action-publish"] = "action-publish"

    response = admin_client.post(add_url(site_tree), data)

    assert response.status_code == 200
    assert form_errors(response) == {
        "event_type": ["This field is required."],
        "start_date": ["This field is required."],
        "source": ["Choose the organization the event comes from."],
        "fields_of_work": ["Choose at least one field of work."],
        "country": [
            "Choose the country where the event takes place: only online events have none."
        ],
    }
    assert not EventPage.objects.exists()


def test_event_form_is_not_offered_outside_an_events_index(site_tree, admin_client):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", site_tree.news.pk])
    response = admin_client.get(url)
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_anonymous_visitors_cannot_reach_the_form(site_tree, client):
    response = client.get(add_url(site_tree))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_taken_slug_says_which_page_holds_it_and_where_to_edit_it(
    site_tree, taxonomies, admin_client
):
    """An abandoned form that autosave kept as a draft is named, with its edit URL."""
    abandoned = factories.EventPageFactory(
        parent=site_tree.events, title="Roundtable", slug=SLUG, live=False
    )
    abandoned.save_revision()
    data = seed_event_form(site_tree, taxonomies)
    data["slug"] = SLUG

    response = admin_client.post(add_url(site_tree), data)

    assert response.status_code == 200
    edit_url = reverse("wagtailadmin_pages:edit", args=[abandoned.pk])
    assert form_errors(response)["slug"] == [
        f"The slug '{SLUG}' is already in use by “Roundtable” (draft) in this section: "
        f"continue editing it at {edit_url}, or choose another slug."
    ]
    assert EventPage.objects.filter(slug=SLUG).count() == 1


def test_every_page_type_names_the_page_that_holds_a_slug():
    for model in get_page_models():
        if model._meta.app_label != "wagtailcore":
            assert issubclass(model.get_edit_handler().get_form_class(), SitePageForm), model
