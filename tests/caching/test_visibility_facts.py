"""The visibility filter with its facts read once per content version (core.querysets.visible,
core.kept): the same pages as with its subqueries, and never stale.

An attacker's view: a page listed and shown (the facts cached) must vanish from the API and
from its URL on the very next request once its section is made private, and come back once
the restriction is removed; an untranslated parent copied into another language must stay
hidden however the facts were read.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from caching.version import _request_memo, cached_for_the_request
from core.i18n import visible_translations
from core.kept import keep_with
from core.querysets import VisibilityFacts, known_visibility_facts, under_live_home, visible
from tests import factories
from tests.helpers import publish, translate


@pytest.fixture
def with_facts():
    """Run ``visible`` with the given facts (None: its subqueries), then as the site does."""

    def use(facts):
        keep_with(lambda name, *parts, compute: facts if name == "visibility-facts" else None)

    yield use
    keep_with(cached_for_the_request)


@pytest.fixture
def tree(site_tree):
    """A private section (About us > Staff > Handbook), a public alias of it, an event
    translated into Russian (its untranslated parents become Russian aliases of the
    English ones), an expired page and a draft."""
    staff = publish(factories.StandardPageFactory(parent=site_tree.about, title="Staff"))
    handbook = publish(factories.StandardPageFactory(parent=staff, title="Handbook"))
    PageViewRestriction.objects.create(
        page=staff, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    alias = site_tree.about.create_alias(parent=site_tree.home, update_slug="about-alias")
    PageViewRestriction.objects.create(
        page=alias, restriction_type=PageViewRestriction.LOGIN
    )  # on an alias: still a restriction in the filter's eyes
    event = publish(factories.EventPageFactory(parent=site_tree.events, title="Hearing"))
    russian = translate(event)
    expired = publish(factories.StandardPageFactory(parent=site_tree.home, title="Old"))
    Page.objects.filter(pk=expired.pk).update(expire_at="2001-01-01T00:00:00Z")
    draft = factories.StandardPageFactory(parent=site_tree.home, title="Draft", live=False)
    return {
        "staff": staff,
        "handbook": handbook,
        "alias": alias,
        "event": event,
        "russian": russian,
        "expired": expired,
        "draft": draft,
    }


def ids(queryset):
    """The ids of ``queryset``'s pages, the tree's root left out (it has no home page)."""
    return set(queryset.filter(depth__gte=2).values_list("pk", flat=True))


def test_the_facts_find_the_same_pages_as_the_subqueries(tree, with_facts):
    facts = VisibilityFacts.read()
    russian_parents = [
        page.pk for page in tree["russian"].get_ancestors() if page.alias_of_id is not None
    ]
    assert russian_parents  # the translation made aliases of its parents
    assert set(facts.foreign_alias_ids) == set(russian_parents)
    assert facts.restricted_paths == tuple(sorted([tree["staff"].path, tree["alias"].path]))

    with_facts(None)
    by_subqueries = ids(visible(Page.objects.all()))
    homes_by_subquery = ids(under_live_home(Page.objects.all()))
    with_facts(facts)
    by_facts = ids(visible(Page.objects.all()))
    homes_by_facts = ids(under_live_home(Page.objects.all()))

    assert by_facts == by_subqueries
    assert homes_by_facts == homes_by_subquery
    hidden = {"staff", "handbook", "alias", "expired", "draft"}
    assert not by_facts & ({tree[name].pk for name in hidden} | set(russian_parents))
    assert {tree["event"].pk, tree["russian"].pk} <= by_facts


def test_translations_checked_with_the_facts_are_those_the_subqueries_find(tree, with_facts):
    """``core.i18n.visible_translations`` checks the facts on the rows it reads: the
    same translations as the query's filter, a private, expired or draft one left out."""
    for name in ("handbook", "expired", "draft"):
        translate(tree[name])  # each translation public, its source not

    def translations(facts):
        with_facts(facts)
        return {
            page.pk: [translation.pk for translation in visible_translations(page)]
            for page in Page.objects.filter(depth__gte=2)  # fresh rows: each keeps its own
        }

    by_facts = translations(VisibilityFacts.read())
    assert by_facts == translations(None)
    assert by_facts[tree["russian"].pk] == [tree["event"].pk]
    for name in ("handbook", "expired", "draft"):
        russian = tree[name].get_translation(tree["russian"].locale)
        assert by_facts[russian.pk] == []  # the English page is not one visitors can open
    with_facts(None)
    Page.objects.filter(pk=tree["russian"].pk).update(expire_at="2001-01-01T00:00:00Z")
    assert translations(VisibilityFacts.read())[tree["event"].pk] == []
    assert translations(None)[tree["event"].pk] == []


def test_a_draft_home_hides_its_language_by_facts_as_by_subquery(tree, with_facts):
    russian_home = Page.objects.get(depth=2, locale__language_code="ru")
    Page.objects.filter(pk=russian_home.pk).update(live=False)
    facts = VisibilityFacts.read()
    assert russian_home.path not in facts.live_home_paths

    with_facts(None)
    by_subquery = ids(under_live_home(Page.objects.all()))
    with_facts(facts)

    assert ids(under_live_home(Page.objects.all())) == by_subquery
    assert tree["russian"].pk not in by_subquery and tree["event"].pk in by_subquery


def test_too_many_foreign_aliases_leave_the_subqueries_in_charge(tree, with_facts, monkeypatch):
    monkeypatch.setattr(VisibilityFacts, "MAX_FOREIGN_ALIASES", 1)  # the tree has more

    assert VisibilityFacts.read() is None

    response = Client().get("/api/v2/pages/?locale=ru&limit=50")
    listed = {item["id"] for item in response.json()["items"]}
    assert tree["russian"].pk in listed
    assert not listed & {page.pk for page in tree["russian"].get_ancestors()}


def api_ids(path):
    return {item["id"] for item in Client().get(path).json()["items"]}


def test_a_section_made_private_after_a_visit_is_hidden_on_the_next_request(tree, settings):
    settings.WHOLE_RESPONSES = False  # computed each time, the facts from the cache
    event = tree["event"]
    listings = ("/api/v2/pages/?limit=100", "/api/v2/events/?limit=100&locale=en")
    detail = f"/api/v2/pages/{event.pk}/"
    assert all(event.pk in api_ids(listing) for listing in listings)
    assert Client().get(detail).status_code == 200

    restriction = PageViewRestriction.objects.create(
        page=event.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert not any(event.pk in api_ids(listing) for listing in listings)
    assert Client().get(detail).status_code == 404

    restriction.delete()

    assert all(event.pk in api_ids(listing) for listing in listings)
    assert Client().get(detail).status_code == 200


def test_a_request_reads_the_facts_from_the_cache_not_the_database(tree, settings):
    settings.WHOLE_RESPONSES = False
    path = f"/api/v2/pages/{tree['event'].pk}/"
    assert Client().get(path).status_code == 200  # reads the facts once

    with CaptureQueriesContext(connection) as context:
        assert Client().get(path).status_code == 200

    sql = " ".join(query["sql"] for query in context)
    assert context.captured_queries  # computed, not served whole
    assert "wagtailcore_pageviewrestriction" not in sql
    assert "EXISTS" not in sql  # nor the aliases' subquery


def test_outside_a_request_the_subqueries_are_used(tree):
    assert known_visibility_facts() is None
    sql = str(visible(Page.objects.all()).query)
    assert "wagtailcore_pageviewrestriction" in sql
    assert sql.count("EXISTS") == 2


def test_a_restriction_removal_rolled_back_leaves_the_section_private(tree, settings):
    """A request that removes a restriction, reads what visitors may see before committing,
    then rolls back must not leave its reading for the others: they would list a private
    page until the next change."""
    settings.WHOLE_RESPONSES = False
    event = tree["event"]
    restriction = PageViewRestriction.objects.create(
        page=event.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    listing = "/api/v2/pages/?limit=100"
    assert event.pk not in api_ids(listing)

    request = _request_memo.set({})  # as the middleware keeps one per request
    try:
        with transaction.atomic():
            restriction.delete()
            assert event.pk in ids(visible(Page.objects.all()))  # its own, uncommitted view
            transaction.set_rollback(True)
    finally:
        _request_memo.reset(request)

    assert PageViewRestriction.objects.filter(page=event.get_parent()).exists()
    assert event.pk not in api_ids(listing)
    assert Client().get(f"/api/v2/pages/{event.pk}/").status_code == 404
