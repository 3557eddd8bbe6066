"""Every page type's template shows its fields (DESIGN §3, §4)."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventOrganizer
from tests import factories
from tests.helpers import event_facts, get_soup, text_of, titles


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def section_after(soup, heading_text):
    """The <section> whose h2 reads ``heading_text``."""
    heading = soup.find("h2", string=heading_text)
    assert heading is not None, f"no h2 {heading_text!r}"
    return heading.find_parent("section")


# Home ---------------------------------------------------------------------------------


def test_home_page_shows_intro_upcoming_events_and_latest_news(site_tree, client):
    home = site_tree.home
    home.intro = "We promote democratic elections and human rights."
    home.save()
    for title, start in [
        ("In three weeks", days(21)),
        ("Tomorrow", days(1)),
        ("In two months", days(60)),
        ("Next week", days(7)),
        ("Last month", days(-30)),
    ]:
        factories.EventPageFactory(parent=site_tree.events, title=title, start_date=start)
    for title, date in [
        ("Old news", days(-40)),
        ("Fresh news", days(0)),
        ("Week-old news", days(-7)),
        ("Month-old news", days(-30)),
    ]:
        factories.NewsPageFactory(parent=site_tree.news, title=title, date=date)

    soup = get_soup(client.get("/en/"))

    assert text_of(soup.find("p", class_="lead")) == home.intro
    upcoming = section_after(soup, "Upcoming events")
    assert titles(upcoming, ".card__title") == ["Tomorrow", "Next week", "In three weeks"]
    news = section_after(soup, "Latest news")
    assert titles(news, ".card__title") == ["Fresh news", "Week-old news", "Month-old news"]
    assert news.find("a", string="Fresh news")["href"] == "/en/news/fresh-news/"


def test_home_page_says_when_there_is_nothing_to_list(site_tree, client):
    soup = get_soup(client.get("/en/"))
    assert "No upcoming events at the moment." in text_of(section_after(soup, "Upcoming events"))
    assert "No news yet." in text_of(section_after(soup, "Latest news"))


# Standard page ------------------------------------------------------------------------


def test_standard_page_shows_intro_image_and_body(site_tree, client):
    photo = factories.ImageFactory(title="Office", description="The office building in Warsaw")
    about = site_tree.about
    about.intro = "Who we are and what we do."
    about.image = photo
    about.body = [
        {"type": "heading", "value": "Our mandate"},
        {"type": "paragraph", "value": "<p>We help <b>participating States</b>.</p>"},
        {
            "type": "quote",
            "value": {"text": "Human rights are universal.", "attribution": "Charter"},
        },
    ]
    about.save()

    soup = get_soup(client.get("/en/about-us/"))

    article = soup.find("article")
    assert text_of(article.find("h1")) == "About us"
    assert text_of(article.find("p", class_="lead")) == "Who we are and what we do."
    assert article.find("img", class_="lead-image")["alt"] == "The office building in Warsaw"
    stream = article.find("div", class_="stream")
    assert text_of(stream.find("h2")) == "Our mandate"
    assert text_of(stream.find("b")) == "participating States"
    assert text_of(stream.find("blockquote")) == "Human rights are universal."
    assert text_of(stream.find("figcaption")) == "Charter"


# Thematic areas -----------------------------------------------------------------------


def test_thematic_area_index_lists_areas_in_tree_order(site_tree, client):
    our_work = site_tree.our_work
    our_work.intro = "Our work covers these areas."
    our_work.save()
    elections, civil_society, hate_crime = site_tree.areas
    hate_crime.intro = "Hate crimes are criminal acts motivated by bias."
    hate_crime.save()
    factories.ThematicAreaPageFactory(parent=our_work, title="Draft area", live=False)

    soup = get_soup(client.get("/en/our-work/"))

    assert text_of(soup.find("p", class_="lead")) == "Our work covers these areas."
    areas = soup.find("ul", class_="area-list")
    assert titles(areas, "li > a") == ["Elections", "Civil society", "Hate crime"]
    assert areas.find("a", string="Hate crime")["href"] == "/en/our-work/hate-crime/"
    assert "Hate crimes are criminal acts motivated by bias." in text_of(areas)

    hate_crime.move(elections, pos="left")
    soup = get_soup(client.get("/en/our-work/"))
    assert titles(soup, ".area-list li > a") == ["Hate crime", "Elections", "Civil society"]


def test_thematic_area_page_lists_only_what_is_tagged_with_it(site_tree, client):
    elections, civil_society, hate_crime = site_tree.areas
    hate_crime.intro = "Hate crimes are criminal acts motivated by bias."
    hate_crime.save()
    factories.EventPageFactory(
        parent=site_tree.events,
        title="Tagged upcoming event",
        start_date=days(10),
        thematic_areas=[hate_crime, civil_society],
    )
    factories.EventPageFactory(
        parent=site_tree.events,
        title="Tagged past event",
        start_date=days(-10),
        thematic_areas=[hate_crime],
    )
    factories.EventPageFactory(parent=site_tree.events, title="Untagged event")
    factories.EventPageFactory(
        parent=site_tree.events, title="Elections event", thematic_areas=[elections]
    )
    factories.NewsPageFactory(
        parent=site_tree.news, title="Tagged news", thematic_areas=[hate_crime]
    )
    factories.NewsPageFactory(parent=site_tree.news, title="Untagged news")
    factories.ResourcePageFactory(
        parent=site_tree.resources, title="Tagged guide", thematic_areas=[hate_crime]
    )
    factories.ResourcePageFactory(
        parent=site_tree.resources, title="Elections guide", thematic_areas=[elections]
    )

    soup = get_soup(client.get("/en/our-work/hate-crime/"))

    assert text_of(soup.find("h1")) == "Hate crime"
    assert text_of(soup.find("p", class_="lead")) == hate_crime.intro
    events = section_after(soup, "Events")
    assert titles(events, ".card__title") == ["Tagged upcoming event", "Tagged past event"]
    assert [text_of(h3) for h3 in events.find_all("h3", class_=False)] == [
        "Upcoming events",
        "Past events",
    ]
    assert titles(section_after(soup, "News"), ".card__title") == ["Tagged news"]
    assert titles(section_after(soup, "Resources"), ".card__title") == ["Tagged guide"]
    all_cards = titles(soup, ".card__title")
    for untagged in ["Untagged event", "Elections event", "Untagged news", "Elections guide"]:
        assert untagged not in all_cards


def test_thematic_area_page_without_tagged_items_has_no_empty_sections(site_tree, client):
    soup = get_soup(client.get("/en/our-work/elections/"))
    assert [text_of(h2) for h2 in soup.find("main").find_all("h2")] == []


# News and resources ------------------------------------------------------------------


def test_news_index_lists_news_newest_first(site_tree, client):
    news_index = site_tree.news
    news_index.intro = "News from our work across the region."
    news_index.save()
    factories.NewsPageFactory(parent=news_index, title="Older", date=datetime.date(2030, 1, 5))
    factories.NewsPageFactory(
        parent=news_index, title="Newer", date=datetime.date(2030, 2, 1), summary="Newer summary."
    )

    soup = get_soup(client.get("/en/news/"))

    assert text_of(soup.find("h1")) == "News"
    assert text_of(soup.find("p", class_="lead")) == news_index.intro
    assert titles(soup, ".card__title") == ["Newer", "Older"]
    newer = soup.find("a", string="Newer").find_parent("li")
    assert newer.find("time")["datetime"] == "2030-02-01"
    assert "Newer summary." in text_of(newer)
    assert newer.find("a")["href"] == "/en/news/newer/"


def test_news_page_shows_date_summary_image_body_and_areas(site_tree, client):
    photo = factories.ImageFactory(title="Sibiu", description="Participants of the training")
    factories.NewsPageFactory(
        parent=site_tree.news,
        title="Police and civil society meet",
        slug="police-and-civil-society-meet",
        date=datetime.date(2030, 6, 2),
        summary="Participants agreed on next steps.",
        image=photo,
        body=[{"type": "paragraph", "value": "<p>Representatives met in <i>Sibiu</i>.</p>"}],
        thematic_areas=[site_tree.areas[2], site_tree.areas[1]],
    )

    soup = get_soup(client.get("/en/news/police-and-civil-society-meet/"))

    article = soup.find("article")
    assert text_of(article.find("h1")) == "Police and civil society meet"
    assert article.find("time")["datetime"] == "2030-06-02"
    assert text_of(article.find("p", class_="lead")) == "Participants agreed on next steps."
    assert article.find("img", class_="lead-image")["alt"] == "Participants of the training"
    assert "Representatives met in Sibiu ." in text_of(article.find("div", class_="stream"))
    tags = article.find("p", class_="tags")
    assert [(text_of(a), a["href"]) for a in tags.find_all("a")] == [
        ("Civil society", "/en/our-work/civil-society/"),
        ("Hate crime", "/en/our-work/hate-crime/"),
    ]


def test_resource_index_lists_resources_newest_first(site_tree, client):
    factories.ResourcePageFactory(
        parent=site_tree.resources, title="Guidelines", date=datetime.date(2029, 1, 1)
    )
    factories.ResourcePageFactory(
        parent=site_tree.resources, title="Annual report", date=datetime.date(2030, 1, 1)
    )
    soup = get_soup(client.get("/en/resources/"))
    assert text_of(soup.find("h1")) == "Resources"
    assert titles(soup, ".card__title") == ["Annual report", "Guidelines"]


def test_resource_page_links_its_files(site_tree, client):
    resource = factories.ResourcePageFactory(
        parent=site_tree.resources,
        title="Hate crime victim support",
        slug="hate-crime-victim-support",
        summary="A practical guide.",
    )
    guide = factories.ResourceDocumentFactory(
        page=resource, document__title="Guide (English)", title=""
    )
    annex = factories.ResourceDocumentFactory(page=resource, title="Annex: checklists")

    soup = get_soup(client.get("/en/resources/hate-crime-victim-support/"))

    assert text_of(soup.find("h1")) == "Hate crime victim support"
    assert text_of(soup.find("p", class_="lead")) == "A practical guide."
    files = section_after(soup, "Files")
    assert [(text_of(a), a["href"]) for a in files.find_all("a")] == [
        ("Guide (English)", guide.document.url),
        ("Annex: checklists", annex.document.url),
    ]
    assert guide.document.url.startswith("/documents/")
    assert titles(files, ".file-meta") == ["(English, PDF)", "(English, PDF)"]


# Events -------------------------------------------------------------------------------


def test_event_index_shows_intro_and_event_cards(site_tree, client):
    events = site_tree.events
    events.intro = "Trainings, conferences and meetings."
    events.save()
    factories.EventPageFactory(
        parent=events,
        title="Conference on hate crime data",
        slug="conference-on-hate-crime-data",
        event_type__name="Conference",
        start_date=days(30),
        end_date=days(31),
        city="Vienna",
        country="AT",
        summary="Comparing methods of recording hate crime.",
    )

    soup = get_soup(client.get("/en/events/"))

    assert text_of(soup.find("h1")) == "Events"
    assert text_of(soup.find("p", class_="lead")) == events.intro
    card = soup.find("li", class_="card--event")
    assert text_of(card.find(class_="card__label")) == "Conference"
    link = card.find("h3").find("a")
    assert (text_of(link), link["href"]) == (
        "Conference on hate crime data",
        "/en/events/conference-on-hate-crime-data/",
    )
    assert [time["datetime"] for time in card.find_all("time")] == [
        days(30).isoformat(),
        days(31).isoformat(),
    ]
    assert "Vienna, Austria" in text_of(card.find(class_="card__meta"))
    assert "Comparing methods of recording hate crime." in text_of(card)


@pytest.mark.parametrize(
    "attendance, city, country, label, shown",
    [
        ("online", "", "", "", "Online"),
        ("in-person", "Riga", "LV", "", "Riga, Latvia"),
        ("hybrid", "Riga", "LV", "", "Riga, Latvia and online"),
        (
            "online",
            "",
            "",
            "Online meeting (CET/GMT+1 time zone)",
            "Online meeting (CET/GMT+1 time zone)",
        ),
    ],
)
def test_event_page_location_and_attendance(
    site_tree, client, attendance, city, country, label, shown
):
    factories.EventPageFactory(
        parent=site_tree.events,
        slug="an-event",
        attendance=attendance,
        city=city,
        country=country,
        location_label=label,
    )
    soup = get_soup(client.get("/en/events/an-event/"))
    assert event_facts(soup)["Location"] == shown


def test_event_page_shows_every_field(site_tree, client):
    hate_crime = site_tree.areas[2]
    odihr = factories.OrganizationFactory(name="OSCE ODIHR")
    event = factories.EventPageFactory(
        parent=site_tree.events,
        title="Joint training",
        slug="joint-training",
        event_type__name="Training",
        start_date=datetime.date(2031, 5, 27),
        end_date=datetime.date(2031, 5, 29),
        city="Sibiu",
        country="RO",
        source=odihr,
        fields_of_work=[
            factories.FieldOfWorkFactory(name="Tolerance and non-discrimination"),
            factories.FieldOfWorkFactory(name="Human rights"),
        ],
        thematic_areas=[hate_crime],
        body=[
            {"type": "about", "value": {"heading": "About", "text": "<p>About text.</p>"}},
            {
                "type": "why_important",
                "value": {"heading": "Why is this important?", "text": "<p>Why text.</p>"},
            },
            {"type": "background", "value": {"heading": "Background", "text": "<p>Context.</p>"}},
        ],
    )
    accept = factories.OrganizationFactory(name="ACCEPT")
    EventOrganizer.objects.create(page=event, organization=odihr, role="organizer")
    EventOrganizer.objects.create(page=event, organization=accept, role="in-cooperation-with")

    soup = get_soup(client.get("/en/events/joint-training/"))

    article = soup.find("article", class_="event")
    assert text_of(article.find("h1")) == "Joint training"
    assert text_of(article.find("p", class_="event__type")) == "Training"
    assert event_facts(soup) == {
        "Date": "27–29 May 2031",
        "Location": "Sibiu, Romania",
        "Organized by": "OSCE ODIHR, in co-operation with ACCEPT",
        "Source": "OSCE ODIHR",
        "Fields of work": "Human rights Tolerance and non-discrimination",
        "Thematic areas": "Hate crime",
    }
    dates = article.find("dl").find_all("time")
    assert [time["datetime"] for time in dates] == ["2031-05-27", "2031-05-29"]
    assert article.find("a", string="Hate crime")["href"] == "/en/our-work/hate-crime/"
    sections = article.find_all("section", class_="section-block")
    assert [(text_of(s.find("h2")), text_of(s.find("p"))) for s in sections] == [
        ("About", "About text."),
        ("Why is this important?", "Why text."),
        ("Background", "Context."),
    ]


def test_one_day_event_shows_one_date_and_leaves_out_empty_facts(site_tree, client):
    factories.EventPageFactory(
        parent=site_tree.events,
        slug="one-day",
        start_date=datetime.date(2031, 1, 15),
        end_date=None,
        city="",
        country="",
        source=factories.OrganizationFactory(name="ODIHR"),
        fields_of_work=[],
    )
    soup = get_soup(client.get("/en/events/one-day/"))
    assert event_facts(soup) == {"Date": "15 January 2031", "Source": "ODIHR"}
