"""Helpers shared by the test modules: rendered HTML, the reference page, admin form data,
uploads."""

import contextlib
import copy
import io
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image as PILImage
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

# The reference page the demo content reproduces (a copy of the design's seed file).
SEED_FILE = Path(__file__).parent / "data" / "000_f103949d1c8a7fc1.txt"
SEED_SECTIONS = ("About", "Why is this important?", "Background")


def get_soup(response, status=200):
    """The parsed HTML of a response, which must have the given status."""
    assert response.status_code == status, (
        f"{response.status_code} for {response.request['PATH_INFO']}"
    )
    return BeautifulSoup(response.content, "html.parser")


def text_of(tag):
    """The visible text of a tag, entities decoded and whitespace collapsed."""
    return " ".join(tag.get_text(" ").split())


def read_as_shown(tag):
    """The text as a reader sees it: inline elements run on (``27</time>–<time>29 May``
    reads "27–29 May", where ``text_of`` would give "27 – 29 May"), list items apart."""
    tag = copy.copy(tag)
    for item in tag.find_all(["li", "br"]):
        item.insert_after(" ")
    return " ".join(tag.get_text().split())


def titles(soup, selector):
    """The texts of the elements matching ``selector``, in document order."""
    return [text_of(tag) for tag in soup.select(selector)]


def event_facts(soup):
    """An event page's facts as {label: value}, labels without their colon."""
    return {
        text_of(row.find("dt")).removesuffix(":"): read_as_shown(row.find("dd"))
        for row in soup.find("dl", class_="event__facts").find_all("div")
    }


def main_menu_links(soup):
    """(text, href) of every link in the main menu, in document order."""
    nav = soup.find("nav", class_="main-menu")
    return [(text_of(a), a["href"]) for a in nav.find_all("a")]


def accessibility_problems(soup, language="en"):
    """What the page gets wrong of the basics every page must have; empty when all is well.

    One h1; a skip link to #main as the first link; one <main id="main">; the page's
    language on <html>; every <nav> named. These are what axe-core does not check (it
    asks for at least one h1, a skip link's target, a valid lang, distinct names only
    where landmarks would be confused): tests/browser/test_accessibility_axe.py checks
    the rest (alt text, labelled form controls, contrast, ...) on every page type.
    """
    problems = []
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 elements")
    first_link = soup.body.find("a")
    if first_link is None or first_link.get("href") != "#main":
        problems.append(f"first link is not a skip link to #main: {first_link}")
    mains = soup.find_all("main")
    if [main.get("id") for main in mains] != ["main"]:
        problems.append(f"main elements: {[main.get('id') for main in mains]}")
    if soup.html.get("lang") != language:
        problems.append(f"html lang={soup.html.get('lang')!r}")
    for nav in soup.find_all("nav"):
        if not (nav.get("aria-label") or "").strip() and not nav.get("aria-labelledby"):
            problems.append(f"nav without a name: {nav.get('class')}")
    return problems


def form_errors(response):
    """The errors of the form a response re-rendered, as {field: [message, ...]}."""
    errors = response.context["form"].errors
    return {
        field: [error["message"] for error in errors.get_json_data()[field]] for field in errors
    }


@dataclass(frozen=True)
class ReferencePage:
    """The facts of the seed file: menu, event title, type, labelled facts, sections."""

    menu: list  # every menu entry in document order (top-level items and submenu items)
    areas: list  # the submenu of "Our work"
    title: str
    event_type: str
    facts: dict  # label (without colon) -> value, or None when the seed gives no value
    sections: dict  # heading -> list of paragraphs


def read_reference_page():
    lines = [line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines()]
    # The menu: "- Title" lines; a bare "-" announces an item with a submenu on the next line.
    menu, position = [], 0
    while lines[position].startswith("-"):
        if lines[position] == "-":
            position += 1
            menu.append(lines[position])
        else:
            menu.append(lines[position][2:])
        position += 1
    areas = menu[menu.index("Our work") + 1 : menu.index("News")]
    title, event_type = lines[position], lines[position + 1]
    position += 2
    facts, label = {}, None
    while lines[position].startswith("- "):
        item = lines[position][2:]
        if item.endswith(":"):
            label = item[:-1]
            facts[label] = None
        else:
            facts[label] = item
        position += 1
    sections, heading = {}, None
    for line in lines[position:]:
        if line in SEED_SECTIONS:
            heading = line  # "About" appears twice (a tab, then the heading)
            sections.setdefault(heading, [])
        elif line:
            sections[heading].append(line)
    return ReferencePage(
        menu=menu,
        areas=areas,
        title=title,
        event_type=event_type,
        facts=facts,
        sections=sections,
    )


def event_form_data(**fields):
    """POST data for the admin's EventPage form; ``fields`` override or add form fields.

    Lists (``fields_of_work``, ``thematic_areas``, the language codes) stay lists: the test
    client sends one value per item, as the checkboxes do.
    """
    lists = {
        name: fields.pop(name)
        for name in ("fields_of_work", "thematic_areas", "working_languages", "interpretation")
        if name in fields
    }
    data = nested_form_data(
        {
            "title": "Roundtable on hate crime data",
            "slug": "roundtable-on-hate-crime-data",
            "start_date": "2031-03-10",
            "start_time": "",
            "end_date": "",
            "end_time": "",
            "time_zone": "Europe/Warsaw",
            "attendance": "in-person",
            "venue": "",
            "city": "Warsaw",
            "country": "PL",
            "location_label": "",
            "registration_url": "",
            "registration_deadline_date": "",
            "registration_deadline_time": "",
            "registration_open": "automatic",
            "livestream_url": "",
            "recording_url": "",
            "contacts": streamfield([]),
            "summary": "",
            "organizers": inline_formset([]),
            "related_pages": inline_formset([]),
            "body": streamfield([]),
            **fields,
        }
    )
    data.update(lists)
    return data


def png(size=(32, 24), color="teal", mode="RGB", **pillow_options):
    """The bytes of a PNG of one colour, to upload; ``pillow_options`` go to Pillow's ``save``
    (``pnginfo``, ``exif``: the metadata a phone leaves in a photo)."""
    buffer = io.BytesIO()
    PILImage.new(mode, size, color).save(buffer, "PNG", **pillow_options)
    return buffer.getvalue()


def publish(page):
    """Publish the page's current state the way the admin does (a revision, then publish)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, language_code="ru", **changes):
    """A published translation of ``page``; missing parents become aliases, as in the admin."""
    translation = page.copy_for_translation(
        Locale.objects.get(language_code=language_code), copy_parents=True
    )
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save()
    return publish(translation)


class _CDNHandler(BaseHTTPRequestHandler):
    """A caching proxy that accepts PURGE, or refuses it (503) while ``server.failing``."""

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        if self.server.failing:
            self.send_response(503)
        else:
            self.server.purged.append(f"http://{self.headers['Host']}{self.path}")
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class LoopbackCDN:
    """A real HTTP server on loopback standing for the site's CDN (Wagtail's HTTP backend, as
    for Varnish or nginx): ``purged`` lists the URLs purged, ``failing`` makes it refuse
    purges."""

    def __enter__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _CDNHandler)
        self._server.purged = self.purged = []
        self._server.failing = False
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def failing(self):
        return self._server.failing

    @failing.setter
    def failing(self, value):
        self._server.failing = value

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


@contextlib.contextmanager
def loopback_cdn(settings):
    """A ``LoopbackCDN`` configured as this test's CDN."""
    with LoopbackCDN() as server:
        settings.WAGTAILFRONTENDCACHE = {
            "proxy": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": server.url,
            }
        }
        yield server


def members_only_collection(name="Board"):
    """A collection only members of its group (``<name> members``) may read: (collection, group)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name=name)
    group = Group.objects.create(name=f"{name} members")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return collection, group


def compiled_sql(monkeypatch):
    """The models of the SQL Django compiles from now on, in order: a query built from
    querysets on every request costs more to compile than to run, and an empty queryset
    compiles its columns before learning that it selects nothing."""
    from django.db.models.sql.compiler import SQLCompiler

    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return compiled
