"""What starts a new content version (caching/version.py), and what must not.

Only editors' content renews it; nothing a visitor's request writes may, or any visitor
could empty the cache at will. Every test runs on the memory cache and on the real Redis.
"""

import contextlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from caching.version import content_changed, content_version
from tests import factories
from tests.api.utils import make_document
from tests.helpers import publish

EVENTS_URL = "/api/v2/events/?fields=*"


def queries_of(url, **params):
    with CaptureQueriesContext(connection) as context:
        response = Client().get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(context), response


@pytest.fixture
def event(site_tree):
    return factories.EventPageFactory(parent=site_tree.events, title="Joint Training")


def test_an_anonymous_search_for_a_new_term_keeps_the_content_version(event):
    queries_of(EVENTS_URL)
    version = content_version()

    queries_of("/en/search/", q="a term nobody searched for before")

    assert content_version() == version
    warm, _ = queries_of(EVENTS_URL)
    assert warm == 0


def test_a_search_promotion_renews_the_content_version(event):
    _, response = queries_of("/en/search/", q="training")
    assert b"Recommended" not in response.content
    version = content_version()

    SearchPromotion.objects.create(
        query=Query.get("training"),
        external_link_url="https://example.org/",
        external_link_text="Our trainings",
        sort_order=0,
    )

    assert content_version() != version
    _, response = queries_of("/en/search/", q="training")
    assert b"Our trainings" in response.content


def test_a_file_size_saved_on_a_visitors_request_keeps_the_content_version(event):
    """Wagtail saves a document's size the first time it is read (here, as any visitor's
    request could); the file did not change, so neither did content."""
    document = make_document()
    assert document.file_size is None
    version = content_version()

    assert document.get_file_size() == len(b"%PDF-1.4\n")

    assert content_version() == version
    document.title = "Annual report 2025"
    document.save()
    assert content_version() != version


# Collections decide which documents are public ------------------------------------------


@pytest.fixture
def published_file(site_tree):
    """A document in a collection of its own, offered by a live resource page."""
    collection = Collection.get_first_root_node().add_child(name="Reports")
    document = make_document(title="Annual report")
    document.collection = collection
    document.save()
    resource = factories.ResourcePageFactory(parent=site_tree.resources)
    resource.documents.create(document=document)
    resource.save()
    return document


def document_titles():
    _, response = queries_of("/api/v2/documents/")
    return [item["title"] for item in response.json()["items"]]


def test_a_collection_made_private_leaves_cached_responses_at_once(published_file):
    detail = f"/api/v2/documents/{published_file.pk}/"
    assert document_titles() == ["Annual report"]
    assert queries_of(detail)[1].json()["title"] == "Annual report"
    assert queries_of("/api/v2/documents/")[0] == 0  # cached
    version = content_version()

    restriction = CollectionViewRestriction.objects.create(
        collection=published_file.collection, restriction_type="password", password="secret"
    )

    assert content_version() != version
    assert document_titles() == []
    assert Client().get(detail).status_code == 404

    restriction.delete()

    assert document_titles() == ["Annual report"]


def test_a_collection_moved_under_a_private_one_leaves_cached_responses(published_file):
    private = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    assert document_titles() == ["Annual report"]
    version = content_version()

    # Adding "Internal" renumbered its sorted siblings: treebeard moves fresh nodes only.
    Collection.objects.get(pk=published_file.collection_id).move(
        Collection.objects.get(pk=private.pk), "sorted-child"
    )

    assert content_version() != version
    assert document_titles() == []


def test_a_renamed_collection_renews_the_content_version(published_file):
    version = content_version()
    published_file.collection.name = "Publications"
    published_file.collection.save()
    assert content_version() != version


@pytest.mark.parametrize("kind", ["page", "collection"])
def test_the_groups_of_a_view_restriction_renew_the_content_version(event, kind):
    """The admin saves a restriction, then sets its groups (``m2m_changed``)."""
    if kind == "page":
        restriction = PageViewRestriction.objects.create(page=event, restriction_type="groups")
    else:
        restriction = CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node().add_child(name="Staff only"),
            restriction_type="groups",
        )
    group = Group.objects.create(name="Staff")

    for change in (
        lambda: restriction.groups.add(group),
        lambda: restriction.groups.remove(group),
        lambda: getattr(group, f"{type(restriction).__name__.lower()}_set").add(restriction),
        lambda: restriction.groups.clear(),
    ):
        version = content_version()
        change()
        assert content_version() != version


class Boom(Exception):
    pass


# Committed for real (the migrations' data restored after, for the tests that follow).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_saving_many_pages_announces_one_change(site_tree):
    announced = []

    def receiver(**kwargs):
        announced.append(kwargs)

    content_changed.connect(receiver)
    try:
        with transaction.atomic():
            for number in range(3):
                publish(
                    factories.StandardPageFactory(parent=site_tree.about, title=f"Page {number}")
                )
        assert len(announced) == 1

        # The next transaction is announced too, and one undone is not.
        with transaction.atomic():
            publish(factories.StandardPageFactory(parent=site_tree.about, title="Later"))
        assert len(announced) == 2
        with contextlib.suppress(Boom), transaction.atomic():
            publish(factories.StandardPageFactory(parent=site_tree.about, title="Undone"))
            raise Boom
        assert len(announced) == 2
    finally:
        content_changed.disconnect(receiver)
