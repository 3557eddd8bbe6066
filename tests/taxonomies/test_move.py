"""Fields of work and organisations moved from ``events`` to ``taxonomies`` with their rows,
their events' links and the editor groups' permissions on them (taxonomies 0001, 0002)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import EventPage
from taxonomies.models import FieldOfWork, Organization, OrganizationKind
from tests import factories

BEFORE = [("events", "0006_event_times_and_time_zone")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


# Serialized rollback: the data the migrations made (the root page, the groups) is restored
# first, whichever transactional test ran before.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_terms_events_and_permissions_survive_the_move(site_tree):
    event = factories.EventPageFactory(
        parent=site_tree.events, start_date=datetime.date(2031, 5, 27), fields_of_work=[]
    )
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    locale_id = event.locale_id
    odihr = old.get_model("events", "Organization").objects.create(
        name="OSCE Office for Democratic Institutions and Human Rights",
        acronym="ODIHR",
        slug="odihr",
        locale_id=locale_id,
    )
    field = old.get_model("events", "FieldOfWork").objects.create(
        name="Elections", slug="elections", locale_id=locale_id
    )
    OldEventPage = old.get_model("events", "EventPage")
    OldEventPage.objects.filter(pk=event.pk).update(source_id=odihr.pk)
    OldEventPage.fields_of_work.through.objects.create(eventpage_id=event.pk, fieldofwork=field)
    editors_could = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__model__in=["organization", "fieldofwork"])
        .values_list("codename", flat=True)
    )
    assert {"view_organization", "add_fieldofwork"} <= editors_could

    executor = migrate(executor.loader.graph.leaf_nodes())

    event = EventPage.objects.get(pk=event.pk)
    assert event.source == Organization.objects.get(pk=odihr.pk)
    assert event.source.kind == OrganizationKind.INSTITUTION  # ODIHR is one of the institutions
    assert not event.source.closed
    assert list(event.fields_of_work.all()) == [FieldOfWork.objects.get(pk=field.pk)]
    assert Organization._meta.db_table == "taxonomies_organization"
    assert not ContentType.objects.filter(
        app_label="events", model__in=["organization", "fieldofwork"]
    ).exists()
    editors_can = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="taxonomies")
        .values_list("codename", flat=True)
    )
    assert editors_can == editors_could
