"""The demo content: the reference site's menu tree and its event page, the institution's
vocabularies in English and Russian, and real, public events, news and publications of the
institution (``demo.catalogue``), each citing the page it comes from.

Every step finds what already exists (by slug within its parent or language) and
creates only what is missing, so loading twice changes nothing, and content an
editor changed after loading is left as it is.

The reference page gives no date for the event; the demo dates it 27–29 May 2025.
"""

import datetime
import io
from collections import ChainMap

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from demo import items
from demo.catalogue import EVENTS, NEWS, ORGANISATIONS, PUBLICATIONS
from demo.content_ru import COLLECTIONS_RU, EVENT_TYPES_RU, FIELDS_OF_WORK_RU, RUSSIAN
from demo.indexing import indexed_at_the_end
from demo.translation import translate_from_strings
from editorial.roles import grant_translators, language_roots
from editorial.workflows import assign_moderation_workflow
from events.models import EventIndexPage, EventPage, EventRelatedPage, EventType
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceCollection, ResourceDocument, ResourceIndexPage, ResourcePage
from taxonomies.models import FieldOfWork, Organization, OrganizationKind
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

# The event types of the institution's listings; their slugs (``side-event``) are the
# catalogue's ``event_type`` values.
EVENT_TYPES = list(EVENT_TYPES_RU)
FIELDS_OF_WORK = list(FIELDS_OF_WORK_RU)
COLLECTIONS = list(COLLECTIONS_RU)
# The source of every event: the institution, as the catalogue names it.
INSTITUTION = "ODIHR"

SEED_EVENT_TITLE = (
    "Joint Training Against Hate Crimes for Civil Society Representatives and Law Enforcement"
)
SEED_EVENT = {
    "title": SEED_EVENT_TITLE,
    "slug": slugify(SEED_EVENT_TITLE),
    "start_date": datetime.date(2025, 5, 27),
    "end_date": datetime.date(2025, 5, 29),
    "city": "Sibiu",
    "country": "RO",
    "time_zone": "Europe/Bucharest",
    # "OSCE Office for Democratic Institutions and Human Rights (ODIHR) in cooperation with
    # the civil society organization ACCEPT", as the reference page says.
    "organizers": [("ODIHR", "organiser"), ("ACCEPT", "in_cooperation_with")],
    "summary": (
        "A joint training for civil society and law enforcement in Romania to deepen "
        "co-operation between police and civil society organizations in supporting "
        "hate crime victims."
    ),
}

# The reference page's partner, besides the catalogue's organisations.
SEED_ORGANISATIONS = [
    {"name": "ACCEPT", "acronym": "", "kind": "external_partner", "url": "", "ru": None},
]

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

    def __init__(self, stdout=None, address=(DEMO_HOSTNAME, DEMO_PORT)):
        self.stdout = stdout
        self.created = 0
        # What the catalogue has and the models cannot hold yet (``ensure_catalogue``).
        self.left_out = {"skipped": [], "sections": set()}
        self.hostname, self.port = address

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
            for name in list(fields)
            if model._meta.get_field(name).many_to_many
        }
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        for name, values in m2m.items():
            getattr(page, name).set(values)
        page.save_revision().publish()
        self.log(f"{model._meta.verbose_name} “{page.title}”")
        return page

    def ensure_term(self, model, locale, name, **fields):
        """The term of ``model`` with this name's slug in ``locale``, created if missing."""
        term = model.objects.filter(locale=locale, slug=slugify(name)).first()
        if term is None:
            term = model.objects.create(locale=locale, name=name, slug=slugify(name), **fields)
            self.log(f"{model._meta.verbose_name} “{name}”")
        return term

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
        deleting the placeholder deletes it too, so usually it is created here. The API's
        absolute URLs (``html_url``, ``detail_url``) follow the site record, so when the
        demo is served at another address (``make run PORT=8001``), the demo's site
        moves there too.
        """
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=self.hostname,
                port=self.port,
                root_page=home,
                is_default_site=True,
                site_name=SITE_NAME,
            )
            self.log("site")
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = SITE_NAME
            site.hostname, site.port = self.hostname, self.port
            site.save()
            self.log("site settings")
        elif (site.hostname, site.port) != (self.hostname, self.port):
            site.hostname, site.port = self.hostname, self.port
            site.save()
            self.log(f"site address {self.hostname}:{self.port}")

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

    def ensure_translation(self, instance, locale, strings=RUSSIAN):
        """``instance`` in ``locale``, translated from ``strings`` (by default the table of
        ``demo.content_ru``) if it is not yet."""
        existing = instance.get_translation_or_none(locale)
        if existing is not None:
            return existing
        translated = translate_from_strings(instance, locale, strings)
        self.log(f"{locale.language_code} translation of “{instance}”")
        return translated

    def translate_demo_content(self, home, locale):
        """The terms with a Russian name, the home page, the menu pages, the thematic areas,
        the seed event and the catalogue's items that have a Russian edition."""
        for model in (EventType, FieldOfWork, Organization, ResourceCollection):
            for term in model.objects.filter(locale=home.locale):
                if term.name in RUSSIAN:
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
        for model, catalogue in (
            (EventPage, EVENTS),
            (NewsPage, NEWS),
            (ResourcePage, PUBLICATIONS),
        ):
            for item in catalogue:
                if not item["ru"]:
                    continue
                page = model.objects.filter(slug=items.slug_of(item), locale=home.locale).first()
                if page is not None:
                    strings = ChainMap(items.russian_strings(item), RUSSIAN)
                    self.ensure_translation(page, locale, strings)

    # The vocabularies and the catalogue ---------------------------------------------

    def ensure_vocabularies(self, locale, areas):
        """Event types, fields of work, organisations and collections in ``locale``, and the
        catalogue's names for them."""
        organisations = {}
        for organisation in [*ORGANISATIONS, *SEED_ORGANISATIONS]:
            term = self.ensure_term(
                Organization,
                locale,
                organisation["name"],
                acronym=organisation["acronym"],
                url=organisation["url"],
                # The catalogue writes kinds with underscores, the model with hyphens.
                kind=OrganizationKind(organisation["kind"].replace("_", "-")),
            )
            organisations[organisation["name"]] = term
            if organisation["acronym"]:
                organisations[organisation["acronym"]] = term
        return items.Vocabularies(
            event_types={
                slugify(name): self.ensure_term(EventType, locale, name) for name in EVENT_TYPES
            },
            fields_of_work={
                name: self.ensure_term(FieldOfWork, locale, name) for name in FIELDS_OF_WORK
            },
            thematic_areas=areas,
            organisations=organisations,
            collections={
                name: self.ensure_term(ResourceCollection, locale, name) for name in COLLECTIONS
            },
        )

    def ensure_catalogue(self, terms, events_index, news_index, resources_index):
        """Every catalogue item as a page, with the fields its model has; publications with
        their files, one per language. Returns what was left out: ``skipped`` items (no
        date) and ``sections`` (event sections without a block), for the command to report."""
        left_out = {"skipped": [], "sections": set()}
        institution = terms.organisation[INSTITUTION]
        for item in EVENTS:
            body, sections = items.event_body(item)
            left_out["sections"].update(sections)
            self.ensure_child(
                events_index,
                EventPage,
                items.slug_of(item),
                **items.page_fields(item, items.EVENT_FIELDS, terms),
                source=institution,
                body=body,
            )
        self.ensure_series(events_index)
        for item in NEWS:
            news = self.ensure_child(
                news_index,
                NewsPage,
                items.slug_of(item),
                **items.page_fields(item, items.NEWS_FIELDS, terms),
                body=items.text_body(item),
            )
            self.ensure_related(events_index, item["related_events"], news)
        for item in PUBLICATIONS:
            date = items.publication_date(item)
            if date is None:
                left_out["skipped"].append(item["title"])
                continue
            resource = self.ensure_child(
                resources_index,
                ResourcePage,
                items.slug_of(item),
                **items.page_fields(item, items.RESOURCE_FIELDS, terms),
                date=date,
                body=items.text_body(item),
            )
            if not resource.documents.exists():
                for language in item["file_languages"]:
                    document = self.ensure_document(items.file_title(item, language))
                    ResourceDocument.objects.create(
                        page=resource, document=document, language=language
                    )
                resource.save_revision().publish()
                self.log(f"files of “{item['title']}”")
        return left_out

    def ensure_related(self, events_index, event_titles, page):
        """``page`` (a news item) among the related pages of the events it is about, as the
        real pages link them; added once, after what an event lists already."""
        for title in event_titles:
            event = EventPage.objects.child_of(events_index).filter(slug=slugify(title)).first()
            if event is None or event.related_pages.filter(related=page).exists():
                continue
            EventRelatedPage.objects.create(
                page=event, related=page, sort_order=event.related_pages.count()
            )
            event.save_revision().publish()
            self.log(f"“{page.title}” related to “{event.title}”")

    def ensure_series(self, events_index):
        """Side events linked to their main event, by its title (once: an editor may have
        changed the link since)."""
        for item in EVENTS:
            if not item["series"]:
                continue
            event = EventPage.objects.child_of(events_index).get(slug=items.slug_of(item))
            main_event = (
                EventPage.objects.child_of(events_index)
                .filter(slug=slugify(item["series"]))
                .first()
            )
            if main_event is not None and event.main_event_id is None:
                event.main_event = main_event
                event.save_revision().publish()
                self.log(f"“{event.title}” as part of “{main_event.title}”")

    def ensure_moderation_workflows(self):
        """Events and News index pages, in every language, go through "Moderators approve".

        New index pages get it when first published (``editorial.workflows``); this step
        covers a database loaded before that, and leaves a page's own choice alone.
        """
        for model in (EventIndexPage, NewsIndexPage):
            for page in model.objects.select_related("locale"):
                if assign_moderation_workflow(page):
                    self.log(f"moderation workflow of “{page.title}” ({page.locale.language_code})")

    def ensure_translator_permissions(self):
        """Translators may edit each translated language's tree (``editorial.roles``).

        New home pages get it when created; this step covers a database loaded before
        that, and adds only what is missing.
        """
        for page in language_roots().select_related("locale"):
            if grant_translators(page):
                self.log(f"translators' rights on “{page.title}” ({page.locale.language_code})")

    @transaction.atomic
    def load(self):
        # One transaction: a load that fails leaves nothing half-made, and the site's
        # cache and change feed see one change, not one per page saved.
        with transaction.atomic(), indexed_at_the_end():
            return self._load()

    def _load(self):
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

        terms = self.ensure_vocabularies(locale, areas)
        self.ensure_child(
            events_index,
            EventPage,
            SEED_EVENT["slug"],
            title=SEED_EVENT["title"],
            event_type=terms.event_type["training"],
            start_date=SEED_EVENT["start_date"],
            end_date=SEED_EVENT["end_date"],
            city=SEED_EVENT["city"],
            country=SEED_EVENT["country"],
            time_zone=SEED_EVENT["time_zone"],
            organizers=items.organizers(SEED_EVENT["organizers"], terms)["organizers"],
            source=terms.organisation[INSTITUTION],
            summary=SEED_EVENT["summary"],
            body=SEED_EVENT_BODY,
            fields_of_work=[terms.field_of_work["Tolerance and non-discrimination"]],
            thematic_areas=[areas["Hate crime"]],
        )
        self.left_out = self.ensure_catalogue(terms, events_index, news_index, resources_index)

        russian = Locale.objects.filter(language_code="ru").first()
        if russian is not None:
            self.translate_demo_content(home, russian)
        self.ensure_moderation_workflows()
        self.ensure_translator_permissions()
        return self.created
