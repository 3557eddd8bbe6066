"""A large, realistic site for performance work: ``manage.py generate_large_site``.

Fills a database that already holds the demo content (``load_demo_content``) with
thousands of events and news items, each with its translation in every other site
language, tagged with the demo taxonomies and thematic areas.

Creating pages one by one through treebeard (``add_child``, then ``publish``) costs
dozens of queries a page. Here every step is a bulk statement per batch:

1. the ``wagtailcore_page`` rows, with materialised paths computed under the index
   pages, the specific content type, ``url_path``, a ``translation_key`` shared by a
   page and its translations, ``live`` and the publication times (``bulk_create``);
2. the rows of the page type's own table (``_insert``, the statement Django's
   ``save_base`` runs for a child table, with many rows at once);
3. the many-to-many rows (fields of work, thematic areas);
4. one revision per page, as publishing in the admin leaves (``latest_revision`` and
   ``live_revision`` point at it);
5. the index pages' ``numchild``;
6. the search index, through the search backend's ``add_bulk`` (what
   ``update_index`` runs), from the pages as the database now holds them.

The pages are then what the admin would have made: they render, appear in the
listings, the API and the feeds, and are found by search (tests/performance).
What is not written: wagtail-localize's translation sources (the translations are
pages of their own, not linked for "Sync translated pages") and Wagtail's reference
index (``manage.py rebuild_references_index`` builds it).
"""

import contextlib
import datetime
import random
import time
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import Count, F
from django.db.models.sql import InsertQuery
from django.db.models.sql.compiler import SQLInsertCompiler
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision
from wagtail.search.backends import get_search_backends

from core.i18n import shared_translations
from events.models import EventIndexPage, EventOrganizer, EventPage, EventType
from events.taking_part import Attendance
from news.models import NewsIndexPage, NewsPage
from taxonomies.models import FieldOfWork, Organization
from thematic_areas.models import ThematicAreaPage

# Word lists -------------------------------------------------------------------------
# Each entry pairs the English text with its Russian; other languages get the English.

# (event type name in the demo, English, Russian)
EVENT_KINDS = [
    ("Training", "Training", "Тренинг"),
    ("Conference", "Conference", "Конференция"),
    ("Meeting", "Expert Meeting", "Экспертная встреча"),
    ("Workshop", "Workshop", "Семинар-практикум"),
    ("Seminar", "Seminar", "Семинар"),
    ("Webinar", "Webinar", "Вебинар"),
    ("Roundtable", "Roundtable", "Круглый стол"),
]

# (thematic area in the demo, field of work in the demo, English topic, Russian topic in
# the genitive, as in "по вопросам …")
TOPICS = [
    (
        "Hate crime",
        "Tolerance and non-discrimination",
        "Hate Crime Victim Support",
        "поддержки жертв преступлений на почве ненависти",
    ),
    (
        "Hate crime",
        "Tolerance and non-discrimination",
        "Hate Crime Data Collection",
        "сбора данных о преступлениях на почве ненависти",
    ),
    ("Elections", "Elections", "Election Observation", "наблюдения за выборами"),
    ("Elections", "Elections", "Electoral Dispute Resolution", "разрешения избирательных споров"),
    (
        "Civil society",
        "Democratization",
        "Civil Society Participation",
        "участия гражданского общества",
    ),
    (
        "Rule of law",
        "Democratization",
        "Fair Trial Standards",
        "стандартов справедливого судебного разбирательства",
    ),
    ("Rule of law", "Democratization", "Judicial Independence", "независимости судебной власти"),
    (
        "Democratic governance",
        "Democratization",
        "Democratic Lawmaking",
        "демократического законотворчества",
    ),
    ("Legislative support", "Democratization", "Legislative Drafting", "подготовки законопроектов"),
    (
        "Freedom of religion or belief",
        "Human rights",
        "Freedom of Religion or Belief",
        "свободы религии или убеждений",
    ),
    (
        "Freedom of peaceful assembly",
        "Human rights",
        "Monitoring Public Assemblies",
        "мониторинга публичных собраний",
    ),
    (
        "Gender-based violence",
        "Gender equality",
        "Preventing Gender-Based Violence",
        "предотвращения гендерного насилия",
    ),
    (
        "Human rights defenders",
        "Human rights",
        "Protecting Human Rights Defenders",
        "защиты правозащитников",
    ),
    (
        "Human rights and new technologies",
        "Human rights",
        "Artificial Intelligence and Human Rights",
        "искусственного интеллекта и прав человека",
    ),
    (
        "Human rights and anti-terrorism",
        "Human rights",
        "Human Rights in Counter-Terrorism",
        "прав человека в борьбе с терроризмом",
    ),
    (
        "Migration and freedom of movement",
        "Human rights",
        "Migrant Integration",
        "интеграции мигрантов",
    ),
    (
        "National human rights institutions",
        "Human rights",
        "Independent National Human Rights Institutions",
        "независимых национальных правозащитных учреждений",
    ),
    ("Torture", "Human rights", "Torture Prevention", "предупреждения пыток"),
    (
        "Trafficking in human beings",
        "Human rights",
        "Combating Trafficking in Human Beings",
        "борьбы с торговлей людьми",
    ),
    (
        "People with disabilities",
        "Human rights",
        "Political Participation of Persons with Disabilities",
        "политического участия людей с инвалидностью",
    ),
    (
        "Racism, xenophobia and discrimination",
        "Tolerance and non-discrimination",
        "Countering Racism and Xenophobia",
        "противодействия расизму и ксенофобии",
    ),
    ("Roma and Sinti", "Roma and Sinti", "Roma and Sinti Inclusion", "интеграции рома и синти"),
    (
        "Gender equality",
        "Gender equality",
        "Women in Public Life",
        "участия женщин в общественной жизни",
    ),
]

AUDIENCES = [
    ("Civil Society Representatives", "представителей гражданского общества"),
    ("Law Enforcement Officers", "сотрудников правоохранительных органов"),
    ("Judges and Prosecutors", "судей и прокуроров"),
    ("Election Officials", "членов избирательных комиссий"),
    ("Journalists", "журналистов"),
    ("Parliamentarians", "парламентариев"),
    ("Youth Activists", "молодёжных активистов"),
    ("Government Officials", "государственных служащих"),
    ("Ombudsperson Institutions", "институтов омбудсмена"),
    ("Lawyers", "адвокатов"),
]

# (city, country code, Russian name, Russian "in <city>")
CITIES = [
    ("Vienna", "AT", "Вена", "в Вене"),
    ("Warsaw", "PL", "Варшава", "в Варшаве"),
    ("Sibiu", "RO", "Сибиу", "в Сибиу"),
    ("Bucharest", "RO", "Бухарест", "в Бухаресте"),
    ("Tbilisi", "GE", "Тбилиси", "в Тбилиси"),
    ("Yerevan", "AM", "Ереван", "в Ереване"),
    ("Chisinau", "MD", "Кишинёв", "в Кишинёве"),
    ("Kyiv", "UA", "Киев", "в Киеве"),
    ("Almaty", "KZ", "Алматы", "в Алматы"),
    ("Bishkek", "KG", "Бишкек", "в Бишкеке"),
    ("Dushanbe", "TJ", "Душанбе", "в Душанбе"),
    ("Tashkent", "UZ", "Ташкент", "в Ташкенте"),
    ("Skopje", "MK", "Скопье", "в Скопье"),
    ("Sarajevo", "BA", "Сараево", "в Сараеве"),
    ("Belgrade", "RS", "Белград", "в Белграде"),
    ("Podgorica", "ME", "Подгорица", "в Подгорице"),
    ("Tirana", "AL", "Тирана", "в Тиране"),
    ("Berlin", "DE", "Берлин", "в Берлине"),
    ("Paris", "FR", "Париж", "в Париже"),
    ("Rome", "IT", "Рим", "в Риме"),
    ("Madrid", "ES", "Мадрид", "в Мадриде"),
    ("Stockholm", "SE", "Стокгольм", "в Стокгольме"),
    ("Helsinki", "FI", "Хельсинки", "в Хельсинки"),
    ("Vilnius", "LT", "Вильнюс", "в Вильнюсе"),
    ("Riga", "LV", "Рига", "в Риге"),
    ("Tallinn", "EE", "Таллин", "в Таллине"),
    ("Prague", "CZ", "Прага", "в Праге"),
    ("Bratislava", "SK", "Братислава", "в Братиславе"),
    ("Budapest", "HU", "Будапешт", "в Будапеште"),
    ("Ljubljana", "SI", "Любляна", "в Любляне"),
    ("Zagreb", "HR", "Загреб", "в Загребе"),
    ("Sofia", "BG", "София", "в Софии"),
    ("Athens", "GR", "Афины", "в Афинах"),
    ("Ankara", "TR", "Анкара", "в Анкаре"),
    ("Baku", "AZ", "Баку", "в Баку"),
    ("Ulaanbaatar", "MN", "Улан-Батор", "в Улан-Баторе"),
    ("Geneva", "CH", "Женева", "в Женеве"),
    ("The Hague", "NL", "Гаага", "в Гааге"),
    ("Brussels", "BE", "Брюссель", "в Брюсселе"),
    ("Dublin", "IE", "Дублин", "в Дублине"),
    ("Lisbon", "PT", "Лиссабон", "в Лиссабоне"),
    ("Valletta", "MT", "Валлетта", "в Валлетте"),
]

# Paragraphs of an event's sections; {topic} is the English topic in lower case,
# {topic_ru} the Russian genitive, {audience}/{audience_ru} the participants.
ABOUT = [
    (
        "The event brings together {audience} from across the region to discuss {topic}.",
        "Мероприятие объединяет {audience_ru} со всего региона для обсуждения вопросов {topic_ru}.",
    ),
    (
        "Participants will examine international standards and good practices on {topic} and "
        "apply them to case studies drawn from their own work.",
        "Участники рассмотрят международные стандарты и передовой опыт в области {topic_ru} и "
        "применят их к примерам из собственной практики.",
    ),
    (
        "Sessions combine short presentations by experts with practical exercises, group work "
        "and an exchange of experience between participating States.",
        "Сессии сочетают короткие выступления экспертов с практическими упражнениями, работой в "
        "группах и обменом опытом между государствами-участниками.",
    ),
    (
        "The programme pays particular attention to the needs of groups that are often left "
        "out of decision-making.",
        "Особое внимание в программе уделяется потребностям групп, которые часто остаются в "
        "стороне от принятия решений.",
    ),
    (
        "At the end of the event, participants will agree on follow-up steps and on how to "
        "keep in touch as a network.",
        "В конце мероприятия участники согласуют дальнейшие шаги и способы поддерживать связь "
        "в качестве сети.",
    ),
]
WHY_IMPORTANT = [
    (
        "Progress on {topic} depends on institutions and civil society working together on "
        "the basis of shared commitments.",
        "Прогресс в вопросах {topic_ru} зависит от совместной работы институтов и гражданского "
        "общества на основе общих обязательств.",
    ),
    (
        "Gaps in knowledge and co-operation leave people without the protection they are "
        "entitled to; training {audience} closes some of those gaps.",
        "Пробелы в знаниях и сотрудничестве оставляют людей без защиты, на которую они имеют "
        "право; обучение {audience_ru} помогает их устранить.",
    ),
    (
        "Exchanging experience across borders helps countries avoid repeating each other's "
        "mistakes.",
        "Обмен опытом между странами помогает не повторять ошибок друг друга.",
    ),
]
BACKGROUND = [
    (
        "The event is part of a multi-year programme on {topic} supported by voluntary "
        "contributions from participating States.",
        "Мероприятие является частью многолетней программы по вопросам {topic_ru}, "
        "поддерживаемой добровольными взносами государств-участников.",
    ),
    (
        "It follows up on recommendations made in earlier monitoring and assessment reports.",
        "Оно продолжает работу по выполнению рекомендаций, содержащихся в ранее "
        "опубликованных докладах о мониторинге и оценке.",
    ),
    (
        "The institution has worked with national partners on these questions for more than "
        "two decades.",
        "Учреждение работает с национальными партнёрами над этими вопросами более двух "
        "десятилетий.",
    ),
]
SECTION_HEADINGS = {
    "about": ("About", "О мероприятии"),
    "why_important": ("Why is this important?", "Почему это важно?"),
    "background": ("Background", "Предыстория"),
}

# (English, Russian) news titles; {city_ru} is "in <city>" in Russian.
NEWS_TITLES = [
    ("New guidance on {topic} published", "Опубликовано новое руководство по вопросам {topic_ru}"),
    ("Experts discuss {topic} in {city}", "Эксперты обсудили вопросы {topic_ru} {city_ru}"),
    (
        "Report on {topic} presented to participating States",
        "Государствам-участникам представлен доклад по вопросам {topic_ru}",
    ),
    (
        "Training on {topic} for {audience} concludes in {city}",
        "{city_ru_cap} завершился тренинг по вопросам {topic_ru} для {audience_ru}",
    ),
    (
        "Call for participants: course on {topic}",
        "Приглашение к участию: курс по вопросам {topic_ru}",
    ),
    (
        "{audience_cap} share experience of {topic} in {city}",
        "Обмен опытом в области {topic_ru} {city_ru}",
    ),
]
NEWS_SUMMARIES = [
    (
        "The meeting in {city} focused on {topic} and on practical steps for {audience}.",
        "Встреча {city_ru} была посвящена вопросам {topic_ru} и практическим шагам для "
        "{audience_ru}.",
    ),
    (
        "The publication draws on consultations with {audience} across the region.",
        "Публикация основана на консультациях с представителями целевых групп по всему региону.",
    ),
    (
        "Participants agreed on recommendations that will guide further work on {topic}.",
        "Участники согласовали рекомендации, которые определят дальнейшую работу по вопросам "
        "{topic_ru}.",
    ),
]
NEWS_PARAGRAPHS = ABOUT + WHY_IMPORTANT + BACKGROUND


@contextlib.contextmanager
def memoized_field_values():
    """While indexing, each search field of an object is read once, not once per vector.

    Wagtail's PostgreSQL indexer reads every search field of an object for each of its
    five columns (title, body, autocomplete and their plain texts): five renderings of
    the StreamField and five calls of each ``localized_*`` method per page.
    """
    try:
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer
    except ImportError:  # not installed: nothing to speed up
        yield
        return
    original = ObjectIndexer.prepare_field

    def prepare_field(self, obj, field):
        prepared = self.__dict__.setdefault("_prepared_fields", {})
        key = (id(obj), id(field))
        if key not in prepared:
            prepared[key] = list(original(self, obj, field))
        return iter(prepared[key])

    ObjectIndexer.prepare_field = prepare_field
    try:
        yield
    finally:
        ObjectIndexer.prepare_field = original


@dataclass
class Batch:
    """Pages of one model built in memory, with their tags, before they are written."""

    pages: list = field(default_factory=list)
    fields_of_work: dict = field(default_factory=dict)  # id(page) -> [FieldOfWork]
    thematic_areas: dict = field(default_factory=dict)  # id(page) -> [ThematicAreaPage]
    organizers: dict = field(default_factory=dict)  # id(page) -> [Organization], in order


class LargeSiteGenerator:
    """Writes ``events`` events and ``news`` news items (plus translations) in bulk."""

    batch_size = 500

    def __init__(
        self,
        events=10_000,
        news=3_000,
        seed=0,
        progress=False,
        using=None,
        translations=True,
        revisions=True,
        search_index=True,
    ):
        """``translations``, ``revisions`` and ``search_index`` may be turned off for speed.

        Without translations only the default language is written; without revisions
        the pages have none (as pages imported by a script); without the search index
        run ``update_index`` before searching.
        """
        self.events = events
        self.news = news
        self.translations = translations
        self.revisions = revisions
        self.search_index = search_index
        self.random = random.Random(seed)
        self.progress = progress
        self.using = using or router.db_for_write(Page)
        self.created = {"events": 0, "news": 0, "pages": 0}
        self.timings = {}

    @contextlib.contextmanager
    def timed(self, phase):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0) + time.perf_counter() - started

    # Context: what the demo content provides ------------------------------------------

    def load_context(self):
        self.default_locale = Locale.get_default()
        self.locales = [self.default_locale]
        if self.translations:
            self.locales += Locale.objects.exclude(pk=self.default_locale.pk)
        self.event_indexes = self._indexes(EventIndexPage)
        self.news_indexes = self._indexes(NewsIndexPage)
        if self.default_locale.pk not in self.event_indexes or (
            self.default_locale.pk not in self.news_indexes
        ):
            raise RuntimeError(
                "No events or news index in the default language: run load_demo_content first."
            )
        # Taxonomies and areas, per locale, keyed by the English source's name.
        self.terms = {
            model: self._by_source_name(model, "name")
            for model in (EventType, FieldOfWork, Organization)
        }
        self.areas = self._by_source_name(ThematicAreaPage, "title")
        missing = [name for name, _en, _ru in EVENT_KINDS if name not in self.terms[EventType]]
        missing += [area for area, *_rest in TOPICS if area not in self.areas]
        missing += [fow for _a, fow, *_rest in TOPICS if fow not in self.terms[FieldOfWork]]
        if missing:
            raise RuntimeError(
                f"The demo taxonomies are incomplete (missing {', '.join(sorted(set(missing)))}): "
                "run load_demo_content first."
            )
        self.organizations = list(self.terms[Organization].values())
        self.images = list(get_image_model().objects.order_by("pk").values_list("pk", flat=True))
        self.owner_id = (
            get_user_model()
            .objects.filter(is_superuser=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        self.page_content_type = ContentType.objects.get_for_model(Page)

    def _indexes(self, model):
        # The first index of each language, in tree order.
        return {page.locale_id: page for page in model.objects.order_by("-path")}

    def _by_source_name(self, model, attribute):
        """``{english name: {locale id: object}}``, matched through translation keys."""
        objects = list(model.objects.all())
        names = {
            obj.translation_key: getattr(obj, attribute)
            for obj in objects
            if obj.locale_id == self.default_locale.pk
        }
        table = {}
        for obj in objects:
            name = names.get(obj.translation_key)
            if name is not None:
                table.setdefault(name, {})[obj.locale_id] = obj
        return table

    def localized(self, table, locale_id):
        """The object of ``table`` (``{locale id: object}``) in a locale, else the source."""
        return table.get(locale_id) or table[self.default_locale.pk]

    # Paths and slugs -------------------------------------------------------------------

    def child_slots(self, parent):
        """An iterator of (path, depth) for new children of ``parent``, after its last one."""
        last = (
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        position = Page._str2int(last[-Page.steplen :]) if last else 0
        depth = parent.depth + 1
        while True:
            position += 1
            yield Page._get_path(parent.path, depth, position), depth

    def slug_source(self, parent):
        taken = set(
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list(
                "slug", flat=True
            )
        )

        def unique(base):
            base = base[:200].strip("-") or "page"
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
            return slug

        return unique

    # Content ---------------------------------------------------------------------------

    def words(self, topic, audience, city):
        topic_en = topic[2]
        city_en = city[0] if city else "Vienna"
        city_ru = city[3] if city else "в Вене"
        return {
            "topic": topic_en.lower().replace("roma and sinti", "Roma and Sinti"),
            "topic_ru": topic[3],
            "audience": audience[0].lower(),
            "audience_cap": audience[0],
            "audience_ru": audience[1],
            "city": city_en,
            "city_ru": city_ru,
            "city_ru_cap": city_ru[0].upper() + city_ru[1:],
        }

    def paragraphs(self, pool, count, values, russian):
        chosen = self.random.sample(pool, k=min(count, len(pool)))
        return "".join(f"<p>{(ru if russian else en).format(**values)}</p>" for en, ru in chosen)

    def publication_time(self, day):
        """A time on ``day`` (a date), never in the future."""
        moment = datetime.datetime.combine(
            day,
            datetime.time(self.random.randint(7, 18), self.random.randint(0, 59)),
            tzinfo=datetime.timezone.utc,
        )
        return min(moment, timezone.now() - datetime.timedelta(minutes=1))

    def base_page(self, model, parent, slot, slug, title, translation_key, published):
        path, depth = slot
        return model(
            path=path,
            depth=depth,
            numchild=0,
            translation_key=translation_key,
            locale_id=parent.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            expired=False,
            locked=False,
            title=title,
            draft_title=title,
            slug=slug,
            content_type=ContentType.objects.get_for_model(model),
            url_path=f"{parent.url_path}{slug}/",
            owner_id=self.owner_id,
            show_in_menus=False,
            seo_title="",
            search_description="",
        )

    def build_events(self, count, slots, slugs):
        """``count`` events in the default language and their translations, in memory."""
        batch = Batch()
        today = timezone.localdate()
        for _ in range(count):
            kind_name, kind_en, kind_ru = self.random.choice(EVENT_KINDS)
            topic = self.random.choice(TOPICS)
            audience = self.random.choice(AUDIENCES)
            online = kind_name == "Webinar" or self.random.random() < 0.03
            city = None if online else self.random.choice(CITIES)
            values = self.words(topic, audience, city)
            start = today + datetime.timedelta(days=self.random.randint(-3650, 3650))
            length = self.random.choice([1, 1, 1, 2, 2, 3, 5])
            end = start + datetime.timedelta(days=length - 1) if length > 1 else None
            published = self.publication_time(
                min(start, today) - datetime.timedelta(days=self.random.randint(10, 90))
            )
            organization = self.random.choice(self.organizations)
            areas = [topic[0]]
            if self.random.random() < 0.3:
                areas.append(self.random.choice(TOPICS)[0])
            fields = [topic[1]]
            if self.random.random() < 0.2:
                fields.append(self.random.choice(TOPICS)[1])
            image_id = (
                self.random.choice(self.images)
                if self.images and self.random.random() < 0.25
                else None
            )
            title_en = f"{kind_en} on {topic[2]} for {audience[0]}"
            title_ru = f"{kind_ru} по вопросам {topic[3]} для {audience[1]}"
            if city and self.random.random() < 0.5:
                title_en += f" in {city[0]}"
                title_ru += f" {city[3]}"
            slug_base = slugify(
                f"{title_en} {start.year}" if not city else f"{title_en} {start:%Y-%m}"
            )
            translation_key = uuid.uuid4()
            about = self.random.randint(2, 4)
            why = self.random.randint(1, 2)
            background = self.random.randint(1, 2)
            state = self.random.getstate()
            for locale in self.locales:
                parent = self.event_indexes.get(locale.pk)
                if parent is None:
                    continue
                russian = locale.language_code.startswith("ru")
                # Every language's sections say the same things.
                self.random.setstate(state)
                body = [
                    {
                        "type": name,
                        "value": {
                            "heading": SECTION_HEADINGS[name][russian],
                            "text": self.paragraphs(pool, number, values, russian),
                        },
                    }
                    for name, pool, number in (
                        ("about", ABOUT, about),
                        ("why_important", WHY_IMPORTANT, why),
                        ("background", BACKGROUND, background),
                    )
                ]
                org = self.localized(organization, locale.pk)
                summary_template = (
                    "{kind} для {audience_ru} по вопросам {topic_ru}. Организатор: {org}."
                    if russian
                    else "{kind} for {audience} on {topic}, organized by {org}."
                )
                page = self.base_page(
                    EventPage,
                    parent,
                    next(slots[locale.pk]),
                    slugs[locale.pk](slug_base),
                    title_ru if russian else title_en,
                    translation_key,
                    published,
                )
                page.event_type = self.localized(self.terms[EventType][kind_name], locale.pk)
                page.start_date = start
                page.end_date = end
                page.city = (city[2] if russian else city[0]) if city else ""
                page.country = city[1] if city else ""
                page.attendance = Attendance.ONLINE if online else Attendance.IN_PERSON
                page.source = org
                batch.organizers[id(page)] = [org]
                page.summary = summary_template.format(
                    kind=kind_ru if russian else kind_en, org=org.acronym or org.name, **values
                )
                page.image_id = image_id
                page.body = body
                batch.pages.append(page)
                batch.fields_of_work[id(page)] = [
                    self.localized(self.terms[FieldOfWork][name], locale.pk)
                    for name in dict.fromkeys(fields)
                ]
                batch.thematic_areas[id(page)] = [
                    self.localized(self.areas[name], locale.pk) for name in dict.fromkeys(areas)
                ]
        return batch

    def build_news(self, count, slots, slugs):
        batch = Batch()
        today = timezone.localdate()
        for _ in range(count):
            topic = self.random.choice(TOPICS)
            audience = self.random.choice(AUDIENCES)
            city = self.random.choice(CITIES)
            values = self.words(topic, audience, city)
            title_pair = self.random.choice(NEWS_TITLES)
            summary_pair = self.random.choice(NEWS_SUMMARIES)
            date = today - datetime.timedelta(days=self.random.randint(0, 3650))
            published = self.publication_time(date)
            image_id = (
                self.random.choice(self.images)
                if self.images and self.random.random() < 0.5
                else None
            )
            paragraph_count = self.random.randint(2, 5)
            title_en = title_pair[0].format(**values)
            title_en = title_en[0].upper() + title_en[1:]
            slug_base = slugify(f"{title_en} {date:%Y-%m-%d}")
            translation_key = uuid.uuid4()
            areas = [topic[0]]
            state = self.random.getstate()
            for locale in self.locales:
                parent = self.news_indexes.get(locale.pk)
                if parent is None:
                    continue
                russian = locale.language_code.startswith("ru")
                self.random.setstate(state)
                text = self.paragraphs(NEWS_PARAGRAPHS, paragraph_count, values, russian)
                body = [{"type": "paragraph", "value": text}]
                if image_id:
                    body.append(
                        {
                            "type": "image",
                            "value": {
                                "image": image_id,
                                "caption": "",
                                "attribution": "",
                                "alt_text": "",
                            },
                        }
                    )
                title = title_pair[russian].format(**values)
                title = title[0].upper() + title[1:]
                page = self.base_page(
                    NewsPage,
                    parent,
                    next(slots[locale.pk]),
                    slugs[locale.pk](slug_base),
                    title,
                    translation_key,
                    published,
                )
                page.date = date
                page.summary = summary_pair[russian].format(**values)
                page.image_id = image_id
                page.body = body
                batch.pages.append(page)
                batch.thematic_areas[id(page)] = [
                    self.localized(self.areas[name], locale.pk) for name in areas
                ]
        return batch

    # Writing ---------------------------------------------------------------------------

    def insert(self, model, objs, fields, returning=False):
        """``INSERT … VALUES (…), (…)`` of ``objs`` into ``model``'s own table, in batches.

        The statement ``save_base`` runs for one row, with many rows. Django's PostgreSQL
        compiler would send each column as an array (``UNNEST``), and quoting arrays of
        long JSON texts costs psycopg's client-side binding more than the database
        spends on the insert; the plain compiler sends ``VALUES`` rows.
        """
        connection = connections[self.using]
        size = min(250, connection.ops.bulk_batch_size(fields, objs) or len(objs))
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            query = InsertQuery(model)
            query.insert_values(fields, chunk)
            compiler = SQLInsertCompiler(query, connection, self.using)
            if returning:
                rows = compiler.execute_sql([model._meta.pk])
                for obj, row in zip(chunk, rows, strict=True):
                    # The column of ``model`` (a page's ``id`` even on a specific page).
                    setattr(obj, model._meta.pk.attname, row[0])
            else:
                compiler.execute_sql(None)

    def write(self, model, batch):
        """Writes a batch of pages of ``model`` and returns their ids."""
        page_fields = [f for f in Page._meta.concrete_fields if f.attname != "id"]
        for page in batch.pages:
            for f in page_fields:
                f.pre_save(page, add=True)
        self.insert(Page, batch.pages, page_fields, returning=True)
        for page in batch.pages:
            page.page_ptr_id = page.id
            page._state.adding = False
            page._state.db = self.using
        # The page type's own table: page_ptr and its fields.
        self.insert(model, batch.pages, model._meta.local_concrete_fields)

        for name in ("fields_of_work", "thematic_areas"):
            tags = getattr(batch, name)
            if not tags:
                continue
            relation = model._meta.get_field(name)
            through = relation.remote_field.through
            source = relation.m2m_field_name()
            target = relation.m2m_reverse_field_name()
            rows = [
                through(**{f"{source}_id": page.pk, f"{target}_id": tag.pk})
                for page in batch.pages
                for tag in tags.get(id(page), ())
            ]
            self.insert(
                through, rows, [f for f in through._meta.concrete_fields if not f.primary_key]
            )
            for page in batch.pages:
                # In memory too, so the revision below records them without a query.
                setattr(page, name, tags.get(id(page), []))

        if batch.organizers:
            rows = {
                id(page): [
                    EventOrganizer(page_id=page.pk, organization=org, sort_order=order)
                    for order, org in enumerate(batch.organizers.get(id(page), ()))
                ]
                for page in batch.pages
            }
            self.insert(
                EventOrganizer,
                [row for page_rows in rows.values() for row in page_rows],
                [f for f in EventOrganizer._meta.concrete_fields if not f.primary_key],
            )
            for page in batch.pages:
                page.organizers = rows[id(page)]

        return [page.pk for page in batch.pages]

    def write_revisions(self, model, pages):
        """One revision per page, as publishing leaves; the page points at it."""
        content_type = ContentType.objects.get_for_model(model)
        revisions = []
        for page in pages:
            page.wagtail_admin_comments = []  # no comments: none to look up
            revisions.append(
                Revision(
                    content_type_id=content_type.pk,
                    base_content_type_id=self.page_content_type.pk,
                    object_id=str(page.pk),
                    created_at=page.last_published_at,
                    user_id=self.owner_id,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
            )
        self.insert(
            Revision,
            revisions,
            [f for f in Revision._meta.concrete_fields if not f.primary_key],
            returning=True,
        )
        # Point each page at its revision: one UPDATE … CASE per batch.
        rows = []
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = revision.pk
            rows.append(
                Page(pk=page.pk, latest_revision_id=revision.pk, live_revision_id=revision.pk)
            )
        Page.objects.using(self.using).bulk_update(
            rows, ["latest_revision_id", "live_revision_id"], batch_size=self.batch_size
        )

    def index(self, model, ids):
        """Adds the pages to every search backend, as ``update_index`` would."""
        objects = list(
            model.get_indexed_objects()
            .using(self.using)
            .filter(pk__in=ids)
            .select_related("locale")
            .prefetch_related(
                *[name for name in ("fields_of_work", "thematic_areas") if hasattr(model, name)]
            )
        )
        # The pages' localized_* search fields look terms up in one shared table.
        with shared_translations(), memoized_field_values():
            for backend in get_search_backends():
                backend.add_bulk(model, objects)

    def count_children(self, model, pages):
        """Adds the new pages to their parents' ``numchild``, as ``add_child`` does."""
        parents = {}
        for page in pages:
            parent_path = page.path[: -Page.steplen]
            parents[parent_path] = parents.get(parent_path, 0) + 1
        for parent_path, number in parents.items():
            Page.objects.using(self.using).filter(path=parent_path).update(
                numchild=F("numchild") + number
            )

    # The run ---------------------------------------------------------------------------

    def _bar(self, total, description):
        if not self.progress:
            return None
        from tqdm import tqdm

        return tqdm(total=total, desc=description, unit="page", leave=True)

    def run_model(self, model, total, indexes, build):
        if not total:
            return
        slots = {locale_id: self.child_slots(parent) for locale_id, parent in indexes.items()}
        slugs = {locale_id: self.slug_source(parent) for locale_id, parent in indexes.items()}
        bar = self._bar(total, model._meta.verbose_name_plural)
        # Source items per batch: a batch holds one page per language for each.
        per_batch = max(1, self.batch_size // len(self.locales))
        done = 0
        while done < total:
            count = min(per_batch, total - done)
            with transaction.atomic(using=self.using):
                with self.timed("build"):
                    batch = build(count, slots, slugs)
                with self.timed("pages"):
                    ids = self.write(model, batch)
                    self.count_children(model, batch.pages)
                if self.revisions:
                    with self.timed("revisions"):
                        self.write_revisions(model, batch.pages)
                if self.search_index:
                    with self.timed("search index"):
                        self.index(model, ids)
            done += count
            self.created["pages"] += len(ids)
            if bar is not None:
                bar.update(count)
        if bar is not None:
            bar.close()

    def generate(self):
        self.load_context()
        self.run_model(EventPage, self.events, self.event_indexes, self.build_events)
        self.created["events"] = self.events
        self.run_model(NewsPage, self.news, self.news_indexes, self.build_news)
        self.created["news"] = self.news
        # Wagtail caches site roots and menus; listings must show the new pages at once.
        cache.clear()
        return self.created


def counts():
    """Pages per type and language, for reports."""
    return {
        (row["content_type__model"], row["locale__language_code"]): row["n"]
        for row in Page.objects.filter(content_type__model__in=["eventpage", "newspage"])
        .values("content_type__model", "locale__language_code")
        .annotate(n=Count("pk"))
    }
