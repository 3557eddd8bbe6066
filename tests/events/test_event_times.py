"""When an event takes place: optional times, the event's own time zone, and their rules (issue 14).

Dates are far in the future and expectations come from the data, never from the clock.
Europe/Warsaw is on CET (+01:00) in winter and CEST (+02:00) in summer; in 2031 clocks
go forward on 30 March and back on 26 October.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from events.apps import check_default_time_zone
from events.models import EventPage
from events.templatetags.events_tags import event_structured_data
from events.timing import Timing, default_time_zone, time_zone_choices
from tests import factories
from tests.helpers import (
    event_form_data,
    form_errors,
    get_soup,
    publish,
    text_of,
    translate,
)

END_TIME_WITHOUT_START = (
    "An end time needs a start time: give the start time, or leave the end time blank."
)
END_TIME_BEFORE_START = "The end time cannot be before the start time on the same day."
UNKNOWN_ZONE = (
    "“Mars/Olympus_Mons” is not a known time zone: choose one from the list, e.g. Europe/Warsaw."
)


def time(text):
    return datetime.time.fromisoformat(text)


@pytest.fixture
def event(site_tree):
    return factories.EventPageFactory(
        parent=site_tree.events,
        title="Expert meeting",
        slug="expert-meeting",
        start_date=datetime.date(2031, 3, 10),
    )


# The value: dates when all-day, aware datetimes in the event's zone when timed ---------


def test_an_event_without_times_is_all_day_in_the_default_zone(event):
    assert event.time_zone == default_time_zone() == "Europe/Warsaw"
    assert event.when == Timing(datetime.date(2031, 3, 10), None, "Europe/Warsaw")
    assert event.when.all_day and event.all_day


@pytest.mark.parametrize(
    ("start_time", "end_date", "end_time", "start", "end"),
    [
        # a meeting 15:00–17:30 on one day: the end time applies to the start date
        ("15:00", None, "17:30", "2031-03-10T15:00:00+01:00", "2031-03-10T17:30:00+01:00"),
        # from 15:00 one day to 17:30 the next
        ("15:00", "2031-03-11", "17:30", "2031-03-10T15:00:00+01:00", "2031-03-11T17:30:00+01:00"),
        # a start time alone: no end
        ("10:00", None, None, "2031-03-10T10:00:00+01:00", None),
        # a timed start over several weeks (an online series): the end is a day
        ("10:00", "2031-04-14", None, "2031-03-10T10:00:00+01:00", "2031-04-14"),
        # across the change to summer time: the offset follows the zone's rules
        ("09:00", "2031-04-02", "18:00", "2031-03-10T09:00:00+01:00", "2031-04-02T18:00:00+02:00"),
    ],
    ids=["one-day", "overnight", "start-only", "series", "into-summer-time"],
)
def test_timed_events_are_aware_datetimes_in_their_zone(
    event, start_time, end_date, end_time, start, end
):
    event.start_time = time(start_time)
    event.end_date = end_date and datetime.date.fromisoformat(end_date)
    event.end_time = end_time and time(end_time)
    event.full_clean()
    when = event.when
    assert not when.all_day
    assert (when.iso(when.start), when.iso(when.end)) == (start, end)
    assert when.start.tzinfo.key == "Europe/Warsaw"


def test_the_same_wall_clock_time_has_the_summer_offset_in_summer(event):
    event.start_date = datetime.date(2031, 7, 10)
    event.start_time = time("15:00")
    assert event.when.iso(event.when.start) == "2031-07-10T15:00:00+02:00"
    assert event.when.zone_abbreviations == "CEST"


def test_another_zone_keeps_its_own_local_time(event):
    event.start_time, event.time_zone = time("15:00"), "Asia/Almaty"
    event.full_clean()
    assert event.when.start.utcoffset() == datetime.timedelta(hours=5)
    assert event.when.zone_abbreviations == "UTC+05"  # tzdata has no letters for it


# The rules, each with its message on its field ----------------------------------------


def test_an_end_time_without_a_start_time_is_refused(event):
    event.end_time = time("17:30")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {"end_time": [END_TIME_WITHOUT_START]}


@pytest.mark.parametrize("end_date", [None, datetime.date(2031, 3, 10)], ids=["no-end", "same"])
def test_an_end_time_before_the_start_time_on_the_same_day_is_refused(event, end_date):
    event.start_time, event.end_date, event.end_time = time("15:00"), end_date, time("14:59")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {"end_time": [END_TIME_BEFORE_START]}


def test_an_earlier_end_time_on_a_later_day_is_valid(event):
    event.start_time, event.end_time = time("15:00"), time("10:00")
    event.end_date = datetime.date(2031, 3, 11)
    event.full_clean()


def test_an_end_at_the_start_time_is_not_before_it(event):
    event.start_time = event.end_time = time("15:00")
    event.full_clean()


def test_the_end_date_rule_and_the_end_time_rule_are_reported_together(event):
    event.end_date = datetime.date(2031, 3, 9)
    event.end_time = time("10:00")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {
        "end_date": ["The end date cannot be before the start date."],
        "end_time": [END_TIME_WITHOUT_START],
    }


def test_an_unknown_time_zone_is_refused(event):
    event.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {"time_zone": [UNKNOWN_ZONE]}


def test_the_choices_are_the_zones_of_the_time_zone_database():
    names = [name for name, _ in time_zone_choices()]
    assert names == sorted(names)
    assert {"Europe/Warsaw", "Europe/Vienna", "Asia/Almaty", "UTC"} <= set(names)
    assert "Mars/Olympus_Mons" not in names


def test_admin_form_shows_each_time_error_next_to_its_field(event, admin_client):
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    response = admin_client.post(
        edit_url,
        event_form_data(
            title=event.title,
            slug=event.slug,
            event_type=event.event_type_id,
            start_date="2031-03-10",
            end_time="17:30",
            time_zone="Mars/Olympus_Mons",
        ),
    )
    errors = form_errors(response)
    assert set(errors) == {"time_zone", "end_time"}
    assert errors["end_time"] == [END_TIME_WITHOUT_START]
    assert "Mars/Olympus_Mons" in errors["time_zone"][0]
    soup = get_soup(response)
    for name, message in [("end_time", END_TIME_WITHOUT_START), ("time_zone", "Mars/Olympus_Mons")]:
        wrapper = soup.find(attrs={"name": name}).find_parent(attrs={"data-field-wrapper": True})
        assert message in text_of(wrapper)
    event.refresh_from_db()
    assert event.end_time is None


def test_admin_form_saves_a_timed_event_in_its_zone(event, admin_client):
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]),
        event_form_data(
            title=event.title,
            slug=event.slug,
            event_type=event.event_type_id,
            start_date="10.03.2031",
            start_time="15:00",
            end_time="17:30",
            time_zone="Europe/Vienna",
        ),
    )
    assert response.status_code == 302, form_errors(response)
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert (draft.start_time, draft.end_time, draft.time_zone) == (
        time("15:00"),
        time("17:30"),
        "Europe/Vienna",
    )
    assert draft.when.iso(draft.when.end) == "2031-03-10T17:30:00+01:00"


def test_admin_form_offers_the_zones_with_the_default_selected(site_tree, admin_client):
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", site_tree.events.pk])
    )
    select = get_soup(response).find("select", attrs={"name": "time_zone"})
    assert select.find("option", selected=True)["value"] == "Europe/Warsaw"
    assert len(select.find_all("option")) == len(time_zone_choices())
    for name in ("start_time", "end_time"):
        assert get_soup(response).find("input", attrs={"name": name}) is not None


# The migration: existing events become all-day in the default zone ----------------------


# Serialized rollback: the data the migrations made (the root page) is restored first,
# whichever transactional test ran before.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_existing_events_as_all_day_in_the_default_zone(site_tree):
    event = factories.EventPageFactory(
        parent=site_tree.events,
        start_date=datetime.date(2031, 5, 27),
        end_date=datetime.date(2031, 5, 29),
    )
    before = ("events", "0005_section_text_sanitized_block")
    after = ("events", "0006_event_times_and_time_zone")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    executor = MigrationExecutor(connection)
    old_model = executor.loader.project_state([before]).apps.get_model("events", "EventPage")
    assert {"start_time", "end_time", "time_zone"}.isdisjoint(
        field.name for field in old_model._meta.get_fields()
    )
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    event = EventPage.objects.get(pk=event.pk)
    assert (event.start_date, event.end_date) == (
        datetime.date(2031, 5, 27),
        datetime.date(2031, 5, 29),
    )
    assert (event.start_time, event.end_time, event.time_zone) == (None, None, "Europe/Warsaw")
    assert event.when.all_day


# Shown in the event's own zone, with the zone named --------------------------------------


def timed_event(site_tree, slug, start, end=None, time_zone="Europe/Warsaw", **fields):
    """A published event from ``"2031-03-10 15:00"``-style start and end; either part may be
    left out (``" 17:30"``: an end time without an end date)."""

    def split(text):
        date, _, clock = (text or "").partition(" ")
        return (
            datetime.date.fromisoformat(date) if date else None,
            time(clock) if clock else None,
        )

    start_date, start_time = split(start)
    end_date, end_time = split(end)
    return publish(
        factories.EventPageFactory(
            parent=site_tree.events,
            title=fields.pop("title", slug.replace("-", " ").capitalize()),
            slug=slug,
            start_date=start_date,
            start_time=start_time,
            end_date=end_date,
            end_time=end_time,
            time_zone=time_zone,
            **fields,
        )
    )


def visible_text(tag):
    """The text as a reader sees it (``15:00</time>–<time>17:30`` reads ``15:00–17:30``)."""
    return " ".join(tag.get_text().split())


def date_fact(client, url):
    """The event page's first fact, the date, as read and as machines read it."""
    soup = get_soup(client.get(url))
    dates = soup.find("dl", class_="event__facts").find("dd")
    return visible_text(dates), [tag["datetime"] for tag in dates.find_all("time")]


@pytest.mark.parametrize(
    ("start", "end", "time_zone", "shown", "machine"),
    [
        (
            "2031-03-10 15:00",
            " 17:30",
            "Europe/Warsaw",
            "10 March 2031, 15:00–17:30 (Europe/Warsaw, CET)",
            ["2031-03-10T15:00:00+01:00", "2031-03-10T17:30:00+01:00"],
        ),
        (
            "2031-03-10 15:00",
            "2031-03-11 17:30",
            "Europe/Warsaw",
            "10 March, 15:00 – 11 March 2031, 17:30 (Europe/Warsaw, CET)",
            ["2031-03-10T15:00:00+01:00", "2031-03-11T17:30:00+01:00"],
        ),
        (
            "2031-07-10 10:00",
            None,
            "Europe/Warsaw",
            "10 July 2031, 10:00 (Europe/Warsaw, CEST)",
            ["2031-07-10T10:00:00+02:00"],
        ),
        (
            # an online series over several weeks, across the change to summer time
            "2031-03-04 10:00",
            "2031-04-08",
            "Europe/Warsaw",
            "4 March, 10:00 – 8 April 2031 (Europe/Warsaw, CET)",
            ["2031-03-04T10:00:00+01:00", "2031-04-08"],
        ),
        (
            # daylight saving time ends during the event: both abbreviations are named
            "2031-10-25 09:00",
            "2031-10-27 18:00",
            "Europe/Warsaw",
            "25 October, 09:00 – 27 October 2031, 18:00 (Europe/Warsaw, CEST/CET)",
            ["2031-10-25T09:00:00+02:00", "2031-10-27T18:00:00+01:00"],
        ),
        (
            "2031-03-10 11:00",
            " 13:00",
            "Asia/Almaty",
            "10 March 2031, 11:00–13:00 (Asia/Almaty, UTC+05)",
            ["2031-03-10T11:00:00+05:00", "2031-03-10T13:00:00+05:00"],
        ),
    ],
    ids=["one-day", "overnight", "start-only", "series", "dst-ends", "other-zone"],
)
def test_a_timed_event_shows_its_times_in_its_own_zone(
    site_tree, client, start, end, time_zone, shown, machine
):
    page = timed_event(site_tree, "meeting", start, end, time_zone)

    assert date_fact(client, page.url) == (shown, machine)
    card = get_soup(client.get(site_tree.events.url)).find("li", class_="card--event")
    assert shown in visible_text(card.find("p", class_="card__meta"))


def test_an_all_day_event_shows_its_dates_only(site_tree, client):
    page = timed_event(site_tree, "training", "2031-05-27", "2031-05-29")
    assert date_fact(client, page.url) == (
        "27–29 May 2031",
        ["2031-05-27", "2031-05-29"],
    )


def test_a_timed_event_in_russian_names_its_zone(site_tree, client):
    page = timed_event(site_tree, "meeting", "2031-03-10 15:00", "2031-03-10 17:30")
    translate(site_tree.events, title="Мероприятия")
    russian = translate(page, title="Совещание")

    assert date_fact(client, russian.url) == (
        "10 марта 2031 г., 15:00–17:30 (часовой пояс Europe/Warsaw, CET)",
        ["2031-03-10T15:00:00+01:00", "2031-03-10T17:30:00+01:00"],
    )
    assert get_soup(client.get(russian.url)).html["lang"] == "ru"


def test_structured_data_carries_the_offsets(site_tree):
    page = timed_event(site_tree, "meeting", "2031-07-10 15:00", "2031-07-11 17:30")
    data = event_structured_data(page)
    assert (data["startDate"], data["endDate"]) == (
        "2031-07-10T15:00:00+02:00",
        "2031-07-11T17:30:00+02:00",
    )


# iCalendar: TZID with its VTIMEZONE, or all-day dates -----------------------------------


def ical(client, page):
    response = client.get(f"/feeds/events/{page.pk}.ics")
    assert response.status_code == 200
    return response.content.decode()


def test_a_timed_event_has_local_times_with_tzid_and_its_vtimezone(site_tree, client):
    page = timed_event(site_tree, "meeting", "2031-03-10 15:00", "2031-03-11 17:30")

    content = ical(client, page)

    assert "\r\nDTSTART;TZID=Europe/Warsaw:20310310T150000\r\n" in content
    assert "\r\nDTEND;TZID=Europe/Warsaw:20310311T173000\r\n" in content
    calendar = Calendar.from_ical(content)
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Warsaw"
    # the zone's rules for the events' years: winter and summer offsets, as tzdata has them
    offsets = {(str(part["TZNAME"]), part["TZOFFSETTO"].to_ical()) for part in zone.subcomponents}
    assert offsets == {("CET", "+0100"), ("CEST", "+0200")}
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == page.when.start
    assert event.decoded("DTEND") == page.when.end
    assert content.index("BEGIN:VTIMEZONE") < content.index("BEGIN:VEVENT")


def test_a_timed_start_with_an_end_date_ends_at_the_midnight_after_it(site_tree, client):
    page = timed_event(site_tree, "series", "2031-03-04 10:00", "2031-04-08")
    content = ical(client, page)
    assert "\r\nDTSTART;TZID=Europe/Warsaw:20310304T100000\r\n" in content
    assert "\r\nDTEND;TZID=Europe/Warsaw:20310409T000000\r\n" in content


def test_a_start_time_alone_has_no_dtend(site_tree, client):
    page = timed_event(site_tree, "keynote", "2031-03-10 15:00")
    [event] = Calendar.from_ical(ical(client, page)).walk("VEVENT")
    assert "DTEND" not in event
    assert event.decoded("DTSTART").isoformat() == "2031-03-10T15:00:00+01:00"


def test_an_all_day_event_keeps_its_dates_and_no_vtimezone(site_tree, client):
    page = timed_event(site_tree, "training", "2031-05-27", "2031-05-29")
    content = ical(client, page)
    assert "\r\nDTSTART;VALUE=DATE:20310527\r\n" in content
    assert "\r\nDTEND;VALUE=DATE:20310530\r\n" in content
    assert "VTIMEZONE" not in content


def test_the_feed_names_each_zone_once_and_stays_byte_for_byte_the_same(site_tree, client):
    timed_event(site_tree, "warsaw", "2031-03-10 15:00", "2031-03-10 17:00")
    timed_event(site_tree, "vienna", "2031-03-11 09:00", "2031-03-11 12:00", "Europe/Vienna")
    timed_event(site_tree, "almaty", "2031-03-12 11:00", None, "Asia/Almaty")
    timed_event(site_tree, "warsaw-2", "2031-06-01 10:00", None)
    timed_event(site_tree, "all-day", "2031-05-27", "2031-05-29")

    first = client.get("/feeds/events.ics").content
    assert client.get("/feeds/events.ics").content == first
    calendar = Calendar.from_ical(first)
    assert sorted(str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")) == [
        "Asia/Almaty",
        "Europe/Vienna",
        "Europe/Warsaw",
    ]
    assert len(calendar.walk("VEVENT")) == 5


# The API: ISO 8601 with offsets, the zone's name, all-day -------------------------------


def test_the_api_gives_iso_8601_with_offsets_and_the_zone(site_tree, client):
    winter = timed_event(site_tree, "winter", "2031-03-10 15:00", "2031-03-10 17:30")
    summer = timed_event(site_tree, "summer", "2031-07-10 15:00", None, "Europe/Vienna")
    all_day = timed_event(site_tree, "all-day", "2031-05-27", "2031-05-29")
    one_day = timed_event(site_tree, "one-day", "2031-05-30")
    fields = ("start_date", "end_date", "start", "end", "time_zone", "all_day")

    items = client.get("/api/v2/events/", {"fields": ",".join(fields)}).json()["items"]
    found = {item["id"]: tuple(item[name] for name in fields) for item in items}

    assert found == {
        winter.pk: (
            "2031-03-10",
            "2031-03-10",
            "2031-03-10T15:00:00+01:00",
            "2031-03-10T17:30:00+01:00",
            "Europe/Warsaw",
            False,
        ),
        summer.pk: ("2031-07-10", None, "2031-07-10T15:00:00+02:00", None, "Europe/Vienna", False),
        all_day.pk: ("2031-05-27", "2031-05-29", "2031-05-27", "2031-05-29", "Europe/Warsaw", True),
        one_day.pk: ("2031-05-30", None, "2031-05-30", None, "Europe/Warsaw", True),
    }
    detail = client.get(f"/api/v2/pages/{winter.pk}/").json()
    assert tuple(detail[name] for name in fields) == found[winter.pk]
    assert datetime.datetime.fromisoformat(detail["start"]) == winter.when.start


# A time the clocks skip ---------------------------------------------------------------


def test_a_time_the_clocks_skip_is_refused_on_its_field(event):
    # Europe/Warsaw goes from 02:00 straight to 03:00 on 30 March 2031
    event.start_date = datetime.date(2031, 3, 29)
    event.start_time, event.end_date, event.end_time = time("22:00"), None, None
    event.full_clean()
    event.end_date, event.end_time = datetime.date(2031, 3, 30), time("02:30")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict == {
        "end_time": [
            "02:30 does not exist on that day in Europe/Warsaw: the clocks go forward then. "
            "Give a time after the change."
        ]
    }
    event.end_time = time("03:00")
    event.full_clean()
    assert event.when.iso(event.when.end) == "2031-03-30T03:00:00+02:00"


def test_a_time_that_exists_elsewhere_is_valid_in_a_zone_without_the_change(event):
    event.start_date, event.start_time = datetime.date(2031, 3, 30), time("02:30")
    event.time_zone = "Europe/Warsaw"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert list(error.value.message_dict) == ["start_time"]
    event.time_zone = "Asia/Almaty"
    event.full_clean()


def test_the_default_zone_setting_is_checked(settings):
    assert check_default_time_zone() == []
    settings.EVENT_DEFAULT_TIME_ZONE = "Europe/Vienna"
    assert check_default_time_zone() == []
    settings.EVENT_DEFAULT_TIME_ZONE = "Mars/Olympus_Mons"
    [error] = check_default_time_zone()
    assert error.id == "events.E001"


def test_the_rules_speak_russian(event):
    event.start_date, event.start_time = datetime.date(2031, 3, 30), time("02:30")
    event.end_time = time("01:00")
    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        messages = error.value.message_dict  # lazy messages read in the page's language
    assert messages == {
        "start_time": [
            "Времени 02:30 в этот день в часовом поясе Europe/Warsaw нет: часы переводятся "
            "вперёд. Укажите время после перевода часов."
        ],
        "end_time": ["Время окончания не может быть раньше времени начала в тот же день."],
    }
