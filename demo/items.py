"""The catalogue's items (``demo.catalogue``) as the fields of the pages the demo creates.

Each ``*_FIELDS`` table maps a catalogue key to the model fields it fills. A key is
loaded only once its page model has the field: loading another one later (an event's
a news item's ``related_events``) is one more line in its table. Keys left out on
purpose: an event's ``series`` (linked once every event exists), its ``sections``
(``event_body``) and an item's ``ru`` (``russian_strings``).
"""

import datetime
import re

from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import get_language_info

from events.blocks import EventBodyBlock
from events.models import EventOrganizer
from events.organizers import OrganizerRole


class Vocabularies:
    """The terms and pages the catalogue names, in the source language, looked up as it
    names them: event types by slug, fields of work by name, thematic areas by title,
    organisations by acronym or name, collections by name."""

    def __init__(self, event_types, fields_of_work, thematic_areas, organisations, collections):
        self.event_type = event_types
        self.field_of_work = fields_of_work
        self.thematic_area = thematic_areas
        self.organisation = organisations
        self.collection = collections


def value(name):
    """The catalogue's value as it is."""
    return lambda given, terms: {name: given}


def choice(name):
    """A choice: the catalogue writes ``in_person``, the models' values are ``in-person``."""
    return lambda given, terms: {name: given.replace("_", "-")}


def moment(prefix):
    """An ISO date or date and time, split into the model's ``<prefix>_date`` and
    ``<prefix>_time`` (no time: all day)."""

    def split(given, terms):
        if not given:
            return {f"{prefix}_date": None, f"{prefix}_time": None}
        parsed = datetime.datetime.fromisoformat(given)
        return {
            f"{prefix}_date": parsed.date(),
            f"{prefix}_time": parsed.time() if "T" in given else None,
        }

    return split


def day(name):
    return lambda given, terms: {name: datetime.date.fromisoformat(given)}


def term(name, vocabulary):
    """One term of a vocabulary, e.g. the event type ``training``."""
    return lambda given, terms: {name: getattr(terms, vocabulary)[given]}


def terms_of(name, vocabulary):
    """Several terms, in the catalogue's order; "" or None names none."""
    return lambda given, terms: {
        name: [
            getattr(terms, vocabulary)[key]
            for key in ([given] if isinstance(given, str) else given)
            if key
        ]
    }


def contacts(given, terms):
    return {
        "contacts": [
            {
                "type": "contact",
                "value": {key: person[key] for key in ("name", "role", "email", "phone")},
            }
            for person in given
        ]
    }


# The catalogue writes roles as the British "organiser", with underscores.
ORGANIZER_ROLES = {
    "organiser": OrganizerRole.ORGANIZER,
    "co_organiser": OrganizerRole.CO_ORGANIZER,
    "in_cooperation_with": OrganizerRole.IN_COOPERATION_WITH,
    "with_the_support_of": OrganizerRole.WITH_THE_SUPPORT_OF,
}


def organizers(given, terms):
    """The event's ordered organiser rows, each organisation named by acronym or name."""
    return {
        "organizers": [
            EventOrganizer(organization=terms.organisation[name], role=ORGANIZER_ROLES[role])
            for name, role in given
        ]
    }


EVENT_FIELDS = {
    "event_type": term("event_type", "event_type"),
    "organisers": organizers,
    "start": moment("start"),
    "end": moment("end"),
    "time_zone": value("time_zone"),
    "attendance": choice("attendance"),
    "venue": value("venue"),
    "city": value("city"),
    "country": value("country"),
    "location_label": value("location_label"),
    "registration_url": value("registration_url"),
    "registration_deadline": moment("registration_deadline"),
    "working_languages": value("working_languages"),
    "interpretation": value("interpretation"),
    "fields_of_work": terms_of("fields_of_work", "field_of_work"),
    "thematic_areas": terms_of("thematic_areas", "thematic_area"),
    "summary": value("summary"),
}

NEWS_FIELDS = {
    "news_type": choice("news_type"),
    "issued_on": day("date"),
    "issued_by": terms_of("issued_by", "organisation"),
    "dateline": value("dateline"),
    "fields_of_work": terms_of("fields_of_work", "field_of_work"),
    "thematic_areas": terms_of("thematic_areas", "thematic_area"),
    "contacts": contacts,
    "summary": value("summary"),
}

RESOURCE_FIELDS = {
    "resource_type": choice("resource_type"),
    "publisher": term("publisher", "organisation"),
    "isbn": value("isbn"),
    "collection": terms_of("collections", "collection"),
    "fields_of_work": terms_of("fields_of_work", "field_of_work"),
    "thematic_areas": terms_of("thematic_areas", "thematic_area"),
    "summary": value("summary"),
}


def page_fields(item, table, terms):
    """The page's fields from ``item``, through ``table``; its title and slug first."""
    fields = {"title": item["title"]}
    for key, convert in table.items():
        fields.update(convert(item[key], terms))
    return fields


def slug_of(item):
    return slugify(item["title"])[:255]


def paragraphs(texts):
    return format_html("".join("<p>{}</p>" for _ in texts), *texts)


def source_paragraph(item):
    """The closing paragraph naming the page the item comes from, as the real pages state
    their sources."""
    url = item["source_url"]
    return {
        "type": "paragraph",
        "value": format_html('<p>Source: <a href="{}">{}</a></p>', url, url),
    }


# The event body's sections shaped as a heading and a text, by block name.
EVENT_SECTIONS = {
    name: block
    for name, block in EventBodyBlock().child_blocks.items()
    if set(getattr(block, "child_blocks", {})) >= {"heading", "text"}
}


def event_body(item):
    """The sections the event body has a block for, in the catalogue's order, then the source.

    Returns the body and the section kinds left out (those without a block yet)."""
    body, skipped = [], []
    for kind, heading, texts in item["sections"]:
        if kind in EVENT_SECTIONS:
            body.append({"type": kind, "value": {"heading": heading, "text": paragraphs(texts)}})
        else:
            skipped.append(kind)
    return body + [source_paragraph(item)], skipped


def text_body(item):
    """A news item's or publication's body: its paragraphs, then the source."""
    return [{"type": "paragraph", "value": paragraphs(item["paragraphs"])}, source_paragraph(item)]


# "published by ODIHR in Warsaw in 2014", "Issued in Warsaw in December 2008"
YEAR_STATED = re.compile(r"\b(?:published|issued)\b[^.]*?\b((?:19|20)\d\d)\b", re.IGNORECASE)


def publication_date(item):
    """The publication date; where the catalogue has none but its text says the year the
    item was published or issued, the first day of that year; else None (not loaded)."""
    if item["published_on"]:
        return datetime.date.fromisoformat(item["published_on"])
    for text in [item["summary"], *item["paragraphs"]]:
        stated = YEAR_STATED.search(text)
        if stated:
            return datetime.date(int(stated.group(1)), 1, 1)
    return None


def file_title(item, language):
    """A publication file's title: the publication's, with the file's language."""
    return f"{item['title']} ({get_language_info(language)['name']})"


def russian_strings(item):
    """The item's Russian title and summary, keyed by the English text, where the catalogue
    has them."""
    russian = item["ru"] or {}
    return {item[key]: text for key, text in russian.items() if key in item}
