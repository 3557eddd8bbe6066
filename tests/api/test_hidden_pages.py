"""Drafts, unpublished, private, expired and scheduled pages never appear in any endpoint."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests import factories
from tests.api.utils import publish

KINDS = ["draft", "unpublished", "password", "login", "expired", "scheduled"]
PRIVATE = {"password": PageViewRestriction.PASSWORD, "login": PageViewRestriction.LOGIN}
NOT_FOUND = {"message": "No Page matches the given query."}


def get_response(path="pages/", **params):
    return Client().get(f"/api/v2/{path}", params)


def hidden(kind, factory, parent, **fields):
    """A page of ``factory``'s type under ``parent`` that visitors must not see, by ``kind``."""
    if kind in ("draft", "scheduled"):
        page = factory(parent=parent, live=False, **fields)
        if kind == "scheduled":
            page.go_live_at = timezone.now() + datetime.timedelta(days=1)
            page.save_revision().publish()
    else:
        page = publish(factory(parent=parent, **fields))
    if kind == "unpublished":
        page.unpublish()
    elif kind in PRIVATE:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PRIVATE[kind], password="secret"
        )
    elif kind == "expired":
        # Still live: only the publish_scheduled command would unpublish it.
        page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
        page.save()
    page.refresh_from_db()
    assert page.live is (kind in ("password", "login", "expired"))
    return page


@pytest.fixture(params=KINDS)
def tree(request, site_tree):
    """Visible pages and hidden ones of one kind, every one with "Zanzibar" in its title."""
    kind = request.param
    area = hidden(
        kind,
        factories.ThematicAreaPageFactory,
        site_tree.our_work,
        title="Zanzibar hidden area",
        slug="hidden-area",
        show_in_menus=True,
    )
    pages = {
        "kind": kind,
        "visible_page": factories.StandardPageFactory(
            parent=site_tree.home, title="Zanzibar page", slug="visible", show_in_menus=True
        ),
        "visible_event": factories.EventPageFactory(
            parent=site_tree.events,
            title="Zanzibar event",
            slug="visible-event",
            thematic_areas=[site_tree.areas[0], area],
        ),
        "page": hidden(
            kind,
            factories.StandardPageFactory,
            site_tree.home,
            title="Zanzibar hidden page",
            slug="hidden-page",
            show_in_menus=True,
        ),
        "area": area,
        "event": hidden(
            kind,
            factories.EventPageFactory,
            site_tree.events,
            title="Zanzibar hidden event",
            slug="hidden-event",
        ),
    }
    if kind in PRIVATE:
        pages["child"] = factories.StandardPageFactory(
            parent=pages["page"], title="Zanzibar child of a private page", slug="child"
        )
    pages["hidden_ids"] = {
        page.pk for name, page in pages.items() if name in ("page", "area", "event", "child")
    }
    pages["site_tree"] = site_tree
    return pages


def listed_ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_pages_listing(tree):
    found = listed_ids(get_response(limit=100))

    assert {tree["visible_page"].pk, tree["visible_event"].pk} <= found
    assert not found & tree["hidden_ids"]


def test_pages_listing_by_type_and_parent(tree):
    events = listed_ids(get_response(type="events.EventPage"))
    under_home = listed_ids(get_response(child_of=str(tree["site_tree"].home.pk), limit=100))

    assert events == {tree["visible_event"].pk}
    assert tree["visible_page"].pk in under_home
    assert tree["page"].pk not in under_home


def test_pages_detail_is_404(tree):
    assert get_response(f"pages/{tree['visible_page'].pk}/").status_code == 200
    for page_id in tree["hidden_ids"]:
        response = get_response(f"pages/{page_id}/")

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


def test_events_listing_and_detail(tree):
    assert listed_ids(get_response("events/")) == {tree["visible_event"].pk}
    assert listed_ids(get_response("events/", country="RO", upcoming="1")) == {
        tree["visible_event"].pk
    }
    response = get_response(f"events/{tree['event'].pk}/")
    assert response.status_code == 404
    assert response.json() == {"message": "No EventPage matches the given query."}


def test_search(tree):
    found = listed_ids(get_response(search="Zanzibar", limit=100))
    events = listed_ids(get_response("events/", search="Zanzibar"))

    assert found == {tree["visible_page"].pk, tree["visible_event"].pk}
    assert events == {tree["visible_event"].pk}


@pytest.mark.parametrize(
    "path",
    [
        "/en/hidden-page/",
        "/en/hidden-page/child/",
        "/en/events/hidden-event/",
        "/en/our-work/hidden-area/",
    ],
)
def test_find_is_404(tree, path):
    assert get_response("pages/find/", html_path="/en/visible/").status_code == 302

    response = get_response("pages/find/", html_path=path)

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


def test_navigation(tree):
    items = get_response("navigation/").json()["items"]

    titles = [item["title"] for item in items]
    assert titles == ["About us", "Our work", "News", "Events", "Resources", "Zanzibar page"]
    our_work = items[1]
    assert [child["title"] for child in our_work["children"]] == [
        "Elections",
        "Civil society",
        "Hate crime",
    ]


def test_thematic_area_links_leave_hidden_areas_out(tree):
    elections = tree["site_tree"].areas[0]

    data = get_response(f"pages/{tree['visible_event'].pk}/").json()

    assert data["thematic_areas"] == [
        {"id": elections.pk, "title": "Elections", "url": "/en/our-work/elections/"}
    ]


def test_hidden_thematic_area_is_not_a_filter_value(tree):
    response = get_response("events/", thematic_area="hidden-area")

    assert response.status_code == 400
    assert response.json() == {"message": "thematic_area 'hidden-area' does not exist"}
