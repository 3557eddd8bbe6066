"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright is only imported inside fixtures, so collecting this folder without it (or
without Chromium) reaches the test modules' own skip with its message.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections

from editorial.workflows import assign_moderation_workflow
from tests import factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_browser():
    """Skip the calling test module, with the reason, where the browser is missing.

    Called at the top of each browser test module, before it imports Playwright.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium "
            "chromium-driver; .ci/run installs it)",
            allow_module_level=True,
        )
    pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")


SCREENSHOTS = django_settings.BASE_DIR / "test-artifacts" / "screenshots"
PASSWORD = "browser-test-password"
# Waits end when the element is there; this is only the ceiling for one step.
STEP_TIMEOUT_MS = 15_000


@pytest.fixture
def chromium():
    """A headless Chromium for one test (launching it takes about a second).

    While Playwright's sync API runs, this thread has a running asyncio loop, with two
    consequences. Django refuses queries from such a thread unless told it is safe
    (it is: the loop only drives the browser), hence DJANGO_ALLOW_ASYNC_UNSAFE. And
    Django hands out other connection objects while a loop runs, so the browser is
    started after the test's database setup and stopped before its teardown (which
    must flush and restore through the test database's own connection), and the
    connections opened meanwhile are closed here.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def browser_settings(settings):
    """Settings for a live server that one browser drives, step by step.

    Wagtail 8 autosaves the editor every half second and pings an "editing session"
    every ten; those background requests would race the clicks of the test (and,
    on SQLite, share the live server's one in-memory connection). Wagtail tests
    them itself; here each save is a click. Gravatar is off: no request may leave
    this machine.
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 600_000
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1"


def only_this_machine(route):
    """Let the browser reach the live server and nothing else."""
    if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember whether the test itself failed, for ``new_page`` to take screenshots."""
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture
def new_page(request, chromium, live_server):
    """``new_page()``: a fresh browser session (its own cookies), as a different person would have.

    Keyword arguments go to Playwright's ``new_context`` (another ``viewport``, a phone's;
    ``java_script_enabled=False``). When the test fails, every open window is saved as
    failure-<test>-<n>.png.
    """
    contexts = []

    def open_page(**options):
        options = {"viewport": {"width": 1400, "height": 1000}, "locale": "en-GB", **options}
        context = chromium.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.route("**/*", only_this_machine)
        contexts.append(context)
        return context.new_page()

    yield open_page
    if getattr(request.node, "browser_test_failed", False):
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            screenshot(page, f"failure-{request.node.name}-{number}")
    for context in contexts:
        context.close()


def log_in(page, username):
    """Log in through the admin's login form and land on the dashboard."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def screenshot(page, name):
    """Save the window as test-artifacts/screenshots/<name>.png, transitions finished."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


@dataclass
class EditorialSite:
    """The site tree, the event taxonomies and one user per editorial role."""

    tree: object
    training: object
    odihr: object
    tolerance: object
    human_rights: object
    editor: object
    moderator: object


def make_user(username, group_name):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.title(),
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editorial_site(site_tree):
    """What the data migration and the demo loader give a real site, on the test tree.

    The groups and the workflow come from the migration (restored for each test by
    serialized rollback); the factories build pages without publishing them, so the
    workflow is assigned here as the loader does.
    """
    assign_moderation_workflow(site_tree.events)
    assign_moderation_workflow(site_tree.news)
    return EditorialSite(
        tree=site_tree,
        training=factories.EventTypeFactory(name="Training"),
        odihr=factories.OrganizationFactory(
            name="OSCE Office for Democratic Institutions and Human Rights", acronym="ODIHR"
        ),
        tolerance=factories.FieldOfWorkFactory(name="Tolerance and non-discrimination"),
        human_rights=factories.FieldOfWorkFactory(name="Human rights"),
        editor=make_user("editor", "Editors"),
        moderator=make_user("moderator", "Moderators"),
    )
