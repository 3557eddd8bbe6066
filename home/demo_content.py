"""The demo content: the reference site's menu tree and its event page, plus a few items.

Every step finds what already exists (by slug within its parent or language) and
creates only what is missing, so loading twice changes nothing, and content an
editor changed after loading is left as it is.

The reference page gives no date for the event; the demo dates it 27–29 May 2025.
"""

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from events.models import EventIndexPage, EventPage, EventType, FieldOfWork, Organization
from home.demo_content_ru import RUSSIAN
from home.i18n import translate_from_strings
from home.models import HomePage, StandardPage
from home.workflows import assign_moderation_workflow
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceDocument, ResourceIndexPage, ResourcePage
from thematic_areas.models import ThematicAreaIndexPage, ThematicAreaPage

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_DEFAULT_PASSWORD = "changeme"
SITE_NAME = "Office for Democratic Institutions and Human Rights"
# Where `make run` serves the demo.
DEMO_HOSTNAME, DEMO_PORT = "127.0.0.1", 8000

THEMATIC_AREAS = [
    "Elections",
    "Civil society",
    "Rule of law",
    "Democratic governance",
    "Legislative support",
    "Freedom of religion or belief",
    "Freedom of peaceful assembly",
    "Gender-based violence",
    "Human rights defenders",
    "Human rights and new technologies",
    "Human rights and gender-responsive security sector",
    "Human rights and anti-terrorism",
    "Migration and freedom of movement",
    "National human rights institutions",
    "Torture",
    "Trafficking in human beings",
    "Hate crime",
    "People with disabilities",
    "Racism, xenophobia and discrimination",
    "Roma and Sinti",
    "Gender equality",
    "Special meetings",
]

EVENT_TYPES = ["Training", "Conference", "Meeting", "Workshop", "Seminar", "Webinar", "Roundtable"]

FIELDS_OF_WORK = [
    "Tolerance and non-discrimination",
    "Democratization",
    "Elections",
    "Human rights",
    "Gender equality",
    "Roma and Sinti",
]

ODIHR = {
    "name": "OSCE Office for Democratic Institutions and Human Rights",
    "acronym": "ODIHR",
    "url": "https://www.osce.org/odihr",
}

SEED_EVENT_TITLE = (
    "Joint Training Against Hate Crimes for Civil Society Representatives and Law Enforcement"
)
SEED_EVENT = {
    "title": SEED_EVENT_TITLE,
    "slug": slugify(SEED_EVENT_TITLE),
    "start_date": datetime.date(2025, 5, 27),
    "end_date": datetime.date(2025, 5, 29),
    "location": "Sibiu, Romania",
    "country": "RO",
    "organizers": (
        "<p>OSCE Office for Democratic Institutions and Human Rights (ODIHR) in cooperation "
        "with the civil society organization ACCEPT</p>"
    ),
    "summary": (
        "A joint training for civil society and law enforcement in Romania to deepen "
        "co-operation between police and civil society organizations in supporting "
        "hate crime victims."
    ),
}

SEED_ABOUT = [
    "This joint training for representatives of civil society and law enforcement aims to "
    "deepen co-operation between police and civil society organizations in Romania as part of "
    "ODIHR’s work to strengthen hate crime victim support.",
    "Participants will examine practical elements of the police response to hate crime victims, "
    "including individual needs assessments and referral mechanisms, and examine measures to "
    "ensure the sensitive treatment of hate crime victims. These sessions will be supplemented by "
    "exercises to sensitize participants to the experiences of victimized groups and the "
    "challenges they face in their daily lives because of their identities.",
    "Additionally, participants will identify barriers to cooperation between civil society "
    "organizations and the police. They will work together to develop strategies to overcome "
    "these barriers in line with the local context and the needs of communities victimized by "
    "hate crime.",
]
SEED_WHY_IMPORTANT = [
    "Effective cooperation between police and civil society is vital to providing specialist "
    "support services to hate crime victims. Needs assessments and referral mechanisms ensure "
    "that victims are directed to support services tailored to their needs, while sensitive and "
    "respectful treatment is key to preventing secondary victimization and improving victims’ "
    "experience of the justice criminal process.",
]
SEED_BACKGROUND = [
    "The workshop is organized as part of a joint initiative of ODIHR and the European "
    "Commission on Strengthening Targeted Assistance and Response Structures for Hate Crime "
    "Victims in the OSCE Region (STARS). The initiative is funded by the European Union through "
    "the “Support to the Organization for Security and Co-operation in Europe (Office for "
    "Democratic Institutions and Human Rights) for knowledge sharing and standard setting on hate "
    "crime including hate crime victim support” (CERV-2023-IM-CRAC/RIGH/2), the Ministry of "
    "Foreign Affairs of Bulgaria, and the Ministry of Foreign Affairs and International "
    "Cooperation of Italy.",
]


def paragraphs(texts):
    return "".join(f"<p>{text}</p>" for text in texts)


def section(block_type, heading, texts):
    return {"type": block_type, "value": {"heading": heading, "text": paragraphs(texts)}}


SEED_EVENT_BODY = [
    section("about", "About", SEED_ABOUT),
    section("why_important", "Why is this important?", SEED_WHY_IMPORTANT),
    section("background", "Background", SEED_BACKGROUND),
]


@dataclass(frozen=True)
class DemoItem:
    title: str
    summary: str
    text: str
    areas: tuple[str, ...]
    days_ago: int


NEWS_ITEMS = [
    DemoItem(
        "Civil society and police in Romania work together against hate crime",
        "Participants of a joint training in Sibiu agreed on steps to improve referral of hate "
        "crime victims to specialist support.",
        "Representatives of civil society organizations and the Romanian police met in Sibiu to "
        "discuss how victims of hate crime can be referred to the support they need.",
        ("Hate crime", "Civil society"),
        20,
    ),
    DemoItem(
        "New guidance on protecting human rights defenders published",
        "The guidance sets out practical steps that states can take to create a safe and "
        "enabling environment for human rights defenders.",
        "Human rights defenders play a vital role in promoting and protecting human rights. The "
        "new guidance draws on consultations with defenders across the region.",
        ("Human rights defenders",),
        45,
    ),
    DemoItem(
        "Election observation mission deployed",
        "A limited election observation mission has been deployed ahead of parliamentary "
        "elections.",
        "The mission will assess the elections for their compliance with commitments and other "
        "international obligations and standards for democratic elections.",
        ("Elections",),
        70,
    ),
]

RESOURCES = [
    DemoItem(
        "Hate crime victim support: a practical guide",
        "A guide for civil society organizations and law enforcement on needs assessment and "
        "referral of hate crime victims.",
        "This guide explains how individual needs assessments and referral mechanisms ensure "
        "that victims of hate crime receive support tailored to their needs.",
        ("Hate crime",),
        120,
    ),
    DemoItem(
        "Guidelines on freedom of peaceful assembly",
        "Standards and good practice for legislators and authorities on facilitating peaceful "
        "assemblies.",
        "The guidelines set out the principles that should guide legislation and its "
        "implementation regarding freedom of peaceful assembly.",
        ("Freedom of peaceful assembly", "Rule of law"),
        300,
    ),
]

OTHER_EVENTS = [
    {
        "title": "Regional Conference on Hate Crime Data Collection",
        "type": "Conference",
        "days_ahead": 30,
        "length": 2,
        "location": "Vienna, Austria",
        "country": "AT",
        "areas": ("Hate crime",),
        "summary": "National points of contact on hate crime compare methods of recording and "
        "publishing hate crime data.",
    },
    {
        "title": "Webinar on Human Rights and New Technologies",
        "type": "Webinar",
        "days_ahead": 45,
        "length": 1,
        "location": "",
        "country": "",
        "online": True,
        "areas": ("Human rights and new technologies",),
        "summary": "Experts discuss the human rights impact of artificial intelligence in "
        "public administration.",
    },
]


def _demo_png(color, label_color=(255, 255, 255)):
    """A small generated banner image, so demo content needs no network or files."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image = PILImage.new("RGB", (1600, 900), color)
    draw = ImageDraw.Draw(image)
    draw.ellipse((1000, 200, 1500, 700), outline=label_color, width=24)
    draw.rectangle((120, 620, 820, 680), fill=label_color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _demo_pdf(title):
    """A minimal one-page PDF carrying ``title``, built byte by byte (no PDF library needed)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


class DemoContentLoader:
    """Builds the demo site; each ``ensure_*`` step is idempotent."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message):
        self.created += 1
        if self.stdout is not None:
            self.stdout.write(f"  created {message}")

    # Building blocks -----------------------------------------------------------------

    def ensure_child(self, parent, model, slug, **fields):
        """The live child of ``parent`` with this slug, created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        m2m = {
            name: fields.pop(name)
            for name in ("thematic_areas", "fields_of_work")
            if name in fields
        }
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        for name, values in m2m.items():
            getattr(page, name).set(values)
        page.save_revision().publish()
        self.log(f"{model._meta.verbose_name} “{page.title}”")
        return page

    def ensure_term(self, model, locale, name, **fields):
        term = model.objects.filter(locale=locale, slug=slugify(name)).first()
        if term is None:
            term = model.objects.create(locale=locale, name=name, slug=slugify(name), **fields)
            self.log(f"{model._meta.verbose_name} “{name}”")
        return term

    def ensure_image(self, title, color):
        image_model = get_image_model()
        image = image_model.objects.filter(title=title).first()
        if image is None:
            image = image_model(title=title, description=title)
            image.file = ImageFile(io.BytesIO(_demo_png(color)), name=f"{slugify(title)}.png")
            image.save()
            self.log(f"image “{title}”")
        return image

    def ensure_document(self, title):
        document_model = get_document_model()
        document = document_model.objects.filter(title=title).first()
        if document is None:
            document = document_model(title=title)
            document.file.save(f"{slugify(title)}.pdf", ContentFile(_demo_pdf(title)), save=False)
            document.save()
            self.log(f"document “{title}”")
        return document

    # The site ------------------------------------------------------------------------

    def ensure_home(self, locale):
        home = HomePage.objects.filter(locale=locale).first()
        if home is not None:
            return home
        root = Page.get_first_root_node()
        # Wagtail's installation leaves a placeholder "Welcome" page; replace it while
        # it is untouched, so our home page can take the slug "home".
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore", numchild=0
        ):
            placeholder.delete()
        home = HomePage(
            title="Home",
            slug="home",
            locale=locale,
            seo_title=SITE_NAME,
            intro=(
                "We promote democratic elections, respect for human rights, tolerance and "
                "non-discrimination, and the rule of law."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        self.log("home page")
        return home

    def ensure_site(self, home):
        """The default site, at the address `make run` serves, so absolute URLs work there.

        Wagtail's installation creates one (localhost:80) on its placeholder page;
        deleting the placeholder deletes it too, so usually it is created here.
        """
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=DEMO_HOSTNAME,
                port=DEMO_PORT,
                root_page=home,
                is_default_site=True,
                site_name=SITE_NAME,
            )
            self.log("site")
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = SITE_NAME
            site.hostname, site.port = DEMO_HOSTNAME, DEMO_PORT
            site.save()
            self.log("site settings")

    def ensure_admin(self):
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            return
        password = settings.DEMO_ADMIN_PASSWORD
        if not password:
            if not settings.DEBUG:
                raise CommandError(
                    "Refusing to create the demo admin with the default password while DEBUG "
                    "is off: set DEMO_ADMIN_PASSWORD."
                )
            password = DEMO_ADMIN_DEFAULT_PASSWORD
        user_model.objects.create_superuser(
            username=DEMO_ADMIN_USERNAME, email="admin@example.org", password=password
        )
        self.log(f"superuser “{DEMO_ADMIN_USERNAME}”")

    def ensure_translation(self, instance, locale):
        """``instance`` in ``locale``, translated from ``demo_content_ru`` if it is not yet."""
        existing = instance.get_translation_or_none(locale)
        if existing is not None:
            return existing
        translated = translate_from_strings(instance, locale, RUSSIAN)
        self.log(f"{locale.language_code} translation of “{instance}”")
        return translated

    def translate_demo_content(self, home, locale):
        """The home page, the menu pages, the thematic areas, the taxonomies and the seed event."""
        for model in (EventType, FieldOfWork, Organization):
            for term in model.objects.filter(locale=home.locale):
                self.ensure_translation(term, locale)
        self.ensure_translation(home, locale)
        for page in home.get_children().in_menu().order_by("path"):
            self.ensure_translation(page.specific, locale)
            if isinstance(page.specific, ThematicAreaIndexPage):
                for area in page.get_children().order_by("path"):
                    self.ensure_translation(area.specific, locale)
        seed_event = EventPage.objects.filter(slug=SEED_EVENT["slug"], locale=home.locale).first()
        if seed_event is not None:
            self.ensure_translation(seed_event, locale)

    def ensure_moderation_workflows(self):
        """Events and News index pages, in every language, go through "Moderators approve".

        New index pages get it when first published (``home.workflows``); this step
        covers a database loaded before that, and leaves a page's own choice alone.
        """
        for model in (EventIndexPage, NewsIndexPage):
            for page in model.objects.select_related("locale"):
                if assign_moderation_workflow(page):
                    self.log(f"moderation workflow of “{page.title}” ({page.locale.language_code})")

    @transaction.atomic
    def load(self):
        locale = Locale.get_default()
        self.ensure_admin()
        home = self.ensure_home(locale)
        self.ensure_site(home)

        self.ensure_child(
            home,
            StandardPage,
            "about-us",
            title="About us",
            show_in_menus=True,
            intro=(
                "The Office for Democratic Institutions and Human Rights helps participating "
                "States to ensure full respect for human rights and fundamental freedoms, to "
                "abide by the rule of law, to promote principles of democracy and to build, "
                "strengthen and protect democratic institutions, as well as to promote "
                "tolerance throughout society."
            ),
            summary="Who we are and what we do.",
        )
        our_work = self.ensure_child(
            home,
            ThematicAreaIndexPage,
            "our-work",
            title="Our work",
            show_in_menus=True,
            intro="Our work covers the thematic areas below.",
        )
        areas = {
            title: self.ensure_child(
                our_work,
                ThematicAreaPage,
                slugify(title),
                title=title,
                show_in_menus=True,
                intro=f"Our work on {title[0].lower() + title[1:]}.",
            )
            for title in THEMATIC_AREAS
        }
        news_index = self.ensure_child(
            home,
            NewsIndexPage,
            "news",
            title="News",
            show_in_menus=True,
            intro="News from our work across the region.",
        )
        events_index = self.ensure_child(
            home,
            EventIndexPage,
            "events",
            title="Events",
            show_in_menus=True,
            intro="Trainings, conferences, meetings and other events.",
        )
        resources_index = self.ensure_child(
            home,
            ResourceIndexPage,
            "resources",
            title="Resources",
            show_in_menus=True,
            intro="Publications, guidelines, reports and other resources.",
        )

        event_types = {name: self.ensure_term(EventType, locale, name) for name in EVENT_TYPES}
        fields_of_work = {
            name: self.ensure_term(FieldOfWork, locale, name) for name in FIELDS_OF_WORK
        }
        odihr = self.ensure_term(
            Organization, locale, ODIHR["name"], acronym=ODIHR["acronym"], url=ODIHR["url"]
        )

        self.ensure_child(
            events_index,
            EventPage,
            SEED_EVENT["slug"],
            title=SEED_EVENT["title"],
            event_type=event_types["Training"],
            start_date=SEED_EVENT["start_date"],
            end_date=SEED_EVENT["end_date"],
            location=SEED_EVENT["location"],
            country=SEED_EVENT["country"],
            organizers=SEED_EVENT["organizers"],
            source=odihr,
            summary=SEED_EVENT["summary"],
            body=SEED_EVENT_BODY,
            fields_of_work=[fields_of_work["Tolerance and non-discrimination"]],
            thematic_areas=[areas["Hate crime"]],
        )
        today = timezone.localdate()
        for spec in OTHER_EVENTS:
            start = today + datetime.timedelta(days=spec["days_ahead"])
            self.ensure_child(
                events_index,
                EventPage,
                slugify(spec["title"]),
                title=spec["title"],
                event_type=event_types[spec["type"]],
                start_date=start,
                end_date=start + datetime.timedelta(days=spec["length"] - 1),
                location=spec["location"],
                country=spec["country"],
                online=spec.get("online", False),
                source=odihr,
                summary=spec["summary"],
                body=[section("about", "About", [spec["summary"]])],
                fields_of_work=[fields_of_work["Human rights"]],
                thematic_areas=[areas[name] for name in spec["areas"]],
            )

        colors = [(0, 84, 147), (0, 121, 107), (123, 31, 162)]
        for index, item in enumerate(NEWS_ITEMS):
            image = self.ensure_image(item.title, colors[index % len(colors)])
            image_block = {
                "type": "image",
                "value": {"image": image.pk, "caption": "", "attribution": "", "alt_text": ""},
            }
            self.ensure_child(
                news_index,
                NewsPage,
                slugify(item.title),
                title=item.title,
                date=today - datetime.timedelta(days=item.days_ago),
                summary=item.summary,
                image=image,
                body=[{"type": "paragraph", "value": paragraphs([item.text])}, image_block],
                thematic_areas=[areas[name] for name in item.areas],
            )
        for item in RESOURCES:
            document = self.ensure_document(item.title)
            resource = self.ensure_child(
                resources_index,
                ResourcePage,
                slugify(item.title),
                title=item.title,
                date=today - datetime.timedelta(days=item.days_ago),
                summary=item.summary,
                body=[
                    {"type": "paragraph", "value": paragraphs([item.text])},
                    {"type": "document", "value": {"document": document.pk, "title": ""}},
                ],
                thematic_areas=[areas[name] for name in item.areas],
            )
            if not resource.documents.exists():
                ResourceDocument.objects.create(page=resource, document=document, title="PDF")
                resource.save_revision().publish()
                self.log(f"files of “{item.title}”")

        russian = Locale.objects.filter(language_code="ru").first()
        if russian is not None:
            self.translate_demo_content(home, russian)
        self.ensure_moderation_workflows()
        return self.created
