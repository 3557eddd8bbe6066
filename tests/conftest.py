"""Shared fixtures: a small site tree built from the tree root, and the full demo site."""

import itertools
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from tests import factories
from tests.snapshot import TableSnapshot

DEMO_ADMIN_PASSWORD = "demo-test-password"


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_root(settings, media_dir):
    """Uploaded images and documents go to a throwaway directory, never ./media.

    One directory for the session, so files of content loaded once per module
    (``shared_demo_site``) are still there for every test of the module.
    """
    settings.MEDIA_ROOT = media_dir
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to a /ru/ page activates
    Russian in the test's thread, and a lazy message read later would be Russian."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def clear_cache():
    """Wagtail caches site root paths and renditions; no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_tests(admin_client):
    """Wagtail's page assertions (assertCanCreate, assertAllowedSubpageTypes, ...), with the
    admin requests made by a logged-in superuser."""
    case = WagtailPageTestCase()
    case.client = admin_client
    return case


@dataclass
class SiteTree:
    home: object
    our_work: object
    areas: list
    events: object
    news: object
    resources: object
    about: object


def build_site_tree():
    """Home with the menu pages of the reference site (three thematic areas), as the default site."""
    root = Page.get_first_root_node()
    # Wagtail's installation leaves a "Welcome" page; our home takes its place.
    root.get_children().delete()
    home = factories.HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test site"
    )
    about = factories.StandardPageFactory(
        parent=home, title="About us", slug="about-us", show_in_menus=True
    )
    our_work = factories.ThematicAreaIndexPageFactory(parent=home, show_in_menus=True)
    areas = [
        factories.ThematicAreaPageFactory(
            parent=our_work, title=title, slug=slug, show_in_menus=True
        )
        for title, slug in [
            ("Elections", "elections"),
            ("Civil society", "civil-society"),
            ("Hate crime", "hate-crime"),
        ]
    ]
    news = factories.NewsIndexPageFactory(parent=home, show_in_menus=True)
    events = factories.EventIndexPageFactory(parent=home, show_in_menus=True)
    resources = factories.ResourceIndexPageFactory(parent=home, show_in_menus=True)
    return SiteTree(
        home=home,
        our_work=our_work,
        areas=areas,
        events=events,
        news=news,
        resources=resources,
        about=about,
    )


@dataclass
class SiteTreeRows:
    """``build_site_tree``'s rows (a ``TableSnapshot``) and the ids of its pages."""

    snapshot: TableSnapshot = None
    ids: dict = None


_site_tree_rows = SiteTreeRows()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and ``build_site_tree``'s rows kept for ``site_tree``: built once
    for the session (a quarter of a second on PostgreSQL, for most of the suite's tests),
    as soon as the database is made, before any test can write to it or flush it."""
    ids = {}

    def build():
        tree = build_site_tree()
        for name, value in vars(tree).items():
            ids[name] = [page.pk for page in value] if isinstance(value, list) else value.pk

    with django_db_blocker.unblock():
        _site_tree_rows.snapshot = TableSnapshot.of(build)
    _site_tree_rows.ids = ids
    cache.clear()


@pytest.fixture
def site_tree(db):
    """Home with the menu pages of the reference site (three thematic areas), as the default
    site: ``build_site_tree``'s rows written back, and its pages read in their own types."""
    if _demo_content_in_place:
        # The module's demo content refers to the pages a restore would replace: build
        # the tree in its place, its old pages deleted with what refers to them.
        return build_site_tree()
    snapshot, ids = _site_tree_rows.snapshot, _site_tree_rows.ids
    with transaction.atomic():  # a savepoint in the test's transaction, or one of its own
        snapshot.restore()
    pks = [pk for value in ids.values() for pk in (value if isinstance(value, list) else [value])]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=pks).specific()}
    return SiteTree(
        **{
            name: [pages[pk] for pk in pk_or_pks]
            if isinstance(pk_or_pks, list)
            else pages[pk_or_pks]
            for name, pk_or_pks in ids.items()
        }
    )


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, media_dir):
    """The demo content as `load_demo_content` builds it, loaded once for the session.

    The loader runs in a transaction that is rolled back; the tables it changed are
    kept (``tests.snapshot``) and written again, in a moment, by each test or module
    that needs the demo. Its files stay in the session's media folder. A session
    fixture is set up before any module's or test's, so no test's rows are in it.
    """
    from demo.content import DemoContentLoader

    demo_settings = override_settings(DEMO_ADMIN_PASSWORD=DEMO_ADMIN_PASSWORD, MEDIA_ROOT=media_dir)
    with django_db_blocker.unblock(), demo_settings:
        snapshot = TableSnapshot.of(lambda: DemoContentLoader().load())
    cache.clear()
    return snapshot


@pytest.fixture
def demo_site(_demo_snapshot, db):
    """The full demo content, as `load_demo_content` builds it."""
    _demo_snapshot.restore()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def live_demo_site(request, transactional_db):
    """The full demo content, committed, for a live server (``transactional_db``).

    The snapshot is asked for here, after the test's data was put back (serialized
    rollback) and outside any transaction, in case no test has needed it yet.
    """
    snapshot = request.getfixturevalue("_demo_snapshot")
    with transaction.atomic():
        snapshot.restore()
    return Site.objects.get(is_default_site=True)


@pytest.fixture(scope="module")
def _demo_content_for_module(_demo_snapshot, django_db_blocker):
    """The demo content for a test module, rolled back after its last test.

    Modules that only read it share one copy. Each test still runs in its own
    savepoint (``db``), so what a test changes is undone.
    """
    global _demo_content_in_place
    with django_db_blocker.unblock(), transaction.atomic():
        _demo_snapshot.restore()
        _demo_content_in_place = True
        try:
            yield
        finally:
            _demo_content_in_place = False
            transaction.set_rollback(True)
    cache.clear()


# Whether a module's demo content is in the database (``_demo_content_for_module``).
_demo_content_in_place = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """In each module, the tests that share the module's demo content (``shared_demo_site``)
    run after the module's others, within the order pytest-django gives (it runs the
    transactional tests, which empty the database, after the others).

    Once a module's demo content is in place it stays until the module's last test, and a
    ``site_tree`` test after it had to delete the whole demo tree to build its own: four
    seconds a test, instead of a snapshot put back in a moment. The order changes no
    outcome: each test runs in its own savepoint either way.
    """
    runs = itertools.groupby(items, key=lambda item: item.nodeid.split("::")[0])
    items[:] = [
        item
        for _module, run in runs
        for item in sorted(
            run, key=lambda item: "_demo_content_for_module" in getattr(item, "fixturenames", ())
        )
    ]


@pytest.fixture
def shared_demo_site(_demo_content_for_module, db):
    """Like ``demo_site``, but loaded once per module: for tests that only read the demo."""
    return Site.objects.get(is_default_site=True)
