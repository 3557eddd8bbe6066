"""The bulk generator's pages behave like pages made and published in the admin."""

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from events.models import EventIndexPage, EventPage
from news.models import NewsPage
from tests.performance.conftest import generate

EVENTS, NEWS = 30, 10


@pytest.fixture(scope="module")
def _generated(_module_demo, django_db_blocker):
    with django_db_blocker.unblock():
        demo_events = EventPage.objects.filter(locale=Locale.get_default()).count()
        demo_news = NewsPage.objects.filter(locale=Locale.get_default()).count()
        generate(EVENTS, NEWS, seed=7)
    return {"events": demo_events, "news": demo_news}


@pytest.fixture
def site(_generated, db):
    return _generated


def get(url, **params):
    response = Client().get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_every_item_is_created_in_every_language(site):
    for code in ("en", "ru"):
        events = EventPage.objects.filter(locale__language_code=code)
        news = NewsPage.objects.filter(locale__language_code=code)
        assert events.count() >= EVENTS and news.count() >= NEWS
    english = EventPage.objects.filter(locale__language_code="en")
    assert english.count() == site["events"] + EVENTS
    assert NewsPage.objects.filter(locale__language_code="en").count() == site["news"] + NEWS


def test_the_tree_is_sound(site):
    """Paths, depths and child counts as treebeard keeps them (its own consistency check)."""
    problems = Page.find_problems()
    assert all(not ids for ids in problems), problems
    for index in EventIndexPage.objects.all():
        assert index.numchild == index.get_children().count()


def test_a_page_and_its_translation_share_a_translation_key(site):
    russian = Locale.objects.get(language_code="ru")
    for event in EventPage.objects.filter(locale=Locale.get_default()).order_by("-pk")[:EVENTS]:
        translation = event.get_translation(russian)
        assert translation.specific.start_date == event.start_date
        assert translation.get_parent().locale == russian
        assert any("\u0400" <= char <= "\u04ff" for char in translation.title)  # Cyrillic
        assert translation.url_path == translation.get_parent().url_path + translation.slug + "/"


def test_generated_pages_carry_what_publishing_in_the_admin_leaves(site, admin_user):
    """The same state as a page published through Wagtail: live, revisions, times, paths."""
    index = EventIndexPage.objects.get(locale=Locale.get_default())
    published = EventPage(
        title="Published the usual way",
        start_date=EventPage.objects.first().start_date,
        event_type=EventPage.objects.first().event_type,
        source=EventPage.objects.first().source,
    )
    index.add_child(instance=published)
    published.save_revision(user=admin_user).publish()
    published.refresh_from_db()

    generated = EventPage.objects.filter(locale=Locale.get_default()).order_by("-pk")[1]
    for page in (published, generated):
        assert page.live and not page.has_unpublished_changes and not page.expired
        assert page.first_published_at and page.last_published_at
        assert page.latest_revision_id == page.live_revision_id is not None
        assert page.draft_title == page.title
        assert page.url_path == index.url_path + page.slug + "/"
        assert page.content_type.model_class() is EventPage
        assert page.specific_class is EventPage
    revision = generated.latest_revision.as_object()
    assert revision.title == generated.title
    for saved, kept in zip(revision.body.raw_data, generated.body.raw_data, strict=True):
        assert (saved["type"], saved["id"]) == (kept["type"], kept["id"])
        assert saved["value"] == kept["value"], (saved, kept)
    assert list(revision.fields_of_work.all()) == list(generated.fields_of_work.all())


def test_generated_events_have_realistic_facts(site):
    events = list(EventPage.objects.filter(locale=Locale.get_default()).order_by("-pk")[:EVENTS])
    assert all(event.event_type_id and event.source_id for event in events)
    assert all(event.fields_of_work.exists() and event.thematic_areas.exists() for event in events)
    assert all(
        [block.block_type for block in event.body] == ["about", "why_important", "background"]
        for event in events
    )
    assert all(event.city and event.country for event in events if not event.online)
    assert all(
        [row.organization for row in event.organizers.all()] == [event.source] for event in events
    )
    assert len({event.start_date.year for event in events}) > 3


def test_generated_pages_render_for_visitors(site):
    russian = Locale.objects.get(language_code="ru")
    for model in (EventPage, NewsPage):
        page = model.objects.filter(locale=Locale.get_default()).order_by("-pk").first()
        for version in (page, page.get_translation(russian)):
            response = get(version.url)
            assert version.title in response.content.decode()


def test_generated_events_appear_in_listings_and_the_api(site):
    page = EventPage.objects.filter(locale=Locale.get_default()).order_by("-pk").first()
    data = get("/api/v2/events/", locale="en", limit=100).json()
    assert data["meta"]["total_count"] == site["events"] + EVENTS
    detail = get(f"/api/v2/pages/{page.pk}/").json()
    assert detail["title"] == page.title
    assert [t["locale"] for t in detail["meta"]["translations"]] == ["ru"]
    assert [b["title"] for b in detail["meta"]["breadcrumbs"]] == ["Home", "Events"]
    assert detail["body"][0]["type"] == "about"
    # The listing page, filtered by the event's own facts.
    response = get("/en/events/", year=page.start_date.year, type=page.event_type.slug)
    assert page.title in response.content.decode()
    news = NewsPage.objects.filter(locale=Locale.get_default()).order_by("-date", "-pk").first()
    assert news.title in get("/en/news/").content.decode()


def test_generated_pages_are_found_by_search(site):
    page = EventPage.objects.filter(locale=Locale.get_default()).order_by("-pk").first()
    data = get("/api/v2/events/", search=page.title, locale="en", limit=100).json()
    assert page.pk in [item["id"] for item in data["items"]]
    # By the name of its field of work, indexed in the page's language.
    term = page.localized_fields_of_work()[0].name
    data = get("/api/v2/pages/", search=f'"{term}"', type="events.EventPage", limit=100).json()
    assert data["meta"]["total_count"] >= 1
    results = get("/api/v2/search/", q=page.title, locale="en").json()
    found = [item["id"] for group in results["groups"] for item in group["items"]]
    assert page.pk in found


def test_the_admin_edits_a_generated_page(site, admin_client):
    page = EventPage.objects.filter(locale=Locale.get_default()).order_by("-pk").first()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert page.title in response.content.decode()
