"""An editor is offered the terms and areas of the page's own language (core/forms.py).

Fields of work and thematic areas exist once per language with the same names; the
checkboxes of an English page offered the Russian ones beside them, and picking one
linked an English event to a Russian term.
"""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from events.models import EventOrganizer, EventPage
from tests import factories
from tests.helpers import event_form_data, form_errors, publish, translate


def translated_term(term, name):
    russian = term.copy_for_translation(Locale.objects.get(language_code="ru"))
    russian.name = name
    russian.save()
    return russian


@pytest.fixture
def terms(site_tree):
    tolerance = factories.FieldOfWorkFactory(name="Tolerance and non-discrimination")
    return {
        "en": tolerance,
        "ru": translated_term(tolerance, "Толерантность и недискриминация"),
        "areas_ru": [translate(area) for area in site_tree.areas],
    }


def form_of(response):
    assert response.status_code == 200
    return response.context["form"]


def offered(form, name):
    return set(form.fields[name].queryset)


def add_event_form(admin_client, parent):
    return form_of(
        admin_client.get(reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk]))
    )


def test_an_english_page_offers_english_terms_and_areas_only(site_tree, terms, admin_client):
    form = add_event_form(admin_client, site_tree.events)

    assert offered(form, "fields_of_work") == {terms["en"]}
    assert offered(form, "thematic_areas") == {area.specific for area in site_tree.areas}


def test_a_russian_page_offers_russian_terms_and_areas_only(site_tree, terms, admin_client):
    event = publish(factories.EventPageFactory(parent=site_tree.events))
    russian = translate(event)
    russian.fields_of_work.set([])
    russian.thematic_areas.set([])
    publish(russian)

    form = form_of(admin_client.get(reverse("wagtailadmin_pages:edit", args=[russian.pk])))

    assert offered(form, "fields_of_work") == {terms["ru"]}
    assert offered(form, "thematic_areas") == {area.specific for area in terms["areas_ru"]}


def test_a_term_the_page_holds_in_another_language_stays_offered(site_tree, terms, admin_client):
    """Opening and saving a page never drops a link it has, whatever its language."""
    event = factories.EventPageFactory(parent=site_tree.events, fields_of_work=[terms["ru"]])
    publish(event)

    form = form_of(admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])))

    assert offered(form, "fields_of_work") == {terms["en"], terms["ru"]}
    assert offered(form, "event_type") == {event.event_type}


def test_a_term_of_another_language_is_refused_for_a_new_page(site_tree, terms, admin_client):
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", site_tree.events.pk]),
        event_form_data(fields_of_work=[terms["ru"].pk]),
    )

    assert form_errors(response)["fields_of_work"] == [
        f"Select a valid choice. {terms['ru'].pk} is not one of the available choices."
    ]
    assert not EventPage.objects.filter(slug="roundtable-on-hate-crime-data").exists()


# Organisations: closed ones are not offered for new content, in the source field or in
# the organisers' rows; the page's own language only ------------------------------------


@pytest.fixture
def organizations(site_tree):
    odihr = factories.OrganizationFactory(name="ODIHR", kind="institution")
    return {
        "open": odihr,
        "closed": factories.OrganizationFactory(
            name="OSCE Mission to Skopje (former name)", kind="field-operation", closed=True
        ),
        "ru": translated_term(odihr, "БДИПЧ"),
    }


def organizer_row_choices(form):
    formset = form.formsets["organizers"]
    return set(formset.empty_form.fields["organization"].queryset)


def test_a_new_event_offers_open_organisations_of_its_language(
    site_tree, organizations, admin_client
):
    form = add_event_form(admin_client, site_tree.events)

    assert offered(form, "source") == {organizations["open"]}
    assert organizer_row_choices(form) == {organizations["open"]}


def test_an_event_keeps_the_closed_organisation_it_names(site_tree, organizations, admin_client):
    event = factories.EventPageFactory(parent=site_tree.events, source=organizations["closed"])
    EventOrganizer.objects.create(page=event, organization=organizations["closed"])
    publish(event)

    form = form_of(admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])))

    assert offered(form, "source") == {organizations["open"], organizations["closed"]}
    [row] = form.formsets["organizers"].forms
    assert set(row.fields["organization"].queryset) == {
        organizations["open"],
        organizations["closed"],
    }
    # A new row offers the open ones only.
    assert organizer_row_choices(form) == {organizations["open"]}
