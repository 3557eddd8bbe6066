"""Every page type checked by axe-core, the standard accessibility engine (issue 16).

axe-core runs in Chromium (through ``axe-playwright-python``, which ships its
``axe.min.js``) on one page of each type, in English and Russian, on a 390 × 844 phone
and a 1280 × 800 desktop, with the rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA
and axe's best practices. Every page must have no violation; the main menu is checked
opened too, since axe skips what is hidden, and the 404 both bare and, for a page missing
only in Russian, linking it in English.

The demo has no images, so the event and the news item checked are given a lead
image (on their pages and on the cards of the listings and the home page) and the news
item an image in its body.

One test, not one per page: the demo content is loaded once (it takes most of the
module's time), one browser drives one live server, and every violation of every page
is collected before the test fails, each with the rule, its impact, what it asks for,
the elements it found (CSS selectors), the address and the width.
"""

from urllib.parse import urlencode

import pytest
from wagtail.models import Locale, get_page_models

from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceIndexPage, ResourcePage
from tests import factories
from tests.browser.conftest import require_browser
from tests.helpers import read_reference_page, translate
from thematic_areas.models import ThematicAreaIndexPage, ThematicAreaPage

require_browser()
pytest.importorskip("axe_playwright_python", reason="the axe test needs axe-playwright-python")

# The axe-core script the package ships (its version is on the script's first line).
from axe_playwright_python.base import AXE_SCRIPT  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1280, "height": 800})
LANGUAGES = ("en", "ru")
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# Starts axe on the page without waiting, so that pages of both widths are checked at once.
START_AXE = """options => {
  window.axeViolations = new Promise((resolve) => setTimeout(resolve))
    .then(() => axe.run(document, options)).then((results) => results.violations);
}"""
VIOLATIONS = """() => window.axeViolations.then(violations => violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
})))"""
# Words the search finds in the demo content of each language.
SEARCH_QUERIES = {"en": "hate crime", "ru": "преступления"}
REFERENCE = read_reference_page()


def add_images(seed_event):
    """Images on the seed event (both languages) and on the newest news item, which then
    gets a Russian translation (the demo has none): the news item to check."""
    photo = factories.ImageFactory(title="Sibiu", description="Participants of the training")
    for event in (seed_event, *seed_event.get_translations()):
        event.image = photo
        event.save_revision().publish()
    news = NewsPage.objects.live().filter(locale__language_code="en").order_by("-date").first()
    news.image = photo
    news.body.append(
        ("image", {"image": photo, "alt_text": "", "caption": "Sibiu", "attribution": ""})
    )
    news.save_revision().publish()
    translate(news, "ru", title="Наблюдатели проведут пресс-конференцию")


def one_of_each_type(seed_event):
    """{page type: {language: page}}: one live page of every type, in both languages.

    Detail pages are ones with a Russian translation; the event is the demo's
    reproduction of the reference page and the area is its first, the richest of each.
    """
    russian = Locale.objects.get(language_code="ru")

    def in_both(page):
        return {"en": page, "ru": page.get_translation(russian)}

    def first_translated(model):
        for page in model.objects.live().filter(locale__language_code="en").order_by("path"):
            translation = page.get_translation_or_none(russian)
            if translation is not None and translation.live:
                return in_both(page)
        raise AssertionError(f"the demo has no {model.__name__} in both languages")

    return {
        HomePage: first_translated(HomePage),
        StandardPage: first_translated(StandardPage),
        ThematicAreaIndexPage: first_translated(ThematicAreaIndexPage),
        ThematicAreaPage: in_both(seed_event.thematic_areas.order_by("path").first()),
        EventIndexPage: first_translated(EventIndexPage),
        EventPage: in_both(seed_event),
        NewsIndexPage: first_translated(NewsIndexPage),
        NewsPage: first_translated(NewsPage),
        ResourceIndexPage: first_translated(ResourceIndexPage),
        ResourcePage: first_translated(ResourcePage),
    }


def open_menu(page):
    """Opens the main menu and the areas of "Our work" (on a desktop only the areas)."""
    nav = page.locator("nav.main-menu")
    toggle = nav.locator(".main-menu__toggle")
    if toggle.is_visible():
        toggle.click()
    nav.locator(".main-menu__expand").first.click()
    nav.locator(".main-menu__submenu").first.wait_for(state="visible")


def missing_in_russian():
    """The path under /ru/ of a live English news item with no Russian translation: its
    404 links the item in English (its hreflang set) in the Russian interface."""
    russian = Locale.objects.get(language_code="ru")
    for page in NewsPage.objects.live().filter(locale__language_code="en").order_by("path"):
        if page.get_translation_or_none(russian) is None:
            return "/ru/" + page.url.removeprefix("/en/")
    raise AssertionError("the demo has no news item in English only")


def links_elsewhere(page):
    """Checks the 404 links the page in another language, so that axe checks those links."""
    assert page.locator(".elsewhere a[hreflang]").count() > 0, f"no links on {page.url}"


def has_results(page):
    """Checks the search found something, so that its results are what axe checks."""
    assert page.locator(".search-results__item").count() > 0, f"no results on {page.url}"


def has_images(page):
    """Checks the page shows the images given to it, so that axe checks them too."""
    assert page.locator("main img").count() > 0, f"no image on {page.url}"


# What to check on a page of these types before axe runs.
BEFORE = {EventPage: has_images, NewsPage: has_images, NewsIndexPage: has_images}


def addresses(pages, missing):
    """(what, path, status, what to do before the check) for every page to check."""
    yield "not found, in other languages", missing, 404, links_elsewhere
    for language in LANGUAGES:
        home = pages[HomePage][language].url
        events = pages[EventIndexPage][language].url
        for model, by_language in pages.items():
            yield model.__name__, by_language[language].url, 200, BEFORE.get(model)
        yield "HomePage, menu open", home, 200, open_menu
        yield "EventIndexPage, filtered", f"{events}?type=no-such-type", 200, None
        query = urlencode({"q": SEARCH_QUERIES[language]})
        yield "search results", f"/{language}/search/?{query}", 200, has_results
        yield "not found", f"/{language}/no-such-page/", 404, None


def violations_report(violations, page, width):
    """Each violation with the rule, its impact and help, then the selector of each element."""
    lines = []
    for violation in violations:
        lines.append(
            f"{page} at {width} px: {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        lines += [f"    {target}" for target in violation["targets"]]
    return lines


def test_every_page_type_has_no_axe_violation(live_demo_site, new_page):
    seed_event = EventPage.objects.live().get(title=REFERENCE.title, locale__language_code="en")
    add_images(seed_event)
    pages = one_of_each_type(seed_event)
    ours = {model for model in get_page_models() if not model.__module__.startswith("wagtail")}
    assert set(pages) == ours, "a page type is missing here"

    windows = [new_page(viewport=viewport) for viewport in VIEWPORTS]
    problems, checked, running = [], 0, {}

    def collect(window):
        """The violations of the check ``window`` runs, once it has finished."""
        nonlocal checked
        page = running.pop(window)
        problems.extend(
            violations_report(window.evaluate(VIOLATIONS), page, window.viewport_size["width"])
        )
        checked += 1

    # Each window's check runs while the other window loads its next page.
    for what, path, status, prepare in addresses(pages, missing_in_russian()):
        for window in windows:
            if window in running:
                collect(window)
            response = window.goto(path)
            assert response.status == status, f"{path}: {what} answered {response.status}"
            if prepare is not None:
                prepare(window)
            window.evaluate(AXE_SCRIPT)
            window.evaluate(START_AXE, AXE_OPTIONS)
            running[window] = f"{path} ({what})"
    for window in windows:
        collect(window)

    assert not problems, "axe-core found violations:\n" + "\n".join(problems)
    assert checked == len(VIEWPORTS) * (len(LANGUAGES) * (len(pages) + 4) + 1)
