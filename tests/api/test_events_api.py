"""The events endpoint: order, every filter, their combinations and their error messages."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from events.models import EventPage
from tests import factories
from tests.api.utils import translate

URL = "/api/v2/events/"


def get_response(**params):
    return Client().get(URL, params)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def events(site_tree):
    """Six English events around today, created out of date order.

    ========  ===========  ==========  ==========  =======  ========================  ==========
    name      start        end         type        country  field of work             area
    ========  ===========  ==========  ==========  =======  ========================  ==========
    ro        today+10     today+12    training    RO       tolerance                 hate crime
    past      today-30     today-28    training    RO       tolerance                 hate crime
    ongoing   today-1      today+1     conference  PL       democratic governance     elections
    pl        today+20     (none)      training    PL       tolerance                 hate crime
    online    today+5      (none)      conference  RO       democratic governance     civil society
    meeting   today-1      (none)      meeting     (none)   (none)                    (none)
    ========  ===========  ==========  ==========  =======  ========================  ==========
    """
    elections, civil_society, hate_crime = site_tree.areas
    training = factories.EventTypeFactory(name="Training", slug="training")
    conference = factories.EventTypeFactory(name="Conference", slug="conference")
    meeting = factories.EventTypeFactory(name="Meeting", slug="meeting")
    tolerance = factories.FieldOfWorkFactory(
        name="Tolerance and non-discrimination", slug="tolerance-and-non-discrimination"
    )
    democracy = factories.FieldOfWorkFactory(
        name="Democratic governance", slug="democratic-governance"
    )

    def event(title, start, end, event_type, country, fields, areas, **extra):
        return factories.EventPageFactory(
            parent=site_tree.events,
            title=title,
            start_date=day(start),
            end_date=None if end is None else day(end),
            event_type=event_type,
            country=country,
            city="",
            fields_of_work=fields,
            thematic_areas=areas,
            **extra,
        )

    pages = {
        "ro": event(
            "Training for police in Sibiu", 10, 12, training, "RO", [tolerance], [hate_crime]
        ),
        "past": event(
            "Past training in Bucharest", -30, -28, training, "RO", [tolerance], [hate_crime]
        ),
        "ongoing": event(
            "Conference on elections", -1, 1, conference, "PL", [democracy], [elections]
        ),
        "pl": event("Training in Warsaw", 20, None, training, "PL", [tolerance], [hate_crime]),
        "online": event(
            "Online conference",
            5,
            None,
            conference,
            "RO",
            [democracy],
            [civil_society],
            attendance="online",
        ),
        "meeting": event("Roundtable", -1, None, meeting, "", [], []),
    }
    return {name: page.pk for name, page in pages.items()} | {"areas": site_tree.areas}


def expect(events, *names):
    return [events[name] for name in names]


def test_listing_is_ordered_by_start_date(events):
    assert ids(get_response()) == expect(events, "past", "ongoing", "meeting", "online", "ro", "pl")


def test_listing_items_have_the_event_fields(events):
    item = get_response(limit=1).json()["items"][0]

    assert set(item) == {
        "id",
        "meta",
        "title",
        "start_date",
        "end_date",
        "start",
        "end",
        "time_zone",
        "all_day",
        "event_type",
        "attendance",
        "online",
        "city",
        "country",
        "place",
        "registration",
        "summary",
    }
    assert item["start_date"] == day(-30).isoformat()
    assert item["end_date"] == day(-28).isoformat()
    assert (item["start"], item["end"]) == (day(-30).isoformat(), day(-28).isoformat())
    assert (item["time_zone"], item["all_day"]) == ("Europe/Warsaw", True)
    assert item["event_type"]["slug"] == "training"
    assert item["country"] == "RO"


def test_past_events_come_most_recent_first_unless_order_says_otherwise(events):
    assert ids(get_response(past="1")) == expect(events, "meeting", "past")
    assert ids(get_response(past="1", order="start_date")) == expect(events, "past", "meeting")


def test_order_parameter_overrides_the_default(events):
    assert ids(get_response(order="-start_date"))[:2] == expect(events, "pl", "ro")
    assert ids(get_response(order="title")) == expect(
        events, "ongoing", "online", "past", "meeting", "ro", "pl"
    )


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"upcoming": "1"}, ["ongoing", "online", "ro", "pl"]),
        ({"upcoming": "true"}, ["ongoing", "online", "ro", "pl"]),
        ({"upcoming": "0"}, ["past", "ongoing", "meeting", "online", "ro", "pl"]),
        ({"past": "1"}, ["meeting", "past"]),  # most recent first
        ({"past": "false"}, ["past", "ongoing", "meeting", "online", "ro", "pl"]),
        ({"date_from": "+2"}, ["online", "ro", "pl"]),
        ({"date_to": "+0"}, ["past", "ongoing", "meeting"]),
        ({"date_from": "-29", "date_to": "-2"}, ["past"]),
        ({"date_from": "+11", "date_to": "+11"}, ["ro"]),
        ({"event_type": "training"}, ["past", "ro", "pl"]),
        ({"event_type": "conference"}, ["ongoing", "online"]),
        ({"event_type": "training,meeting"}, ["past", "meeting", "ro", "pl"]),
        ({"event_type": "Training"}, ["past", "ro", "pl"]),
        ({"field_of_work": "democratic-governance"}, ["ongoing", "online"]),
        ({"field_of_work": "tolerance-and-non-discrimination"}, ["past", "ro", "pl"]),
        ({"thematic_area": "hate-crime"}, ["past", "ro", "pl"]),
        ({"thematic_area": "civil-society"}, ["online"]),
        ({"country": "RO"}, ["past", "online", "ro"]),
        ({"country": "ro"}, ["past", "online", "ro"]),
        ({"country": "pl"}, ["ongoing", "pl"]),
        ({"locale": "en"}, ["past", "ongoing", "meeting", "online", "ro", "pl"]),
        ({"online": "true"}, ["online"]),
        ({"start_date": "+20"}, ["pl"]),
        ({"search": "Warsaw"}, ["pl"]),
        # "Upcoming trainings on hate crime in Romania"
        (
            {
                "upcoming": "1",
                "event_type": "training",
                "thematic_area": "hate-crime",
                "country": "RO",
            },
            ["ro"],
        ),
        ({"past": "1", "country": "RO"}, ["past"]),
        ({"upcoming": "1", "field_of_work": "democratic-governance"}, ["ongoing", "online"]),
        ({"date_from": "+0", "date_to": "+30", "event_type": "conference"}, ["ongoing", "online"]),
        ({"upcoming": "1", "country": "RO", "search": "training"}, ["ro"]),
        ({"event_type": "conference", "country": "PL", "thematic_area": "hate-crime"}, []),
    ],
)
def test_filters(events, params, names):
    params = {
        name: day(int(value)).isoformat()
        if name in ("date_from", "date_to", "start_date")
        else value
        for name, value in params.items()
    }

    assert ids(get_response(**params)) == expect(events, *names)


def test_thematic_area_by_id(events):
    elections, _, hate_crime = events["areas"]

    assert ids(get_response(thematic_area=str(elections.pk))) == expect(events, "ongoing")
    assert ids(get_response(thematic_area=str(hate_crime.pk))) == expect(events, "past", "ro", "pl")


def test_search_narrowed_by_filters(events):
    found = ids(get_response(search="training", country="RO"))

    assert sorted(found) == sorted(expect(events, "ro", "past"))


def test_locale_filter_and_filters_across_languages(events):
    russian = translate(EventPage.objects.get(pk=events["ro"]), title="Тренинг в Сибиу")

    assert ids(get_response(locale="ru")) == [russian.pk]
    assert ids(get_response(locale="en")) == expect(
        events, "past", "ongoing", "meeting", "online", "ro", "pl"
    )
    # Slugs and areas are shared by all translations, so they find the Russian event too.
    assert ids(get_response(locale="ru", event_type="training", thematic_area="hate-crime")) == [
        russian.pk
    ]
    assert ids(get_response(event_type="training", country="RO")) == [
        events["past"],
        events["ro"],
        russian.pk,
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"upcoming": "maybe"}, "upcoming must be 1, 0, true or false"),
        ({"past": "maybe"}, "past must be 1, 0, true or false"),
        ({"upcoming": "1", "past": "1"}, "upcoming and past cannot be combined"),
        ({"date_from": "2025-13-01"}, "date_from must be a date in the form YYYY-MM-DD"),
        ({"date_from": "27.05.2025"}, "date_from must be a date in the form YYYY-MM-DD"),
        ({"date_to": "2025-5-27"}, "date_to must be a date in the form YYYY-MM-DD"),
        (
            {"date_from": "2025-05-29", "date_to": "2025-05-27"},
            "date_from must not be after date_to",
        ),
        ({"event_type": "Not A Slug"}, "event_type must be one or more slugs separated by commas"),
        ({"event_type": "training,"}, "event_type must be one or more slugs separated by commas"),
        ({"event_type": "unknown"}, "event_type 'unknown' does not exist"),
        ({"event_type": "training,zzz,aaa"}, "event_type 'aaa, zzz' does not exist"),
        ({"field_of_work": "unknown"}, "field_of_work 'unknown' does not exist"),
        (
            {"field_of_work": "a b"},
            "field_of_work must be one or more slugs separated by commas",
        ),
        ({"thematic_area": "!!"}, "thematic_area must be the id or the slug of a thematic area"),
        ({"thematic_area": "999999"}, "thematic_area '999999' does not exist"),
        ({"thematic_area": "no-such-area"}, "thematic_area 'no-such-area' does not exist"),
        ({"country": "ZZ"}, "country must be an ISO 3166-1 alpha-2 code, such as RO"),
        ({"country": "Romania"}, "country must be an ISO 3166-1 alpha-2 code, such as RO"),
        ({"locale": "xx"}, "locale 'xx' does not exist (available: en, ru)"),
        ({"start_date": "abc"}, "'abc' is not a valid value for start_date"),
        ({"online": "maybe"}, "online must be 1, 0, true or false"),
        ({"foo": "1"}, "query parameter is not an operation or a recognised field: foo"),
        (
            {"type": "events.EventPage"},
            "query parameter is not an operation or a recognised field: type",
        ),
        ({"child_of": "3"}, "query parameter is not an operation or a recognised field: child_of"),
        ({"order": "nope"}, "cannot order by 'nope' (unknown field)"),
    ],
)
def test_malformed_values_answer_400_with_a_message(events, params, message):
    response = get_response(**params)

    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_detail_of_an_event_through_the_events_endpoint(events):
    response = Client().get(f"{URL}{events['ro']}/")

    assert response.status_code == 200
    assert response.json()["title"] == "Training for police in Sibiu"
    assert Client().get(f"{URL}{events['areas'][0].pk}/").status_code == 404
