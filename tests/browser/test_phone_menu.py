"""The main menu on a phone and on a desktop (issue 16): disclosures, keyboard, no script.

On a 390 × 844 phone the menu waits behind its "Menu" button, so the seed event's title
is on the first screen; "Our work" keeps its 22 areas behind a button of its own, on
phones and desktops alike, opened by click or keyboard and closed by Escape. Without
JavaScript every link of the menu is still reachable: the sections shown, the areas on
keyboard focus and on the "Our work" page, and the title still on a phone's first screen.

One test, not one per check: the demo content is loaded once (it takes most of the
module's time) and each check below runs in a window of its own, as a different visitor
would open the page; a failure names the check in its traceback.
"""

import re

import pytest

from events.models import EventPage
from tests.browser.conftest import require_browser
from tests.helpers import read_reference_page

require_browser()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
REFERENCE = read_reference_page()


def menu_parts(page):
    nav = page.get_by_role("navigation", name="Main")
    return (
        nav,
        nav.get_by_role("button", name="Menu", exact=True),
        nav.get_by_role("button", name="Our work submenu"),
    )


def focused_class(page):
    return page.evaluate("document.activeElement.className")


def has_focus_outline(page):
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle !== 'none'")


def on_a_phone_the_menu_is_closed_and_the_title_on_the_first_screen(new_page, seed_event_url):
    phone = new_page(viewport=PHONE)
    phone.goto(seed_event_url)
    nav, toggle, areas = menu_parts(phone)

    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "main-menu-list")
    expect(nav.get_by_role("link", name="About us")).to_be_hidden()
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text(REFERENCE.title)
    box = heading.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for title in ("Home", "About us", "Our work", "News", "Events", "Resources"):
        expect(nav.get_by_role("link", name=title, exact=True)).to_be_visible()
    # The 22 areas are a level of their own, closed until asked for.
    expect(areas).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Hate crime", exact=True)).to_be_hidden()
    areas.click()
    expect(areas).to_have_attribute("aria-expanded", "true")
    submenu = phone.locator("#" + areas.get_attribute("aria-controls"))
    expect(submenu.get_by_role("link")).to_have_count(len(REFERENCE.areas))
    expect(submenu.get_by_role("link", name="Hate crime", exact=True)).to_be_visible()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="About us")).to_be_hidden()


def on_a_phone_the_keyboard_opens_and_escape_closes(new_page, seed_event_url):
    phone = new_page(viewport=PHONE)
    phone.goto(seed_event_url)
    nav, toggle, areas = menu_parts(phone)
    expect(toggle).to_be_visible()

    for _ in range(10):
        phone.keyboard.press("Tab")
        if focused_class(phone) == "main-menu__toggle":
            break
    assert focused_class(phone) == "main-menu__toggle", "Tab never reached the menu button"
    assert has_focus_outline(phone)

    phone.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    phone.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    phone.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="About us")).to_be_visible()

    # Home, About us, Our work, then the button of Our work's areas.
    for _ in range(4):
        phone.keyboard.press("Tab")
    expect(areas).to_be_focused()
    assert has_focus_outline(phone)
    phone.keyboard.press("Enter")
    expect(areas).to_have_attribute("aria-expanded", "true")
    phone.keyboard.press("Tab")
    expect(nav.get_by_role("link", name=REFERENCE.areas[0])).to_be_focused()

    # Escape closes the innermost level first, each time back on its button.
    phone.keyboard.press("Escape")
    expect(areas).to_have_attribute("aria-expanded", "false")
    expect(areas).to_be_focused()
    expect(nav.get_by_role("link", name=REFERENCE.areas[0])).to_be_hidden()
    phone.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(nav.get_by_role("link", name="About us")).to_be_hidden()


def on_a_desktop_the_areas_open_by_click_and_keyboard_not_hover(new_page, seed_event_url):
    desktop = new_page(viewport=DESKTOP)
    desktop.goto(seed_event_url)
    nav, toggle, areas = menu_parts(desktop)
    hate_crime = nav.get_by_role("link", name="Hate crime", exact=True)

    expect(areas).to_be_visible()
    expect(toggle).to_be_hidden()
    expect(nav.get_by_role("link", name="Resources")).to_be_visible()
    expect(hate_crime).to_be_hidden()
    nav.get_by_role("link", name="Our work", exact=True).hover()
    expect(hate_crime).to_be_hidden()

    areas.click()
    expect(areas).to_have_attribute("aria-expanded", "true")
    expect(hate_crime).to_be_visible()
    hate_crime.focus()
    desktop.keyboard.press("Escape")
    expect(areas).to_have_attribute("aria-expanded", "false")
    expect(areas).to_be_focused()
    expect(hate_crime).to_be_hidden()

    desktop.keyboard.press("Enter")
    expect(hate_crime).to_be_visible()
    desktop.keyboard.press("Space")
    expect(hate_crime).to_be_hidden()
    desktop.keyboard.press("Space")
    desktop.keyboard.press("Tab")
    expect(nav.get_by_role("link", name=REFERENCE.areas[0])).to_be_focused()

    # A click elsewhere on the page closes it.
    desktop.get_by_role("heading", level=1).click()
    expect(areas).to_have_attribute("aria-expanded", "false")
    expect(hate_crime).to_be_hidden()


def without_javascript_every_menu_link_is_reachable(new_page, seed_event_url):
    for viewport in (PHONE, DESKTOP):
        window = new_page(viewport=viewport, java_script_enabled=False)
        window.goto(seed_event_url)
        nav = window.get_by_role("navigation", name="Main")
        hate_crime = nav.get_by_role("link", name="Hate crime", exact=True)

        expect(nav.get_by_role("button")).to_have_count(0)  # hidden: they would do nothing
        for title in ("Home", "About us", "Our work", "News", "Events", "Resources"):
            expect(nav.get_by_role("link", name=title, exact=True)).to_be_visible()
        # The 22 areas are not listed inline, on a phone neither: the title stays on the
        # first screen.
        expect(hate_crime).to_be_hidden()
        if viewport is PHONE:
            box = window.get_by_role("heading", level=1).bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
        # The areas open when the keyboard reaches them.
        our_work = nav.get_by_role("link", name="Our work", exact=True)
        our_work.focus()
        window.keyboard.press("Tab")
        expect(nav.get_by_role("link", name=REFERENCE.areas[0])).to_be_focused()
        expect(hate_crime).to_be_visible()
        assert re.fullmatch(r"/en/our-work/[a-z-]+/", hate_crime.get_attribute("href"))

    # A tap on "Our work" opens its page, which lists every area.
    window.goto(our_work.get_attribute("href"))
    main = window.get_by_role("main")
    for area in REFERENCE.areas:
        expect(main.get_by_role("link", name=area, exact=True)).to_be_visible()


def test_the_main_menu_on_phones_and_desktops_with_and_without_javascript(new_page, live_demo_site):
    seed_event = EventPage.objects.live().get(title=REFERENCE.title, locale__language_code="en")
    # At 390 px: closed behind "Menu", the title on the first screen, opened by click.
    on_a_phone_the_menu_is_closed_and_the_title_on_the_first_screen(new_page, seed_event.url)
    # At 390 px by keyboard: Tab, Enter and Space on each button, Escape level by level.
    on_a_phone_the_keyboard_opens_and_escape_closes(new_page, seed_event.url)
    # At 1280 px: the areas by click and keyboard, not by hover; Escape, a click elsewhere.
    on_a_desktop_the_areas_open_by_click_and_keyboard_not_hover(new_page, seed_event.url)
    # Without JavaScript at 390 and 1280 px: the sections shown, the areas reached by the
    # keyboard and on "Our work"'s page, the title on a phone's first screen.
    without_javascript_every_menu_link_is_reachable(new_page, seed_event.url)
