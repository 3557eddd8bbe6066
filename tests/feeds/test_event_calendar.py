"""The iCalendar files: RFC 5545 properties, stable UIDs, the API's filters, no hidden events."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale, PageViewRestriction

from events.feeds import PRODID
from events.models import EventPage
from tests import factories
from tests.api.utils import publish, translate
from tests.helpers import event_facts, get_soup

FEED = "/feeds/events.ics"
EVENT_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "URL",
    "LAST-MODIFIED",
    "CATEGORIES",
}


def get_response(**params):
    return Client().get(FEED, params)


def get_event(page_id, **headers):
    return Client().get(f"/feeds/events/{page_id}.ics", **headers)


def parse(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(response):
    return [str(event["UID"]) for event in parse(response).walk("VEVENT")]


def uid(page):
    return f"event-{page.translation_key}-{page.locale.language_code}@localhost"


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def events(site_tree):
    """Four published events: a training (the seed's kind), a past one, a conference, a webinar."""
    elections, _, hate_crime = site_tree.areas
    training = factories.EventTypeFactory(name="Training", slug="training")
    conference = factories.EventTypeFactory(name="Conference", slug="conference")

    def event(title, slug, start, end, event_type, **fields):
        return publish(
            factories.EventPageFactory(
                parent=site_tree.events,
                title=title,
                slug=slug,
                start_date=day(start),
                end_date=None if end is None else day(end),
                event_type=event_type,
                **fields,
            )
        )

    return {
        "training": event(
            "Joint Training Against Hate Crimes",
            "joint-training",
            10,
            12,
            training,
            city="Sibiu",
            country="RO",
            summary="Civil society and police, together against hate crime.",
            thematic_areas=[hate_crime],
        ),
        "past": event(
            "Past training", "past-training", -30, -28, training, thematic_areas=[hate_crime]
        ),
        "conference": event(
            "Conference in Warsaw",
            "conference",
            5,
            None,
            conference,
            city="Warsaw",
            country="PL",
            thematic_areas=[elections],
        ),
        "webinar": event(
            "Webinar", "webinar", 3, None, conference, city="", country="", attendance="online"
        ),
    }


def test_one_event_as_a_download_with_every_property(events):
    page = events["training"]

    response = get_event(page.pk)

    assert response["Content-Disposition"] == 'attachment; filename="joint-training.ics"'
    assert b"\r\nDTSTART;VALUE=DATE:" in response.content  # all-day, CRLF line ends
    calendar = parse(response)
    assert calendar["PRODID"] == PRODID
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["X-WR-CALNAME"] == "Joint Training Against Hate Crimes"
    [event] = calendar.walk("VEVENT")
    assert set(event) == EVENT_PROPERTIES
    assert event["UID"] == uid(page)
    published = page.last_published_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == published
    assert event.decoded("LAST-MODIFIED") == published
    assert event.decoded("DTSTART") == day(10)
    assert not isinstance(event.decoded("DTSTART"), datetime.datetime)
    assert event.decoded("DTEND") == day(13)  # exclusive: the day after the last day
    assert event["SUMMARY"] == "Joint Training Against Hate Crimes"
    # The dates as the event page shows them, then the summary.
    shown = event_facts(get_soup(Client().get(page.url)))["Date"]
    assert event["DESCRIPTION"] == (
        f"{shown}\n\nCivil society and police, together against hate crime."
    )
    assert event["LOCATION"] == "Sibiu, Romania"
    assert event["URL"] == "http://localhost/en/events/joint-training/"
    assert [str(category) for category in event["CATEGORIES"].cats] == ["Training"]


def test_one_day_online_event(events):
    [event] = parse(get_event(events["webinar"].pk)).walk("VEVENT")

    assert event.decoded("DTSTART") == day(3)
    assert event.decoded("DTEND") == day(4)
    # No address, and no word standing in for one.
    assert "LOCATION" not in event


def test_uid_is_stable_across_requests_and_edits(events):
    page = events["training"]
    first = get_event(page.pk)

    assert get_event(page.pk).content == first.content
    page.title = "Joint Training Against Hate Crimes (new dates)"
    page.start_date = day(11)
    publish(page)
    [event] = parse(get_event(page.pk)).walk("VEVENT")

    assert event["UID"] == parse(first).walk("VEVENT")[0]["UID"] == uid(page)
    assert event["SUMMARY"] == "Joint Training Against Hate Crimes (new dates)"
    assert event.decoded("DTSTART") == day(11)
    # iCalendar keeps whole seconds, so two publications within one second share a stamp:
    # compare with the new publication time rather than with the first response.
    page.refresh_from_db()
    assert event.decoded("LAST-MODIFIED") == page.last_published_at.replace(microsecond=0)


def test_a_translation_has_its_own_uid_url_and_category(events):
    page = events["training"]
    russian_type = page.event_type.copy_for_translation(Locale.objects.get(language_code="ru"))
    russian_type.name = "Тренинг"
    russian_type.save()
    russian = translate(page, title="Совместный тренинг")

    [event] = parse(get_event(russian.pk)).walk("VEVENT")

    assert event["UID"] == f"event-{page.translation_key}-ru@localhost"
    assert event["UID"] != uid(page)
    assert event["SUMMARY"] == "Совместный тренинг"
    assert event["URL"] == "http://localhost/ru/events/joint-training/"
    assert [str(category) for category in event["CATEGORIES"].cats] == ["Тренинг"]


def test_feed_lists_every_visible_event_by_start_date(events):
    response = get_response()

    calendar = parse(response)
    assert calendar["X-WR-CALNAME"] == "Test site: Events"
    assert calendar["PRODID"] == PRODID
    assert "Content-Disposition" not in response
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.content
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in response.content
    assert uids(response) == [
        uid(events[name]) for name in ("past", "webinar", "conference", "training")
    ]
    # The webinar, online, has no LOCATION.
    assert all(set(event) >= EVENT_PROPERTIES - {"LOCATION"} for event in calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"upcoming": "1"},
        {"past": "1"},
        {"event_type": "training"},
        {"country": "ro"},
        {"thematic_area": "hate-crime"},
        {"upcoming": "1", "event_type": "training", "thematic_area": "hate-crime", "country": "RO"},
        {"upcoming": "1", "event_type": "conference", "online": "true"},
        {"locale": "en", "search": "Warsaw"},
        {"order": "-start_date"},
    ],
)
def test_feed_filters_give_the_events_the_api_lists(events, params):
    api = Client().get("/api/v2/events/", params)
    assert api.status_code == 200
    expected = [uid(EventPage.objects.get(pk=item["id"])) for item in api.json()["items"]]

    assert uids(get_response(**params)) == expected
    assert expected  # every case finds something, so the comparison means something


def test_feed_date_range(events):
    params = {"date_from": day(4).isoformat(), "date_to": day(10).isoformat()}

    assert uids(get_response(**params)) == [uid(events["conference"]), uid(events["training"])]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"upcoming": "maybe"}, "upcoming must be 1, 0, true or false"),
        ({"upcoming": "1", "past": "1"}, "upcoming and past cannot be combined"),
        ({"date_from": "27.05.2025"}, "date_from must be a date in the form YYYY-MM-DD"),
        ({"event_type": "unknown"}, "event_type 'unknown' does not exist"),
        ({"thematic_area": "!!"}, "thematic_area must be the id or the slug of a thematic area"),
        ({"country": "ZZ"}, "country must be an ISO 3166-1 alpha-2 code, such as RO"),
        ({"locale": "xx"}, "locale 'xx' does not exist (available: en, ru)"),
        ({"foo": "1"}, "query parameter is not an operation or a recognised field: foo"),
        # Paging and field selection belong to the JSON API, not to a calendar.
        ({"limit": "10"}, "query parameter is not an operation or a recognised field: limit"),
        ({"fields": "*"}, "query parameter is not an operation or a recognised field: fields"),
    ],
)
def test_feed_answers_400_to_invalid_filters(events, params, message):
    response = get_response(**params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": message}


@pytest.mark.parametrize("kind", ["draft", "unpublished", "private", "expired"])
def test_hidden_events_never_appear(events, site_tree, kind):
    if kind == "draft":
        hidden = factories.EventPageFactory(parent=site_tree.events, slug="hidden", live=False)
    else:
        hidden = publish(factories.EventPageFactory(parent=site_tree.events, slug="hidden"))
    if kind == "unpublished":
        hidden.unpublish()
    elif kind == "private":
        PageViewRestriction.objects.create(
            page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    elif kind == "expired":
        hidden.expire_at = timezone.now() - datetime.timedelta(minutes=1)
        hidden.save()

    assert uid(hidden) not in uids(get_response())
    assert len(uids(get_response())) == 4
    response = get_event(hidden.pk)
    assert response.status_code == 404
    assert get_event(events["training"].pk).status_code == 200


def test_unknown_event_is_404(events):
    assert get_event(999999).status_code == 404
    assert get_event(events["training"].get_parent().pk).status_code == 404


@pytest.mark.parametrize("path", [FEED, "/feeds/events/{id}.ics"])
def test_caching_headers_and_304(events, path):
    path = path.format(id=events["training"].pk)
    response = Client().get(path)

    assert response["Cache-Control"] == "public, max-age=0, s-maxage=300, must-revalidate"
    not_modified = Client().get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_event_page_links_to_its_calendar_file(events):
    page = events["training"]

    response = Client().get("/en/events/joint-training/")

    assert response.status_code == 200
    assert f'href="/feeds/events/{page.pk}.ics" download' in response.text
