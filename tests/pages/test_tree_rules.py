"""The page tree mirrors the menu: which page types may go where (DESIGN §3)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page, get_page_models

from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceIndexPage, ResourcePage
from thematic_areas.models import ThematicAreaIndexPage, ThematicAreaPage

PROJECT_APPS = {"home", "events", "thematic_areas", "news", "resources"}

# page type: (allowed parent types, allowed subpage types)
TREE = {
    HomePage: (
        {Page},
        {StandardPage, ThematicAreaIndexPage, NewsIndexPage, EventIndexPage, ResourceIndexPage},
    ),
    StandardPage: ({HomePage, StandardPage}, {StandardPage}),
    ThematicAreaIndexPage: ({HomePage}, {ThematicAreaPage}),
    ThematicAreaPage: ({ThematicAreaIndexPage}, set()),
    NewsIndexPage: ({HomePage}, {NewsPage}),
    NewsPage: ({NewsIndexPage}, set()),
    EventIndexPage: ({HomePage}, {EventPage}),
    EventPage: ({EventIndexPage}, set()),
    ResourceIndexPage: ({HomePage}, {ResourcePage}),
    ResourcePage: ({ResourceIndexPage}, set()),
}


def test_every_project_page_type_has_its_rules_listed_here():
    project_page_types = {
        model for model in get_page_models() if model._meta.app_label in PROJECT_APPS
    }
    assert project_page_types == set(TREE)


@pytest.mark.parametrize("model", TREE, ids=lambda model: model.__name__)
def test_allowed_parent_page_types(page_tests, model):
    page_tests.assertAllowedParentPageTypes(model, TREE[model][0])


@pytest.mark.parametrize("model", TREE, ids=lambda model: model.__name__)
def test_allowed_subpage_types(page_tests, model):
    page_tests.assertAllowedSubpageTypes(model, TREE[model][1])


@pytest.mark.parametrize("parent", TREE, ids=lambda model: model.__name__)
def test_can_create_only_the_allowed_children(page_tests, parent):
    for child in TREE:
        if child in TREE[parent][1]:
            page_tests.assertCanCreateAt(parent, child)
        else:
            page_tests.assertCanNotCreateAt(parent, child)


def test_only_a_home_page_can_go_at_the_root(page_tests):
    project_children = {
        model for model in Page.allowed_subpage_models() if model._meta.app_label in PROJECT_APPS
    }
    assert project_children == {HomePage}
    page_tests.assertCanCreateAt(Page, HomePage)


@pytest.mark.parametrize(
    "parent, child",
    [
        (HomePage, EventPage),
        (NewsIndexPage, EventPage),
        (ThematicAreaIndexPage, EventPage),
        (EventPage, EventPage),
        (HomePage, NewsPage),
        (EventIndexPage, NewsPage),
        (HomePage, ThematicAreaPage),
        (HomePage, ResourcePage),
        (NewsIndexPage, ResourcePage),
        (EventIndexPage, HomePage),
        (HomePage, HomePage),
        (Page, EventPage),
        (Page, EventIndexPage),
    ],
    ids=lambda model: model.__name__,
)
def test_misplaced_page_types_are_refused(page_tests, parent, child):
    page_tests.assertCanNotCreateAt(parent, child)


def assert_admin_refuses(client, url):
    """The admin answers a forbidden "add page" with a redirect to the dashboard and a message."""
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert messages == ["Sorry, you do not have permission to access this area."]


def test_a_second_home_page_cannot_be_created(site_tree, admin_client):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root) is False
    assert_admin_refuses(
        admin_client, reverse("wagtailadmin_pages:add", args=["home", "homepage", root.pk])
    )


@pytest.mark.parametrize(
    "model, existing",
    [
        (EventIndexPage, "events"),
        (NewsIndexPage, "news"),
        (ResourceIndexPage, "resources"),
        (ThematicAreaIndexPage, "our_work"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_one_index_of_each_kind_per_home(site_tree, admin_client, model, existing):
    home = site_tree.home
    assert getattr(site_tree, existing).get_parent().pk == home.pk
    assert model.can_create_at(home) is False
    add_url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, home.pk]
    )
    assert_admin_refuses(admin_client, add_url)


def test_an_index_can_be_created_where_none_exists_yet(site_tree, admin_client):
    site_tree.events.delete()
    home = Page.objects.get(pk=site_tree.home.pk)
    assert EventIndexPage.can_create_at(home) is True
    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventindexpage", home.pk])
    assert admin_client.get(add_url).status_code == 200


def test_several_events_and_standard_pages_can_be_created(site_tree):
    assert EventPage.can_create_at(site_tree.events) is True
    assert StandardPage.can_create_at(site_tree.home) is True
    assert StandardPage.can_create_at(site_tree.about) is True
    assert ThematicAreaPage.can_create_at(site_tree.our_work) is True
