"""Page privacy from the cache (caching/restrictions.py): the same answer as Wagtail's own
check, never stale, and no query of its own when a visitor opens a page.

An attacker's view: a section made private after its pages were visited (their routes
and the site's restrictions cached) must be private on the very next request, under its
own URL and under every alias of it, and stay so until the restriction is removed.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from caching.restrictions import ViewRestrictionsFromCache
from tests import factories
from tests.helpers import publish


@pytest.fixture
def section(site_tree):
    """About us > Staff > Handbook, all public, each visited once."""
    staff = publish(factories.StandardPageFactory(parent=site_tree.about, title="Staff"))
    handbook = publish(factories.StandardPageFactory(parent=staff, title="Handbook"))
    for page in (site_tree.about, staff, handbook):
        assert Client().get(page.url).status_code == 200
    return staff, handbook


def restrict(page, password="secret"):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
    )


def is_private(response):
    return response.status_code == 200 and b'name="password"' in response.content


def wagtails_own(page):
    return set(Page.get_view_restrictions(page))


def test_every_page_type_reads_its_restrictions_from_the_cache():
    page_types = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and not model._meta.abstract
    ]

    assert page_types
    assert [model for model in page_types if not issubclass(model, ViewRestrictionsFromCache)] == []


def test_a_section_made_private_after_a_visit_is_private_on_the_next_request(section):
    staff, handbook = section

    restriction = restrict(staff)

    for page in (staff, handbook):
        response = Client().get(page.url)
        assert is_private(response), page.url
        assert "private" in response["Cache-Control"]
    assert not is_private(Client().get(staff.get_parent().url))  # above it: public

    restriction.delete()

    assert not is_private(Client().get(handbook.url))


def test_an_alias_of_a_private_page_is_private_too(site_tree, section):
    staff, handbook = section
    alias = staff.create_alias(parent=site_tree.home, update_slug="team", recursive=True)
    alias_of_alias = alias.create_alias(parent=site_tree.home, update_slug="crew")
    under_alias = alias.get_children().get(slug=handbook.slug)
    for page in (alias, under_alias, alias_of_alias):
        assert not is_private(Client().get(page.url)), page.url

    restrict(staff)

    for page in (alias, under_alias, alias_of_alias):
        assert is_private(Client().get(page.url)), page.url


def test_the_same_restrictions_as_wagtails_own_check(site_tree, section):
    staff, handbook = section
    alias = staff.create_alias(parent=site_tree.home, update_slug="team")
    on_staff = restrict(staff)
    on_area = restrict(site_tree.areas[0])
    restrict(alias)  # a restriction on an alias: Wagtail reads the source's instead

    for page in Page.objects.specific():
        assert set(page.get_view_restrictions()) == wagtails_own(page), page.url_path
    assert set(handbook.get_view_restrictions()) == {on_staff}
    assert set(Page.objects.get(pk=alias.pk).specific.get_view_restrictions()) == {on_staff}
    assert set(site_tree.areas[0].get_view_restrictions()) == {on_area}


def test_a_visit_reads_no_restriction_once_the_site_s_are_cached(settings, section):
    _staff, handbook = section
    settings.WHOLE_RESPONSES = False  # the page computed, not served whole from the cache

    with CaptureQueriesContext(connection) as context:
        assert Client().get(handbook.url).status_code == 200

    assert context.captured_queries  # computed
    # Wagtail's check: the ancestors' aliases, then the restrictions on them.
    sql = [query["sql"] for query in context]
    assert not [q for q in sql if q.startswith('SELECT "wagtailcore_pageviewrestriction"')]
    assert not [q for q in sql if '"wagtailcore_page"."alias_of_id" FROM' in q]
