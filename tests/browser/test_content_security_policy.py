"""The site and the admin run under the Content-Security-Policy without a single violation.

Chromium reports every blocked script, style, image, frame or connection on the
console ("Refused to ... because it violates the following Content Security Policy
directive") and fires ``securitypolicyviolation``; both are collected while a visitor
reads the home page and an event, and an administrator logs in, opens the dashboard, the
event's editor, its image chooser and its preview.
"""

import re

import pytest

from tests import factories
from tests.browser.conftest import PASSWORD, log_in, require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any script of the page and is not subject to its policy (Playwright adds
# it through the DevTools protocol), so it sees violations that the console might not.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


class Problems:
    """Console errors, uncaught exceptions and CSP violations of one browser page."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"console {message.type}: {message.text}")
                if message.type == "error" or "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def check(self, where):
        violations = self.page.evaluate("window.__cspViolations || []")
        csp = [error for error in self.errors if "Content Security Policy" in error]
        assert not csp and not violations, f"{where}: {csp + violations}"
        assert not self.errors, f"{where}: {self.errors}"


@pytest.fixture
def event(site_tree):
    factories.ImageFactory(title="Sibiu")  # for the image chooser to list
    return factories.EventPageFactory(
        parent=site_tree.events, title="Joint Training Against Hate Crimes", slug="joint-training"
    )


@pytest.fixture
def administrator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        username="administrator", email="administrator@example.org", password=PASSWORD
    )


def test_site_pages_without_violations(new_page, event):
    visitor = new_page()
    problems = Problems(visitor)

    visitor.goto("/en/")
    expect(visitor.get_by_role("link", name="Events").first).to_be_visible()
    problems.check("home page")

    visitor.goto("/en/events/joint-training/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(event.title)
    problems.check("event page")


def test_admin_without_violations(new_page, event, administrator):
    admin = new_page()
    problems = Problems(admin)

    log_in(admin, "administrator")
    expect(admin.get_by_role("heading", level=1).first).to_be_visible()
    problems.check("login and dashboard")

    admin.goto(f"/admin/pages/{event.pk}/edit/")
    expect(admin.locator("#id_title")).to_have_value(event.title)
    problems.check("page editor")

    image = admin.locator('[data-contentpath="image"]')
    image.get_by_role("button", name=re.compile("^Choose")).click()
    modal = admin.locator(".modal.in")
    expect(modal.get_by_role("link", name="Sibiu")).to_be_visible()
    problems.check("image chooser")
    modal.get_by_role("link", name="Sibiu").click()
    expect(modal).to_have_count(0)
    expect(image.get_by_text("Sibiu")).to_be_visible()

    admin.get_by_role("button", name="Toggle preview").click()
    frame = admin.frame_locator("#w-preview-iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(event.title)
    problems.check("preview panel")

    # The site as an editor sees it, with Wagtail's user bar.
    admin.goto("/en/events/joint-training/")
    expect(admin.locator("wagtail-userbar")).to_have_count(1)
    problems.check("event page with the user bar")
