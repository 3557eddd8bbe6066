"""Drafts, unpublished, private and expired pages are never shown to visitors (DESIGN §5).

Not on their own URL, not in any listing (home, events, thematic area), not in search.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from events.models import EventPage
from tests import factories
from tests.helpers import get_soup, text_of, titles, translate

PUBLISHED_SUMMARY = "Published summary about cooperation."
DRAFT_SUMMARY = "Draft summary mentioning zanzibarite."


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def event(site_tree, title, **fields):
    """An upcoming event tagged "Hate crime", with "gathering" in its title for search."""
    return factories.EventPageFactory(
        parent=site_tree.events,
        title=title,
        start_date=days(5),
        thematic_areas=[site_tree.areas[2]],
        summary=f"{title} summary.",
        **fields,
    )


@pytest.fixture
def events(site_tree):
    """One event of every kind: visible, with a draft, unpublished, private, expired."""
    visible = event(site_tree, "Visible gathering")

    with_draft = event(site_tree, "Published gathering", slug="published-gathering")
    with_draft.summary = PUBLISHED_SUMMARY
    with_draft.save_revision().publish()
    with_draft = EventPage.objects.get(pk=with_draft.pk)
    with_draft.title = "Draft gathering"
    with_draft.summary = DRAFT_SUMMARY
    with_draft.save_revision()

    unpublished = event(site_tree, "Unpublished gathering", live=False)
    never_published = event(site_tree, "Never published gathering", live=False)
    never_published.save_revision()

    password = event(site_tree, "Password gathering")
    PageViewRestriction.objects.create(page=password, restriction_type="password", password="pw")
    login = event(site_tree, "Members gathering")
    PageViewRestriction.objects.create(page=login, restriction_type="login")

    expired = event(
        site_tree, "Expired gathering", expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("publish_scheduled", verbosity=0)

    return {
        "visible": visible,
        "with_draft": with_draft,
        "unpublished": unpublished,
        "never_published": never_published,
        "password": password,
        "login": login,
        "expired": expired,
    }


SHOWN = ["Visible gathering", "Published gathering"]


def test_publish_scheduled_unpublished_the_expired_page(events):
    expired = Page.objects.get(pk=events["expired"].pk)
    assert (expired.live, expired.expired) == (False, True)
    assert Page.objects.get(pk=events["visible"].pk).live is True


def test_unpublished_and_expired_pages_are_not_found(events, client):
    kinds = ["unpublished", "never_published", "expired"]
    responses = {kind: client.get(f"/en/events/{events[kind].slug}/") for kind in kinds}
    assert {kind: response.status_code for kind, response in responses.items()} == dict.fromkeys(
        kinds, 404
    )
    for kind, response in responses.items():
        assert events[kind].title not in response.content.decode()


def test_visible_page_is_found(events, client):
    soup = get_soup(client.get("/en/events/visible-gathering/"))
    assert text_of(soup.find("h1")) == "Visible gathering"


def test_page_with_a_draft_shows_the_published_content(events, client):
    soup = get_soup(client.get("/en/events/published-gathering/"))
    assert text_of(soup.find("h1")) == "Published gathering"
    html = soup.decode()
    assert PUBLISHED_SUMMARY in html
    assert "Draft gathering" not in html
    assert DRAFT_SUMMARY not in html


def test_password_protected_page_shows_only_the_password_form(events, client):
    response = client.get("/en/events/password-gathering/")
    soup = get_soup(response)
    assert soup.find("input", attrs={"type": "password", "name": "password"}) is not None
    assert "Password gathering" not in response.content.decode()


def test_login_protected_page_redirects_to_log_in(events, client):
    response = client.get("/en/events/members-gathering/")
    assert response.status_code == 302
    assert "next=/en/events/members-gathering/" in response["Location"]
    assert "Members gathering" not in response.content.decode()


def test_password_protected_page_shows_its_content_once_the_password_is_given(events, client):
    restriction = PageViewRestriction.objects.get(page=events["password"])
    response = client.post(
        f"/en/_util/authenticate_with_password/{restriction.pk}/{events['password'].pk}/",
        {"password": "pw", "return_url": "/en/events/password-gathering/"},
    )
    assert response.status_code == 302
    soup = get_soup(client.get("/en/events/password-gathering/"))
    assert text_of(soup.find("h1")) == "Password gathering"


def test_listings_show_only_visible_events(events, client):
    """The events index, the home page's upcoming events, the thematic area's events."""
    listings = ["/en/events/", "/en/", "/en/our-work/hate-crime/"]
    shown = {url: titles(get_soup(client.get(url)), ".card__title") for url in listings}
    assert shown == dict.fromkeys(listings, SHOWN)


def search_results(client, query):
    soup = get_soup(client.get("/en/search/", {"q": query}))
    return titles(soup, ".search-results h2")


def test_search_finds_only_visible_pages(events, client):
    assert sorted(search_results(client, "gathering")) == sorted(SHOWN)


def test_search_does_not_find_draft_content(events, client):
    assert search_results(client, "cooperation") == ["Published gathering"]
    assert search_results(client, "zanzibarite") == []


def test_news_and_resources_listings_leave_out_hidden_pages(site_tree, client):
    factories.NewsPageFactory(parent=site_tree.news, title="Public news")
    factories.NewsPageFactory(parent=site_tree.news, title="Unpublished news", live=False)
    private_news = factories.NewsPageFactory(parent=site_tree.news, title="Private news")
    PageViewRestriction.objects.create(page=private_news, restriction_type="login")
    factories.NewsPageFactory(
        parent=site_tree.news,
        title="Expired news",
        expire_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    factories.ResourcePageFactory(parent=site_tree.resources, title="Public guide")
    factories.ResourcePageFactory(parent=site_tree.resources, title="Draft guide", live=False)
    call_command("publish_scheduled", verbosity=0)

    assert titles(get_soup(client.get("/en/news/")), ".card__title") == ["Public news"]
    assert titles(get_soup(client.get("/en/resources/")), ".card__title") == ["Public guide"]
    home = get_soup(client.get("/en/"))
    assert titles(home.find("h2", string="Latest news").find_parent("section"), ".card__title") == [
        "Public news"
    ]


def test_pages_below_a_private_page_are_private_too(site_tree, client):
    event(site_tree, "Closed gathering", slug="closed-gathering")
    PageViewRestriction.objects.create(
        page=site_tree.events, restriction_type="password", password="pw"
    )
    response = client.get("/en/events/closed-gathering/")
    assert "Closed gathering" not in response.content.decode()
    assert get_soup(response).find("input", attrs={"type": "password"}) is not None
    assert titles(get_soup(client.get("/en/")), ".card__title") == []
    assert titles(get_soup(client.get("/en/our-work/hate-crime/")), ".card__title") == []
    assert search_results(client, "gathering") == []


def test_private_and_unpublished_thematic_areas_are_not_listed(site_tree, client):
    factories.ThematicAreaPageFactory(parent=site_tree.our_work, title="Draft area", live=False)
    secret = factories.ThematicAreaPageFactory(parent=site_tree.our_work, title="Secret area")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    soup = get_soup(client.get("/en/our-work/"))
    assert titles(soup, ".area-list li > a") == ["Elections", "Civil society", "Hate crime"]


def test_expired_page_is_gone_before_publish_scheduled_runs(site_tree, client):
    """At its expiry time the page disappears, although it is still ``live`` until the command runs."""
    import datetime

    from django.utils import timezone

    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=site_tree.home, title="Call for applications", slug="call")
    assert client.get("/en/call/").status_code == 200
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    page.refresh_from_db()
    assert page.live
    assert client.get("/en/call/").status_code == 404


def test_a_parent_copied_untranslated_is_not_shown_in_the_other_language(site_tree, client):
    """Translating a thematic area before "Our work" makes "Our work" (and Home) live
    aliases in Russian that nobody published, with the English content: to visitors and
    clients they do not exist until translated, while the translated area does."""
    area = translate(site_tree.areas[0], title="Выборы")
    our_work_ru = area.get_parent()
    assert our_work_ru.alias_of_id == site_tree.our_work.pk and our_work_ru.live

    assert client.get("/ru/our-work/").status_code == 404
    assert client.get("/ru/").status_code == 404
    assert client.get("/ru/our-work/elections/").status_code == 200
    listed = client.get("/api/v2/pages/", {"locale": "ru"}).json()["items"]
    assert [item["title"] for item in listed] == ["Выборы"]
    assert client.get(f"/api/v2/pages/{our_work_ru.pk}/").status_code == 404


@pytest.mark.parametrize("restriction", ["login", "password"])
def test_a_private_thematic_area_is_not_named_on_the_pages_tagged_with_it(
    site_tree, client, restriction
):
    """A private area's title and link stay out of the pages tagged with it (the event
    page, a news item), as they stay out of the API's ``thematic_areas``: the title of a
    private section is not for visitors."""
    secret = factories.ThematicAreaPageFactory(parent=site_tree.our_work, title="Secret area")
    PageViewRestriction.objects.create(page=secret, restriction_type=restriction, password="pw")
    tagged = [
        factories.EventPageFactory(
            parent=site_tree.events,
            title="Tagged gathering",
            thematic_areas=[secret, site_tree.areas[2]],
        ),
        factories.NewsPageFactory(
            parent=site_tree.news, title="Tagged news", thematic_areas=[secret, site_tree.areas[2]]
        ),
    ]
    for page in tagged:
        main = get_soup(client.get(page.url)).find("main")
        assert "Secret area" not in text_of(main)
        assert "Hate crime" in text_of(main)  # the public area still named
        assert secret.url not in str(main)
        api = client.get(f"/api/v2/pages/{page.pk}/").json()
        assert [area["title"] for area in api["thematic_areas"]] == ["Hate crime"]
