"""Shared fixtures: a small site tree built from the tree root, and the full demo site."""

from dataclasses import dataclass

import pytest
from wagtail.models import Page, Site

from tests import factories


@dataclass
class SiteTree:
    home: object
    our_work: object
    areas: list
    events: object
    news: object
    resources: object
    about: object


@pytest.fixture
def site_tree(db):
    """Home with the menu pages of the reference site (three thematic areas), as the default site."""
    root = Page.get_first_root_node()
    # Wagtail's installation leaves a "Welcome" page; our home takes its place.
    root.get_children().delete()
    home = factories.HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test site")
    about = factories.StandardPageFactory(parent=home, title="About us", slug="about-us", show_in_menus=True)
    our_work = factories.ThematicAreaIndexPageFactory(parent=home, show_in_menus=True)
    areas = [
        factories.ThematicAreaPageFactory(parent=our_work, title=title, slug=slug, show_in_menus=True)
        for title, slug in [("Elections", "elections"), ("Civil society", "civil-society"), ("Hate crime", "hate-crime")]
    ]
    news = factories.NewsIndexPageFactory(parent=home, show_in_menus=True)
    events = factories.EventIndexPageFactory(parent=home, show_in_menus=True)
    resources = factories.ResourceIndexPageFactory(parent=home, show_in_menus=True)
    return SiteTree(home=home, our_work=our_work, areas=areas, events=events, news=news, resources=resources, about=about)


@pytest.fixture
def demo_site(db, settings):
    """The full demo content, as `load_demo_content` builds it."""
    from home.demo_content import DemoContentLoader

    settings.DEMO_ADMIN_PASSWORD = "demo-test-password"
    DemoContentLoader().load()
    return Site.objects.get(is_default_site=True)
