"""Where an event is and how to take part: attendance, venue, city, country and label;
registration, languages, livestream and recording links, contacts. Their rules in the
admin, the page in English and Russian, the API and its filters, iCalendar, the migration
of the old location text."""

import datetime
import importlib
import json
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Locale

from events.models import EventPage
from tests import factories
from tests.helpers import event_facts, event_form_data, form_errors, get_soup, publish, text_of
from tests.helpers import translate as translate_page

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
SPOKESPERSON = {
    "name": "Katya Andrusz",
    "role": "Spokesperson",
    "email": "katya.andrusz@odihr.pl",
    "phone": "+48 609 522 266",
}


def api(path="/api/v2/events/", **params):
    return Client().get(path, params)


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["items"])


def in_days(days):
    return datetime.date.today() + datetime.timedelta(days=days)


@pytest.fixture
def event(site_tree):
    """A hybrid expert meeting in Vienna, 10–11 March 2031, with everything filled in."""
    page = factories.EventPageFactory(
        parent=site_tree.events,
        title="Expert meeting",
        slug="expert-meeting",
        start_date=datetime.date(2031, 3, 10),
        end_date=datetime.date(2031, 3, 11),
        time_zone="Europe/Vienna",
        attendance="hybrid",
        venue="Hofburg Congress Centre",
        city="Vienna",
        country="AT",
        registration_url="https://meetings.odihr.pl/",
        registration_deadline_date=datetime.date(2031, 3, 1),
        registration_deadline_time=datetime.time(17, 0),
        working_languages=["en", "ru"],
        interpretation=["uk"],
        livestream_url="https://www.youtube.com/live/abc",
        recording_url="https://vimeo.com/123",
    )
    page.contacts = json.dumps([{"type": "contact", "value": SPOKESPERSON, "id": "c1"}])
    return publish(page)


def edit(admin_client, page, publish=True, **fields):
    """Post the page's admin form with its values, changed by ``fields``."""
    values = {
        "title": page.title,
        "slug": page.slug,
        "event_type": page.event_type_id,
        "source": page.source_id,
        "fields_of_work": [term.pk for term in page.fields_of_work.all()],
        "start_date": page.start_date.isoformat(),
        "end_date": page.end_date.isoformat() if page.end_date else "",
        "time_zone": page.time_zone,
        "attendance": page.attendance,
        "venue": page.venue,
        "city": page.city,
        "country": page.country.code or "",
        "registration_url": page.registration_url,
        "registration_deadline_date": page.registration_deadline_date or "",
        "registration_deadline_time": page.registration_deadline_time or "",
    }
    data = event_form_data(**(values | fields))
    if publish:
        data["action-publish"] = "action-publish"
    return admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


# Rules ----------------------------------------------------------------------------


COUNTRY_REQUIRED = "Choose the country where the event takes place: only online events have none."


@pytest.mark.parametrize("attendance", ["in-person", "hybrid"])
def test_publishing_an_event_held_in_person_needs_its_country(event, admin_client, attendance):
    response = edit(admin_client, event, attendance=attendance, country="")
    assert response.status_code == 200
    assert form_errors(response) == {"country": [COUNTRY_REQUIRED]}


def test_an_online_event_needs_no_country(event, admin_client):
    response = edit(admin_client, event, attendance="online", city="", country="")
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.attendance, bool(event.country)) == ("online", False)


def test_a_draft_may_lack_what_publishing_needs(event, admin_client):
    response = edit(admin_client, event, publish=False, country="", source="", fields_of_work=[])
    assert response.status_code == 302
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert (bool(draft.country), draft.source_id) == (False, None)


def test_a_country_outside_the_institutions_region_is_refused(event, admin_client):
    response = edit(admin_client, event, country="CN")
    assert list(form_errors(response)) == ["country"]


def test_kosovo_is_a_country_of_the_region(event, admin_client):
    assert edit(admin_client, event, country="XK").status_code == 302
    event.refresh_from_db()
    assert (event.country.code, event.country.name) == ("XK", "Kosovo")


@pytest.mark.parametrize(
    "deadline_date, deadline_time",
    [("2031-03-12", ""), ("2031-03-11", ""), ("2031-03-10", "")],
    ids=["day-after", "last-day", "first-day"],
)
def test_a_registration_deadline_date_may_fall_until_the_last_day(
    event, admin_client, deadline_date, deadline_time
):
    response = edit(
        admin_client,
        event,
        registration_deadline_date=deadline_date,
        registration_deadline_time=deadline_time,
    )
    if deadline_date == "2031-03-12":
        assert form_errors(response) == {
            "registration_deadline_date": [
                "The registration deadline cannot be after the end of the event."
            ]
        }
    else:
        assert response.status_code == 302


def test_a_timed_deadline_after_a_timed_end_is_refused(event, admin_client):
    response = edit(
        admin_client,
        event,
        end_date="",
        start_time="15:00",
        end_time="17:30",
        registration_deadline_date="2031-03-10",
        registration_deadline_time="18:00",
    )
    assert form_errors(response) == {
        "registration_deadline_date": [
            "The registration deadline cannot be after the end of the event."
        ]
    }


def test_a_deadline_time_needs_a_date(event):
    event.registration_deadline_date = None
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {
        "registration_deadline_time": [
            "A deadline time needs a deadline date: give the date, or leave the time blank."
        ]
    }


def test_an_unknown_language_code_is_refused(event):
    event.working_languages = ["en", "xx"]
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {"working_languages": ["Unknown language code: xx."]}


def test_the_admin_saves_languages_and_links(event, admin_client):
    response = edit(
        admin_client,
        event,
        working_languages=["en", "fr"],
        interpretation=["ru", "de"],
        livestream_url="https://example.org/live",
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.working_languages, event.interpretation) == (["en", "fr"], ["ru", "de"])
    assert event.livestream_url == "https://example.org/live"


def test_a_new_event_starts_with_the_institution_as_its_source(site_tree, admin_client, settings):
    english = Locale.objects.get(language_code="en")
    odihr = factories.OrganizationFactory(name="ODIHR", acronym="ODIHR", locale=english)
    russian = odihr.copy_for_translation(Locale.objects.get(language_code="ru"))
    russian.name = russian.acronym = "БДИПЧ"
    russian.save()
    secretariat = factories.OrganizationFactory(
        name="OSCE Secretariat", acronym="SEC", locale=english
    )
    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", site_tree.events.pk])

    def chosen_source():
        soup = get_soup(admin_client.get(add_url))
        return soup.find("input", attrs={"name": "source"}).get("value")

    assert chosen_source() == str(odihr.pk)
    settings.INSTITUTION_ACRONYM = "SEC"
    assert chosen_source() == str(secretariat.pk)


# The page ---------------------------------------------------------------------------


def test_the_page_shows_where_and_how_to_take_part(event, client):
    soup = get_soup(client.get("/en/events/expert-meeting/"))
    facts = event_facts(soup)
    assert facts["Location"] == "Hofburg Congress Centre, Vienna, Austria and online"
    assert facts["Registration"] == "Register · Deadline: 1 March 2031, 17:00 CET"
    assert facts["Working languages"] == "English, Russian"
    assert facts["Interpretation"] == "Ukrainian"
    assert facts["Livestream"] == "Watch the livestream"
    assert facts["Recording"] == "Watch the recording"
    links = {text_of(a): a["href"] for a in soup.find("dl", class_="event__facts").find_all("a")}
    assert links["Register"] == "https://meetings.odihr.pl/"
    assert links["Watch the recording"] == "https://vimeo.com/123"
    contacts = soup.find("section", class_="contacts")
    assert text_of(contacts.find(class_="contact-name")) == "Katya Andrusz"


def test_the_russian_page_shows_them_in_russian(event, client):
    russian = translate_page(event, "ru", title="Совещание экспертов")
    facts = event_facts(get_soup(client.get(russian.url)))
    assert facts["Место проведения"] == ("Hofburg Congress Centre, Vienna, Австрия и онлайн")
    assert facts["Регистрация"].startswith("Зарегистрироваться · Крайний срок: 1 марта 2031")
    assert facts["Рабочие языки"] == "Английский, Русский"
    assert facts["Устный перевод"] == "Украинский"
    assert facts["Видеотрансляция"] == "Смотреть трансляцию"
    assert facts["Запись"] == "Смотреть запись"


def test_closed_registration_says_so_and_links_nowhere(event, client):
    event.registration_open = "closed"
    publish(event)
    facts = event_facts(get_soup(client.get("/en/events/expert-meeting/")))
    assert facts["Registration"] == "Registration is closed · Deadline: 1 March 2031, 17:00 CET"


def test_the_location_label_replaces_the_address(event, client):
    event.attendance = "online"
    event.location_label = "Online meeting (CET/GMT+1 time zone)"
    publish(event)
    facts = event_facts(get_soup(client.get("/en/events/expert-meeting/")))
    assert facts["Location"] == "Online meeting (CET/GMT+1 time zone)"


# Registration open or closed --------------------------------------------------------


def at(day, hour=12, minute=0):
    return datetime.datetime(2031, 3, day, hour, minute, tzinfo=zoneinfo.ZoneInfo("Europe/Vienna"))


def test_registration_is_open_until_a_timed_deadline(event):
    assert event.registration_is_open(at(1, 16, 59))
    assert not event.registration_is_open(at(1, 17, 0))


def test_registration_is_open_until_the_end_of_the_deadline_day(event):
    event.registration_deadline_time = None
    assert event.registration_is_open(at(1, 23, 59))
    assert not event.registration_is_open(at(2, 0, 0))


def test_without_a_deadline_registration_is_open_until_the_event_ends(event):
    event.registration_deadline_date = event.registration_deadline_time = None
    assert event.registration_is_open(at(11, 23, 59))
    assert not event.registration_is_open(at(12, 0, 0))


def test_the_editor_can_open_or_close_registration(event):
    event.registration_open = "open"
    assert event.registration_is_open(at(20))
    event.registration_open = "closed"
    assert not event.registration_is_open(at(1))


def test_no_registration_link_is_no_registration(event):
    event.registration_url = ""
    event.registration_open = "open"
    assert not event.registration_is_open(at(1))


# The API ----------------------------------------------------------------------------


def test_the_api_gives_where_and_how_to_take_part(event):
    data = api(f"/api/v2/pages/{event.pk}/").json()
    assert {name: data[name] for name in PLACE_FIELDS} == {
        "attendance": {"slug": "hybrid", "name": "Hybrid (in person and online)"},
        "online": False,
        "venue": "Hofburg Congress Centre",
        "city": "Vienna",
        "country": "AT",
        "location_label": "",
        "place": "Hofburg Congress Centre, Vienna, Austria and online",
        "registration": {
            "url": "https://meetings.odihr.pl/",
            "deadline": "2031-03-01T17:00:00+01:00",
            "open": True,
        },
        "working_languages": [{"code": "en", "name": "English"}, {"code": "ru", "name": "Russian"}],
        "interpretation": [{"code": "uk", "name": "Ukrainian"}],
        "livestream_url": "https://www.youtube.com/live/abc",
        "recording_url": "https://vimeo.com/123",
    }
    assert [block["value"] for block in data["contacts"]] == [SPOKESPERSON]
    listing = api(fields="_,place,registration").json()["items"]
    assert [set(item) for item in listing] == [{"place", "registration"}]


PLACE_FIELDS = [
    "attendance",
    "online",
    "venue",
    "city",
    "country",
    "location_label",
    "place",
    "registration",
    "working_languages",
    "interpretation",
    "livestream_url",
    "recording_url",
]


def test_the_api_names_things_in_the_pages_language(event):
    russian = translate_page(event, "ru", title="Совещание экспертов")
    data = api(f"/api/v2/pages/{russian.pk}/").json()
    assert data["attendance"] == {"slug": "hybrid", "name": "Смешанный (очно и онлайн)"}
    assert data["place"] == "Hofburg Congress Centre, Vienna, Австрия и онлайн"
    assert data["working_languages"] == [
        {"code": "en", "name": "Английский"},
        {"code": "ru", "name": "Русский"},
    ]


def test_registration_is_null_without_a_link_and_its_deadline_a_date_without_a_time(event):
    event.registration_deadline_time = None
    publish(event)
    assert api(f"/api/v2/pages/{event.pk}/").json()["registration"] == {
        "url": "https://meetings.odihr.pl/",
        "deadline": "2031-03-01",
        "open": True,
    }
    event.registration_url = ""
    publish(event)
    assert api(f"/api/v2/pages/{event.pk}/").json()["registration"] is None


@pytest.fixture
def mix(site_tree):
    """Four upcoming events, each attended and registered for differently."""

    def event(slug, **fields):
        return factories.EventPageFactory(parent=site_tree.events, slug=slug, **fields).pk

    return {
        "vienna": event(
            "vienna",
            start_date=in_days(10),
            registration_url="https://example.org/r",
            registration_deadline_date=in_days(5),
            working_languages=["en"],
            interpretation=["ru"],
        ),
        "webinar": event(
            "webinar",
            start_date=in_days(3),
            attendance="online",
            country="",
            city="",
            registration_url="https://example.org/r",
            registration_deadline_date=in_days(-1),
            working_languages=["ru"],
        ),
        "hybrid": event(
            "hybrid",
            start_date=in_days(20),
            attendance="hybrid",
            registration_url="https://example.org/r",
            registration_open="closed",
            working_languages=["en", "fr"],
        ),
        "plain": event("plain", start_date=in_days(30)),
    }


def expect(mix, *names):
    return sorted(mix[name] for name in names)


@pytest.mark.parametrize(
    "params, names",
    [
        ({"attendance": "online,hybrid"}, ["webinar", "hybrid"]),
        ({"attendance": "IN-PERSON"}, ["vienna", "plain"]),
        ({"online": "1"}, ["webinar"]),
        ({"online": "0"}, ["vienna", "hybrid", "plain"]),
        ({"registration_open": "1"}, ["vienna"]),
        ({"registration_open": "0"}, ["vienna", "webinar", "hybrid", "plain"]),
        ({"language": "ru"}, ["vienna", "webinar"]),
        ({"language": "fr,uk"}, ["hybrid"]),
        ({"language": "de"}, []),
        ({"language": "ru", "attendance": "in-person"}, ["vienna"]),
    ],
)
def test_filters(mix, params, names):
    assert ids(api(**params)) == expect(mix, *names)


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"attendance": "remote"},
            "attendance must be one or more of in-person, online, hybrid, separated by commas",
        ),
        (
            {"attendance": "online,"},
            "attendance must be one or more of in-person, online, hybrid, separated by commas",
        ),
        (
            {"language": "xx"},
            "language must be one or more language codes, such as ru, separated by commas",
        ),
        (
            {"language": "ru;en"},
            "language must be one or more language codes, such as ru, separated by commas",
        ),
        ({"registration_open": "maybe"}, "registration_open must be 1, 0, true or false"),
        ({"online": "maybe"}, "online must be 1, 0, true or false"),
    ],
)
def test_bad_filter_values_are_a_400_with_a_message(mix, params, message):
    response = api(**params)
    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_registration_open_follows_the_deadline_in_the_events_time_zone(mix, monkeypatch):
    vienna = EventPage.objects.get(pk=mix["vienna"])
    vienna.registration_deadline_date = datetime.date.today()
    vienna.registration_deadline_time = datetime.time(23, 59)
    vienna.time_zone = "Pacific/Kiritimati"  # UTC+14: its day ends before ours
    vienna.save()
    now = datetime.datetime.now(zoneinfo.ZoneInfo("Pacific/Kiritimati"))
    expected = ["vienna"] if now.date() == vienna.registration_deadline_date else []
    assert ids(api(registration_open="1")) == expect(mix, *expected)


def test_the_openapi_document_describes_the_fields_and_filters(db):
    document = api("/api/v2/schema/").json()
    event_page = document["components"]["schemas"]["EventPage"]["properties"]
    assert event_page["attendance"]["properties"]["slug"]["enum"] == [
        "in-person",
        "online",
        "hybrid",
    ]
    registration = event_page["registration"]
    assert registration["type"] == ["object", "null"]
    assert set(registration["properties"]) == {"url", "deadline", "open"}
    assert event_page["working_languages"]["items"]["properties"]["code"]["enum"][:6] == [
        "en",
        "fr",
        "de",
        "it",
        "ru",
        "es",
    ]
    assert event_page["place"]["type"] == "string"
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/api/v2/events/"]["get"]["parameters"]
    }
    assert {"attendance", "online", "registration_open", "language"} <= set(parameters)
    assert parameters["attendance"]["schema"]["pattern"].startswith("^(in\\-person|online|hybrid)")
    countries = parameters["country"]["schema"]["enum"]
    assert "XK" in countries and "CN" not in countries and len(countries) == 69


# iCalendar --------------------------------------------------------------------------


def location_in_calendar(page):
    response = Client().get(reverse("event-ical", args=[page.pk]))
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    return str(vevent["LOCATION"]) if "LOCATION" in vevent else None


def test_the_calendar_location_is_the_address_or_the_label(event):
    assert location_in_calendar(event) == "Hofburg Congress Centre, Vienna, Austria"
    event.location_label = "Hofburg, Vienna (and online)"
    publish(event)
    assert location_in_calendar(event) == "Hofburg, Vienna (and online)"


def test_an_online_event_has_no_address_in_the_calendar(event):
    event.attendance = "online"
    publish(event)
    assert location_in_calendar(event) is None


def test_the_russian_calendar_names_the_country_in_russian(event):
    russian = translate_page(event, "ru", title="Совещание экспертов")
    assert location_in_calendar(russian) == "Hofburg Congress Centre, Vienna, Австрия"


# The migration of the old location text ---------------------------------------------

migration = importlib.import_module("events.migrations.0008_event_place_and_taking_part")


@pytest.mark.parametrize(
    "location, country, language, moved",
    [
        ("Sibiu, Romania", "RO", "en", ("", "Sibiu", "")),
        ("Hofburg, Vienna, Austria", "AT", "en", ("Hofburg", "Vienna", "")),
        ("Сибиу, Румыния", "RO", "ru", ("", "Сибиу", "")),
        ("Sibiu, Romania", "PL", "en", ("", "", "Sibiu, Romania")),
        ("Warsaw", "PL", "en", ("", "", "Warsaw")),
        ("Online (Zoom)", "", "en", ("", "", "Online (Zoom)")),
        ("", "", "en", ("", "", "")),
    ],
)
def test_the_old_location_moves_to_venue_and_city_or_stays_as_the_label(
    location, country, language, moved
):
    assert migration.split_location(location, country, language) == moved


# schema.org ---------------------------------------------------------------------------


def structured_data(client, url):
    script = get_soup(client.get(url)).find("script", type="application/ld+json")
    return json.loads(script.string)


def test_search_engines_learn_a_hybrid_events_place_and_stream(event, client):
    data = structured_data(client, "/en/events/expert-meeting/")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {
            "@type": "Place",
            "name": "Hofburg Congress Centre",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Vienna",
                "addressCountry": "AT",
            },
        },
        {"@type": "VirtualLocation", "url": "https://www.youtube.com/live/abc"},
    ]


def test_search_engines_learn_an_online_event_has_no_place(event, client):
    event.attendance = "online"
    publish(event)
    data = structured_data(client, "/en/events/expert-meeting/")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://www.youtube.com/live/abc",
    }
