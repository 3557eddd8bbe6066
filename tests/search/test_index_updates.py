"""The index follows the content: publishing, unpublishing, translating, deleting, without a rebuild.

Hidden pages (drafts, unpublished, private, expired) are never found, and a draft of a
live page is not searchable before it is published.
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.search.models import IndexEntry

from tests import factories
from tests.search.utils import api_titles, publish, result_titles, search_page, translate


def found(query, language="en"):
    """Whether ``query`` finds anything on the search page, the pages API and the events API."""
    return {
        "page": result_titles(search_page(language, q=query)),
        "pages api": api_titles("pages/", search=query, locale=language),
        "events api": api_titles("events/", search=query, locale=language),
    }


NOTHING = {"page": [], "pages api": [], "events api": []}


def everywhere(title):
    return {"page": [title], "pages api": [title], "events api": [title]}


@pytest.fixture
def event(site_tree):
    """A draft event with a field of work and a thematic area, never published yet."""
    field = factories.FieldOfWorkFactory(name="Zanzibar studies")
    page = factories.EventPageFactory(
        parent=site_tree.events, title="Quokka workshop", summary="About marsupials.", live=False
    )
    page.fields_of_work.set([field])
    page.thematic_areas.set([site_tree.areas[2]])
    page.save_revision()
    return page


def test_a_draft_is_not_found_until_published(event):
    assert found("Quokka") == NOTHING
    publish(event)
    assert found("Quokka") == everywhere("Quokka workshop")


def test_relations_set_before_publishing_are_searchable(event):
    # The field of work is written after the page's own row; the index must see it.
    publish(event)
    assert found("Zanzibar studies") == everywhere("Quokka workshop")
    assert found("Hate crime")["events api"] == ["Quokka workshop"]


def test_changed_relations_are_searchable_once_published(event):
    publish(event)
    event.fields_of_work.set([factories.FieldOfWorkFactory(name="Wombat policy")])
    event.save_revision().publish()
    assert found("Wombat") == everywhere("Quokka workshop")
    assert found("Zanzibar") == NOTHING


def test_a_draft_of_a_live_page_is_not_searchable(event):
    publish(event)
    event.title = "Platypus workshop"
    event.summary = "Secret draft wording."
    event.save_revision()
    assert found("Platypus") == NOTHING
    assert found("Secret draft wording") == NOTHING
    assert found("Quokka") == everywhere("Quokka workshop")
    event.get_latest_revision().publish()
    assert found("Platypus") == everywhere("Platypus workshop")
    assert found("Quokka") == NOTHING


def test_unpublishing_and_republishing(event):
    publish(event)
    event.unpublish()
    assert found("Quokka") == NOTHING
    publish(Page.objects.get(pk=event.pk).specific)
    assert found("Quokka") == everywhere("Quokka workshop")


def test_deleting_removes_the_page_from_the_index(event):
    publish(event)
    pk = str(event.pk)
    assert IndexEntry.objects.filter(object_id=pk).exists()
    event.delete()
    assert not IndexEntry.objects.filter(object_id=pk).exists()
    assert found("Quokka") == NOTHING


@pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_private_pages_are_not_found(event, restriction):
    publish(event)
    PageViewRestriction.objects.create(page=event, restriction_type=restriction, password="x")
    assert found("Quokka") == NOTHING


def test_pages_under_a_private_page_are_not_found(event, site_tree):
    publish(event)
    PageViewRestriction.objects.create(
        page=site_tree.events, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert found("Quokka") == NOTHING


def test_expired_pages_are_not_found(event):
    publish(event)
    # Still live: only the publish_scheduled command would unpublish it.
    event.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    assert found("Quokka") == NOTHING


def test_scheduled_pages_are_not_found_before_they_go_live(event):
    event.go_live_at = timezone.now() + datetime.timedelta(days=1)
    event.save_revision().publish()
    assert found("Quokka") == NOTHING


def test_a_translation_is_found_in_its_language(event, site_tree):
    publish(event)
    # No Russian page yet: no Russian search page either (tests/i18n), nothing in the API.
    assert Client().get("/ru/search/", {"q": "Квокка"}).status_code == 404
    assert api_titles("pages/", search="Квокка", locale="ru") == []
    russian = translate(event, "ru", title="Семинар о квокках", summary="Квокка и валлаби.")
    assert found("Квокка", "ru") == everywhere("Семинар о квокках")
    assert found("Квокка", "en") == NOTHING
    assert found("Quokka", "ru") == NOTHING  # the Russian page has its own text
    russian.unpublish()
    assert found("Квокка", "ru") == NOTHING
    publish(Page.objects.get(pk=russian.pk).specific)
    Page.objects.get(pk=russian.pk).delete()
    assert found("Квокка", "ru") == NOTHING
    assert found("Quokka") == everywhere("Quokka workshop")


def test_pages_outside_the_site_are_not_found(event, site_tree):
    publish(event)
    other_home = factories.HomePageFactory.build(title="Other", slug="other")
    Page.get_first_root_node().add_child(instance=other_home)
    factories.StandardPageFactory(parent=other_home, title="Quokka elsewhere")
    assert result_titles(search_page(q="Quokka")) == ["Quokka workshop"]


def test_update_index_rebuilds_the_same_results(event):
    publish(event)
    IndexEntry.objects.all().delete()
    assert found("Quokka") == NOTHING
    call_command("update_index", verbosity=0)
    assert found("Quokka") == everywhere("Quokka workshop")
    assert found("Zanzibar studies") == everywhere("Quokka workshop")
