"""A resource's publisher text becomes an organisation, nothing lost (resources 0004-0006),
and the editor groups get the same rights on collections as on fields of work (0005)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale, Revision

from resources.models import ResourcePage
from taxonomies.models import Organization, OrganizationKind
from tests import factories
from tests.helpers import translate

BEFORE = [("resources", "0003_resource_type_isbn_publisher_file_language")]
DEFAULT_TEXT = "OSCE Office for Democratic Institutions and Human Rights (ODIHR)"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


# Serialized rollback: the data the migrations made (the root page, the groups) is restored
# first, whichever transactional test ran before.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_publisher_text_becomes_an_organisation(site_tree):
    odihr = factories.OrganizationFactory(
        name="OSCE Office for Democratic Institutions and Human Rights",
        acronym="ODIHR",
        slug="odihr",
        kind=OrganizationKind.INSTITUTION,
    )
    coe = factories.OrganizationFactory(name="Council of Europe", slug="coe")
    aepc = factories.OrganizationFactory(
        name="Association of European Police Colleges", acronym="AEPC", slug="aepc"
    )
    texts = {
        "default": DEFAULT_TEXT,
        "by_name": "council of Europe",
        "by_acronym": "AEPC",
        "new": "Organisation for Legal Aid (OLA)",
        "new_again": "Organisation for Legal Aid (OLA)",
        "blank": "",
    }
    pages = {
        name: factories.ResourcePageFactory(
            parent=site_tree.resources, slug=name.replace("_", "-"), publisher=odihr
        )
        for name in texts
    }
    pages["default"].save_revision()  # a draft keeps the publisher in its revision
    russian = translate(pages["default"], "ru")

    executor = migrate(BEFORE)
    OldResourcePage = executor.loader.project_state(BEFORE).apps.get_model(
        "resources", "ResourcePage"
    )
    for name, text in texts.items():
        OldResourcePage.objects.filter(pk=pages[name].pk).update(publisher=text)
    OldResourcePage.objects.filter(pk=russian.pk).update(publisher=DEFAULT_TEXT)
    draft = Revision.objects.filter(object_id=str(pages["default"].pk)).latest("pk")
    assert draft.content["publisher"] == DEFAULT_TEXT  # backwards: the organisation's text

    migrate(executor.loader.graph.leaf_nodes())

    publisher = {
        name: ResourcePage.objects.get(pk=page.pk).publisher for name, page in pages.items()
    }
    assert publisher["default"] == publisher["blank"] == odihr
    assert publisher["by_name"] == coe
    assert publisher["by_acronym"] == aepc
    made = publisher["new"]
    assert publisher["new_again"] == made
    assert (made.name, made.acronym, made.kind, made.closed) == (
        "Organisation for Legal Aid",
        "OLA",
        OrganizationKind.EXTERNAL_PARTNER,
        False,
    )
    assert (made.slug, made.locale) == ("organisation-for-legal-aid", Locale.get_default())
    # The institution is not translated yet: the Russian resource names the English one.
    assert ResourcePage.objects.get(pk=russian.pk).publisher == odihr
    draft.refresh_from_db()
    assert draft.content["publisher"] == odihr.pk
    assert draft.as_object().publisher == odihr
    assert Organization.objects.count() == 4


def test_editor_groups_have_the_same_rights_on_collections_as_on_fields_of_work(db):
    for group in Group.objects.filter(name__in=["Editors", "Moderators", "Translators"]):
        codenames = set(group.permissions.values_list("codename", flat=True))
        on_fields = {
            name.removesuffix("_fieldofwork") for name in codenames if name.endswith("_fieldofwork")
        }
        on_collections = {
            name.removesuffix("_resourcecollection")
            for name in codenames
            if name.endswith("_resourcecollection")
        }
        assert on_fields, group.name
        assert on_collections == on_fields, group.name
