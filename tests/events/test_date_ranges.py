"""Dates as people read them (issue 16): a range names what its ends share once, in each
language's own form, in the event page, its cards, the events listing and the
iCalendar file."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from icalendar import Calendar

from core.dates import date_range_html, format_date_range
from tests import factories
from tests.helpers import event_facts, get_soup, publish, read_as_shown, text_of, translate

D = datetime.date
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")

RANGES = {
    "same-month": (D(2025, 5, 27), D(2025, 5, 29)),
    "across-months": (D(2025, 9, 30), D(2025, 10, 2)),
    "across-years": (D(2025, 12, 29), D(2026, 1, 3)),
    "one-day": (D(2025, 5, 27), None),
}

SHOWN = {
    "en": {
        "same-month": "27–29 May 2025",
        "across-months": "30 September – 2 October 2025",
        "across-years": "29 December 2025 – 3 January 2026",
        "one-day": "27 May 2025",
    },
    "ru": {
        "same-month": "27–29 мая 2025 г.",
        "across-months": "30 сентября – 2 октября 2025 г.",
        "across-years": "29 декабря 2025 г. – 3 января 2026 г.",
        "one-day": "27 мая 2025 г.",
    },
}

CASES = [(language, kind) for language in SHOWN for kind in RANGES]


@pytest.mark.parametrize(("language", "kind"), CASES)
def test_a_range_in_each_language(language, kind):
    start, end = RANGES[kind]
    assert format_date_range(start, end, language=language) == SHOWN[language][kind]


@pytest.mark.parametrize(("language", "kind"), CASES)
def test_a_range_in_the_active_language(language, kind):
    start, end = RANGES[kind]
    with translation.override(language):
        assert format_date_range(start, end) == SHOWN[language][kind]


def test_an_end_on_the_start_day_is_one_day():
    assert format_date_range(D(2025, 5, 27), D(2025, 5, 27), "en") == "27 May 2025"
    assert format_date_range(D(2025, 5, 27), D(2025, 5, 27), "ru") == "27 мая 2025 г."


def test_an_end_before_the_start_shares_nothing():
    """A range that runs backwards keeps both dates whole rather than read "29–27 May"."""
    assert format_date_range(D(2025, 5, 29), D(2025, 5, 27), "en") == "29 May 2025 – 27 May 2025"


@pytest.mark.parametrize(
    ("start", "end", "english", "russian"),
    [
        (
            datetime.datetime(2031, 3, 10, 15, 0, tzinfo=WARSAW),
            datetime.datetime(2031, 3, 10, 17, 30, tzinfo=WARSAW),
            "10 March 2031, 15:00–17:30",
            "10 марта 2031 г., 15:00–17:30",
        ),
        (
            datetime.datetime(2031, 3, 10, 15, 0, tzinfo=WARSAW),
            datetime.datetime(2031, 3, 11, 17, 30, tzinfo=WARSAW),
            "10 March, 15:00 – 11 March 2031, 17:30",
            "10 марта, 15:00 – 11 марта 2031 г., 17:30",
        ),
        (
            datetime.datetime(2031, 12, 30, 9, 0, tzinfo=WARSAW),
            datetime.datetime(2032, 1, 2, 18, 0, tzinfo=WARSAW),
            "30 December 2031, 09:00 – 2 January 2032, 18:00",
            "30 декабря 2031 г., 09:00 – 2 января 2032 г., 18:00",
        ),
        (
            datetime.datetime(2031, 3, 4, 10, 0, tzinfo=WARSAW),
            D(2031, 4, 8),
            "4 March, 10:00 – 8 April 2031",
            "4 марта, 10:00 – 8 апреля 2031 г.",
        ),
        (
            datetime.datetime(2031, 7, 10, 10, 0, tzinfo=WARSAW),
            None,
            "10 July 2031, 10:00",
            "10 июля 2031 г., 10:00",
        ),
    ],
    ids=["one-day", "overnight", "across-years", "series", "start-only"],
)
def test_times_follow_their_dates(start, end, english, russian):
    assert format_date_range(start, end, "en") == english
    assert format_date_range(start, end, "ru") == russian


def test_times_are_read_in_their_own_zone_whatever_the_active_one():
    start = datetime.datetime(2031, 3, 10, 23, 30, tzinfo=WARSAW)  # 22:30 UTC
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Asia/Almaty")):
        assert format_date_range(start) == "10 March 2031, 23:30"


def test_the_html_keeps_each_end_machine_readable():
    html = date_range_html(D(2025, 5, 27), D(2025, 5, 29), "en")
    assert html == (
        '<time datetime="2025-05-27">27</time>–<time datetime="2025-05-29">29 May 2025</time>'
    )
    timed = date_range_html(
        datetime.datetime(2031, 3, 10, 15, 0, tzinfo=WARSAW),
        datetime.datetime(2031, 3, 10, 17, 30, tzinfo=WARSAW),
        "ru",
    )
    assert timed == (
        '<time datetime="2031-03-10T15:00:00+01:00">10 марта 2031 г., 15:00</time>–'
        '<time datetime="2031-03-10T17:30:00+01:00">17:30</time>'
    )


def test_the_template_tag_renders_in_the_active_language():
    template = Template("{% load dates %}{% date_range start end %}")
    context = Context({"start": D(2025, 9, 30), "end": D(2025, 10, 2)})
    with translation.override("ru"):
        assert template.render(context) == (
            '<time datetime="2025-09-30">30 сентября</time> – '
            '<time datetime="2025-10-02">2 октября 2025 г.</time>'
        )


# Rendered in the site ----------------------------------------------------------------------


def dated_event(site_tree, kind, **fields):
    start, end = RANGES[kind]
    return publish(
        factories.EventPageFactory(
            parent=site_tree.events,
            title=kind.replace("-", " ").capitalize(),
            slug=kind,
            start_date=start,
            end_date=end,
            **fields,
        )
    )


@pytest.fixture
def meeting(site_tree):
    """A published event with times, across two months of Warsaw's summer time (CEST)."""
    return publish(
        factories.EventPageFactory(
            parent=site_tree.events,
            title="Meeting",
            slug="meeting",
            start_date=D(2031, 9, 30),
            start_time=datetime.time(15, 0),
            end_date=D(2031, 10, 2),
            end_time=datetime.time(13, 0),
            time_zone="Europe/Warsaw",
        )
    )


def machine(kind):
    return [day.isoformat() for day in RANGES[kind] if day is not None]


def card_meta(soup, title):
    """The meta line of the event card with this title, as read and its ``datetime``s."""
    for card in soup.find_all("li", class_="card--event"):
        if text_of(card.find("h3")) == title:
            meta = card.find("p", class_="card__meta")
            return read_as_shown(meta), [time["datetime"] for time in meta("time")]
    raise AssertionError(f"no card for {title!r}")


def page_dates(soup):
    """The event page's date fact, as read and its ``datetime``s."""
    dates = soup.find("dl", class_="event__facts").find("dd")
    return read_as_shown(dates), [time["datetime"] for time in dates("time")]


@pytest.mark.parametrize("kind", RANGES)
def test_event_page_and_listing_card_in_english(site_tree, client, kind):
    page = dated_event(site_tree, kind, city="Sibiu", country="RO")
    shown = SHOWN["en"][kind]

    soup = get_soup(client.get(page.url))
    assert event_facts(soup)["Date"] == shown
    assert page_dates(soup) == (shown, machine(kind))

    listing = get_soup(client.get(site_tree.events.url))
    title = kind.replace("-", " ").capitalize()
    assert card_meta(listing, title) == (f"{shown} · Sibiu, Romania", machine(kind))


@pytest.mark.parametrize("kind", RANGES)
def test_event_page_and_listing_card_in_russian(site_tree, client, kind):
    page = dated_event(site_tree, kind, city="Sibiu", country="RO")
    events_ru = translate(site_tree.events, title="Мероприятия")
    russian = translate(page, title="Мероприятие")
    shown = SHOWN["ru"][kind]

    assert page_dates(get_soup(client.get(russian.url))) == (shown, machine(kind))
    listing = get_soup(client.get(events_ru.url))
    line, times = card_meta(listing, "Мероприятие")
    assert (line.split(" · ")[0], times) == (shown, machine(kind))


def test_side_events_on_the_main_event_page(site_tree, client):
    main = dated_event(site_tree, "across-years")
    dated_event(site_tree, "same-month", main_event=main)

    soup = get_soup(client.get(main.url))
    side = soup.find("section", class_="event__side-events")
    dates = side.find("span", class_="event__side-event-date")
    assert (read_as_shown(dates), [time["datetime"] for time in dates("time")]) == (
        "27–29 May 2025",
        machine("same-month"),
    )


def test_a_timed_event_keeps_its_zone_after_the_range(meeting, client):
    assert page_dates(get_soup(client.get(meeting.url))) == (
        "30 September, 15:00 – 2 October 2031, 13:00 (Europe/Warsaw, CEST)",
        ["2031-09-30T15:00:00+02:00", "2031-10-02T13:00:00+02:00"],
    )


@pytest.mark.parametrize(("language", "shown"), [("en", "29 May 2025"), ("ru", "29 мая 2025 г.")])
def test_news_cards_read_the_same_single_date(site_tree, client, language, shown):
    item = publish(
        factories.NewsPageFactory(
            parent=site_tree.news, title="Observers deployed", date=D(2025, 5, 29)
        )
    )
    index = site_tree.news
    if language != "en":
        index = translate(site_tree.news, language)
        translate(item, language)
    card = get_soup(client.get(index.url)).find("li", class_="card")
    time = card.find("p", class_="card__meta").find("time")
    assert (time.get_text(), time["datetime"]) == (shown, "2025-05-29")


# The iCalendar file --------------------------------------------------------------------


def calendar_dates(client, page):
    """The first paragraph of the event's DESCRIPTION in its .ics file: its dates."""
    response = client.get(f"/feeds/events/{page.pk}.ics")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    return str(event["DESCRIPTION"]).split("\n\n")[0]


@pytest.mark.parametrize("kind", RANGES)
def test_the_calendar_file_reads_the_dates_as_the_page_does(site_tree, client, kind):
    page = dated_event(site_tree, kind, summary="Civil society and police.")
    translate(site_tree.events, title="Мероприятия")
    russian = translate(page, title="Мероприятие")

    for language, event in (("en", page), ("ru", russian)):
        shown = SHOWN[language][kind]
        assert page_dates(get_soup(client.get(event.url)))[0] == shown
        assert calendar_dates(client, event) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "30 September, 15:00 – 2 October 2031, 13:00 (Europe/Warsaw, CEST)"),
        ("ru", "30 сентября, 15:00 – 2 октября 2031 г., 13:00 (часовой пояс Europe/Warsaw, CEST)"),
    ],
)
def test_the_calendar_file_names_the_zone_of_a_timed_event(
    site_tree, meeting, client, language, shown
):
    page = meeting
    if language != "en":
        translate(site_tree.events, language)
        page = translate(meeting, language)

    assert page_dates(get_soup(client.get(page.url)))[0] == shown
    assert calendar_dates(client, page) == shown


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_search_result_reads_the_range_as_the_card_does(site_tree, client, language):
    page = dated_event(site_tree, "across-months", summary="Quokka workshop.")
    if language != "en":
        translate(site_tree.events, language)
        translate(page, language)

    soup = get_soup(client.get(f"/{language}/search/", {"q": "Quokka"}))
    [line] = soup.select(".search-results__type")
    assert read_as_shown(line).split(" · ", 1)[1] == SHOWN[language]["across-months"]
    assert [time["datetime"] for time in line("time")] == machine("across-months")
