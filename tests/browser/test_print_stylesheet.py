"""Event and publication pages on paper: Chromium with print media emulated applies
core/static/css/print.css as a printer would (issue 16)."""

import pytest

from tests import factories
from tests.browser.conftest import require_browser
from tests.helpers import translate

require_browser()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What print media makes of the page: navigation shown or not, colours, and the text
# added after links (an anchor appended to <main> stands for an in-page link).
PRINTED = """
() => {
  const shown = (selector) => [...document.querySelectorAll(selector)].some(
    (element) => getComputedStyle(element).display !== "none");
  const anchor = document.createElement("a");
  anchor.href = "#section";
  anchor.textContent = "Back up";
  document.querySelector("main").append(anchor);
  const after = (element) => getComputedStyle(element, "::after").content;
  const external = document.querySelector('main a[href^="http"]');
  const internal = document.querySelector('main a[href^="/"]');
  return {
    menu: shown(".main-menu"),
    switcher: shown(".language-switcher"),
    footerLinks: shown(".site-footer__links"),
    breadcrumbs: shown(".breadcrumbs"),
    heading: shown("h1"),
    color: getComputedStyle(document.querySelector("h1")).color,
    background: getComputedStyle(document.body).backgroundColor,
    external: [external.getAttribute("href"), after(external)],
    internal: [internal.getAttribute("href"), after(internal)],
    anchor: after(anchor),
  };
}
"""


@pytest.fixture
def event(site_tree):
    event = factories.EventPageFactory(
        parent=site_tree.events,
        title="Joint Training Against Hate Crimes",
        slug="joint-training",
        registration_url="https://register.example.org/training",
        thematic_areas=[site_tree.areas[2]],
    )
    translate(event, "ru", title="Совместный тренинг")
    return event


@pytest.fixture
def publication(site_tree):
    page = factories.ResourcePageFactory(
        parent=site_tree.resources, title="Hate crime victim support", slug="victim-support"
    )
    page.thematic_areas.add(site_tree.areas[2])
    factories.ResourceDocumentFactory(page=page, language="en", title="The guide (English)")
    page.save_revision().publish()
    translate(page, "ru", title="Поддержка жертв")
    return page


def test_printed_event_and_publication(new_page, event, publication):
    reader = new_page()
    reader.emulate_media(media="print")
    for path, external in (
        ("/en/events/joint-training/", "https://register.example.org/training"),
        ("/en/resources/victim-support/", None),
    ):
        reader.goto(path)
        if external is None:  # a publication links its files and areas on this site
            reader.evaluate(
                """() => document.querySelector("main").insertAdjacentHTML(
                     "beforeend", '<a href="https://www.osce.org/odihr">ODIHR</a>')"""
            )
            external = "https://www.osce.org/odihr"
        printed = reader.evaluate(PRINTED)
        assert printed["heading"], path
        assert not printed["menu"] and not printed["switcher"], path
        assert not printed["footerLinks"] and not printed["breadcrumbs"], path
        assert printed["color"] == "rgb(0, 0, 0)", path
        assert printed["background"] == "rgb(255, 255, 255)", path
        # Chromium gives the generated text, attr(href) resolved.
        assert printed["external"] == [external, f'" ({external})"'], path
        href, content = printed["internal"]
        assert href.startswith("/") and content == f'" ({href})"', path
        assert printed["anchor"] == "none", path


def test_the_screen_keeps_its_navigation(new_page, event):
    reader = new_page()
    reader.goto("/en/events/joint-training/")
    printed = reader.evaluate(PRINTED)
    assert printed["menu"] and printed["switcher"] and printed["footerLinks"]
    assert printed["external"][1] == "none"
