"""The demo site reproduces the reference site's tree and menu (DESIGN, seed file)."""

from django.urls import reverse
from wagtail.models import Locale

from demo.content import DEMO_ADMIN_USERNAME
from events.models import EventPage
from home.models import HomePage
from navigation.menu import build_menu
from tests.conftest import DEMO_ADMIN_PASSWORD
from tests.helpers import get_soup, main_menu_links, read_reference_page

REFERENCE = read_reference_page()
SEED_SLUG = (
    "joint-training-against-hate-crimes-for-civil-society-representatives-and-law-enforcement"
)


def english_home():
    return HomePage.objects.get(locale=Locale.objects.get(language_code="en"))


def test_our_work_has_the_22_areas_of_the_reference_in_its_order_and_spelling(shared_demo_site):
    our_work = english_home().get_children().get(slug="our-work")
    areas = list(our_work.get_children().live().values_list("title", flat=True))
    assert len(REFERENCE.areas) == 22
    assert areas == REFERENCE.areas


def test_menu_matches_the_reference_menu(shared_demo_site):
    menu = build_menu(english_home())
    assert [item.title for item in menu] == ["About us", "Our work", "News", "Events", "Resources"]
    assert [child.title for child in menu[1].children] == REFERENCE.areas
    assert [item.children for item in menu if item.title != "Our work"] == [[], [], [], []]
    flattened = ["Home"]
    for item in menu:
        flattened += [item.title] + [child.title for child in item.children]
    assert flattened == REFERENCE.menu


def test_rendered_menu_matches_the_reference_menu(shared_demo_site, client):
    links = main_menu_links(get_soup(client.get("/en/")))
    assert [title for title, _ in links] == REFERENCE.menu
    assert links[:3] == [
        ("Home", "/en/"),
        ("About us", "/en/about-us/"),
        ("Our work", "/en/our-work/"),
    ]
    assert ("Hate crime", "/en/our-work/hate-crime/") in links


def test_the_seed_event_is_under_events(shared_demo_site):
    event = EventPage.objects.get(slug=SEED_SLUG, locale__language_code="en")
    assert event.title == REFERENCE.title
    assert event.get_parent().slug == "events"
    assert event.live
    assert event.url == f"/en/events/{SEED_SLUG}/"


def test_listings_are_not_empty(shared_demo_site, client):
    for url in ["/en/events/", "/en/news/", "/en/resources/"]:
        assert get_soup(client.get(url)).select(".card__title"), url


def test_demo_admin_can_log_in_with_the_given_password(shared_demo_site, client):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": DEMO_ADMIN_USERNAME, "password": DEMO_ADMIN_PASSWORD},
    )
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_demo_admin_cannot_log_in_with_another_password(shared_demo_site, client):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": DEMO_ADMIN_USERNAME, "password": "changeme"},
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
