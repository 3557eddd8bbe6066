"""Languages: routing, switcher, hreflang, translated labels, the demo's Russian content."""

import re

import polib
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from demo.translation import translate_from_strings
from events.models import EventPage, EventType
from home.models import HomePage
from taxonomies.models import Organization
from tests.helpers import event_facts, get_soup

SEED_SLUG = (
    "joint-training-against-hate-crimes-for-civil-society-representatives-and-law-enforcement"
)


def translate(instance, locale, strings):
    """Through wagtail-localize's own models (TranslationSource, Translation, PO import)."""
    from wagtail_localize.models import Translation

    translated = translate_from_strings(instance, locale, strings)
    translation = Translation.objects.get(
        source__object_id=instance.translation_key, target_locale=locale
    )
    return translated, translation


@pytest.fixture
def russian(db):
    return Locale.objects.get(language_code="ru")


def test_locales_come_from_settings(db):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES} == {"en", "ru"}


def test_translating_a_page_through_wagtail_localize(site_tree, russian, client):
    translate(site_tree.home, russian, {"Home": "Главная"})
    about_ru, _ = translate(site_tree.about, russian, {"About us": "О нас"})

    assert about_ru.title == "О нас"
    assert about_ru.translation_key == site_tree.about.translation_key
    assert about_ru.get_parent().specific.locale == russian
    response = client.get("/ru/about-us/")
    assert response.status_code == 200
    assert "<h1>О нас</h1>" in response.text
    assert '<html lang="ru">' in response.text


def test_translating_a_snippet_keeps_its_slug(db, russian):
    training = EventType.objects.create(
        name="Training", slug="training", locale=Locale.get_default()
    )
    training_ru, _ = translate(training, russian, {"Training": "Тренинг"})
    assert (training_ru.name, training_ru.slug) == ("Тренинг", "training")
    assert training_ru.translation_key == training.translation_key


def test_source_changes_reach_the_translation_on_sync(shared_demo_site, russian):
    from wagtail_localize.models import TranslationSource

    event = EventPage.objects.get(slug=SEED_SLUG, locale=Locale.get_default())
    event.start_date = event.start_date.replace(day=20)
    event.end_date = event.end_date.replace(day=21)
    event.save_revision().publish()

    source = TranslationSource.objects.get_for_instance(event)
    source.update_from_db()
    translation = source.translations.get(target_locale=russian)
    translation.save_target(publish=False)
    event_ru = EventPage.objects.get(translation_key=event.translation_key, locale=russian)
    event_ru.get_latest_revision().publish()
    event_ru.refresh_from_db()
    assert (event_ru.start_date.day, event_ru.end_date.day) == (20, 21)
    assert event_ru.title.startswith("Совместный тренинг")


def test_root_redirects_to_the_visitors_language(shared_demo_site, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    assert (response.status_code, response["Location"]) == (302, "/ru/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert (response.status_code, response["Location"]) == (302, "/en/")


def test_russian_event_page_is_entirely_in_russian(shared_demo_site, client):
    response = client.get(f"/ru/events/{SEED_SLUG}/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="ru">' in html
    for label in [
        "Дата:",
        "Место проведения:",
        "Организатор:",
        "Источник:",
        "Направления деятельности:",
    ]:
        assert f"<dt>{label}</dt>" in html
    for heading in ["О мероприятии", "Почему это важно?", "Справочная информация"]:
        assert f"<h2>{heading}</h2>" in html
    assert "Тренинг" in html
    assert "Сибиу, Румыния" in html
    assert "Толерантность и недискриминация" in html
    assert event_facts(get_soup(response))["Дата"] == "27–29 мая 2025 г."
    main = html[html.index("<main") : html.index("</main>")]
    # No English sentence left in the page body (the partner's name ACCEPT is a name).
    for english in [
        "Why is this important",
        "Background",
        "Organized by",
        "hate crime",
        "Training",
    ]:
        assert english not in main


def test_language_switcher_offers_only_existing_translations(shared_demo_site, client):
    html = client.get(f"/en/events/{SEED_SLUG}/").text
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert f'href="/ru/events/{SEED_SLUG}/"' in switcher
    assert "Русский" in switcher

    untranslated = client.get("/en/news/election-observation-mission-deployed/").text
    assert "language-switcher" not in untranslated


def test_a_pages_translations_are_read_without_ordering_them(shared_demo_site, client, settings):
    """``in_language_order`` puts a page's translations in the order of ``LANGUAGES`` in
    Python, so their query asks for no order (compiling the tree order cost a third more);
    the page still offers its translation."""
    settings.WHOLE_RESPONSES = False  # the page computed, as on a miss
    url = f"/ru/events/{SEED_SLUG}/"
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        html = client.get(url).text
    reads = [
        query["sql"]
        for query in context.captured_queries
        if '"wagtailcore_page"."translation_key" =' in query["sql"]
    ]
    assert reads and all("ORDER BY" not in sql for sql in reads)
    alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)"', html)
    assert alternates[:2] == ["en", "ru"]


def test_hreflang_alternates(shared_demo_site, client):
    html = client.get("/en/about-us/").text
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))
    assert set(alternates) == {"en", "ru"}
    assert alternates["ru"].endswith("/ru/about-us/")
    assert alternates["en"].endswith("/en/about-us/")


def test_untranslated_page_is_absent_in_russian(shared_demo_site, client):
    assert client.get("/ru/news/election-observation-mission-deployed/").status_code == 404
    assert (
        client.get("/ru/events/regional-conference-on-hate-crime-data-collection/").status_code
        == 404
    )

    listing = client.get("/ru/events/").text
    assert "Regional Conference" not in listing
    assert "Совместный тренинг" in listing

    menu_ru = client.get("/api/v2/navigation/?locale=ru").json()
    titles = [item["title"] for item in menu_ru["items"]]
    assert titles == ["О нас", "Наша работа", "Новости", "Мероприятия", "Материалы"]


def test_no_english_home_under_a_language_without_a_home(site_tree, client):
    # The tree has no Russian home page: /ru/ must not fall back to the English one.
    assert client.get("/ru/").status_code == 404
    assert client.get("/en/").status_code == 200


@pytest.mark.parametrize(
    "url, key",
    [
        ("/api/v2/pages/?locale=ru&type=events.EventPage", "items"),
        ("/api/v2/events/?locale=ru", "items"),
    ],
)
def test_api_locale_filter(shared_demo_site, client, url, key):
    items = client.get(url).json()[key]
    assert [item["meta"]["locale"] for item in items] == ["ru"]
    assert items[0]["title"].startswith("Совместный тренинг")


def test_api_unknown_locale_is_a_400(shared_demo_site, client):
    for url in [
        "/api/v2/pages/?locale=xx",
        "/api/v2/events/?locale=xx",
        "/api/v2/navigation/?locale=xx",
    ]:
        response = client.get(url)
        assert response.status_code == 400
        assert response.json() == {"message": "locale 'xx' does not exist (available: en, ru)"}


def test_api_meta_lists_translations(shared_demo_site, client):
    event = EventPage.objects.get(slug=SEED_SLUG, locale__language_code="en")
    meta = client.get(f"/api/v2/pages/{event.pk}/").json()["meta"]
    assert [t["locale"] for t in meta["translations"]] == ["ru"]
    assert meta["translations"][0]["html_url"].endswith(f"/ru/events/{SEED_SLUG}/")


def test_russian_api_snippets_are_localised(shared_demo_site, client):
    item = client.get("/api/v2/events/?locale=ru&fields=*").json()["items"][0]
    assert item["event_type"]["name"] == "Тренинг"
    assert item["event_type"]["slug"] == "training"
    assert [f["name"] for f in item["fields_of_work"]] == ["Толерантность и недискриминация"]
    assert [a["title"] for a in item["thematic_areas"]] == ["Преступления на почве ненависти"]
    assert item["thematic_areas"][0]["url"] == "/ru/our-work/hate-crime/"


def test_demo_russian_tree(shared_demo_site):
    home_ru = HomePage.objects.get(locale__language_code="ru")
    assert home_ru.title == "Главная"
    areas = home_ru.get_children().get(slug="our-work").get_children()
    assert areas.count() == 22
    assert areas.first().title == "Выборы"


def test_message_catalogue_is_compiled_and_complete():
    po = polib.pofile(str(settings.BASE_DIR / "locale/ru/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(settings.BASE_DIR / "locale/ru/LC_MESSAGES/django.mo"))
    assert po.percent_translated() == 100
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get(entry.msgid) == entry.msgstr, (
                f"django.mo is stale for {entry.msgid!r}"
            )


def test_editor_translates_a_new_event_in_the_admin(shared_demo_site, admin_client, russian):
    """The admin's own "Translate" action creates the Russian event and opens its translation editor."""
    from django.urls import reverse

    from events.models import EventIndexPage

    events_en = EventIndexPage.objects.get(locale=Locale.get_default())
    event = EventPage(
        title="Roundtable on Hate Crime Recording",
        slug="roundtable-on-hate-crime-recording",
        event_type=EventType.objects.get(slug="roundtable", locale=Locale.get_default()),
        start_date="2030-03-01",
        city="Warsaw",
        country="PL",
        source=Organization.objects.get(acronym="ODIHR", locale=Locale.get_default()),
    )
    events_en.add_child(instance=event)
    event.save_revision().publish()

    url = reverse("wagtail_localize:submit_page_translation", args=[event.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"locales": [russian.pk]})
    assert response.status_code == 302

    event_ru = EventPage.objects.get(translation_key=event.translation_key, locale=russian)
    assert event_ru.get_parent().locale == russian
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[event_ru.pk])
    editor = admin_client.get(response["Location"])
    assert editor.status_code == 200
    assert "Roundtable on Hate Crime Recording" in editor.text  # the source strings to translate
