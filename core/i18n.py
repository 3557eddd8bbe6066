"""Helpers for content in several languages."""

import contextlib
import contextvars
import functools
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import ManyToManyField
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header
from wagtail.models import Page

from core.kept import kept
from core.querysets import (
    holds_rows,
    known_visibility_facts,
    translations_of,
    under_live_home,
    visible,
)

# A TranslationCache that ``localized`` uses while ``shared_translations()`` is active.
_shared_cache = contextvars.ContextVar("shared_translation_cache", default=None)


@contextlib.contextmanager
def shared_translations():
    """Within the block, ``localized`` looks terms up in one cache: one query per model and locale.

    For bulk work over many pages, such as indexing thousands of them for search, where
    each page's ``localized_*`` methods would otherwise cost a query per call. Nothing
    must rename or translate terms inside the block.
    """
    token = _shared_cache.set(TranslationCache())
    try:
        yield
    finally:
        _shared_cache.reset(token)


def localized(objects, locale_id):
    """Each translatable object in the given locale where a translation exists, else itself.

    Tags (snippets, thematic areas) may point at the source-language objects they
    were chosen from; visitors must see them in the page's language. One query for
    the whole list, whatever its length.
    """
    objects = list(objects)
    if not objects:
        return []
    shared = _shared_cache.get()
    if shared is not None:
        return [shared.localized(obj, locale_id) for obj in objects]
    elsewhere = [obj for obj in objects if obj.locale_id != locale_id]
    if not elsewhere:  # all in the locale already (most pages' own terms): no query
        return objects
    model = type(objects[0])
    manager = model.objects
    translations = {
        obj.translation_key: obj
        for obj in manager.filter(
            translation_key__in=[obj.translation_key for obj in elsewhere], locale_id=locale_id
        )
    }
    return [
        obj if obj.locale_id == locale_id else translations.get(obj.translation_key, obj)
        for obj in objects
    ]


class TranslationCache:
    """Per-request lookup of translatable objects in a locale, one query per model and locale.

    Used by the API so that a listing of any length localises its tags without a
    query per item. Taxonomies and thematic areas are short lists, so loading a whole
    locale's worth of one model is cheaper than a query per page; where the model's
    ``TermTable`` is kept for the content version, no query at all.
    """

    def __init__(self):
        self._tables = {}

    def _table(self, model, locale_id):
        key = (model, locale_id)
        if key not in self._tables:
            manager = model._default_manager
            self._tables[key] = {
                obj.translation_key: obj for obj in manager.filter(locale_id=locale_id)
            }
        return self._tables[key]

    def localized(self, obj, locale_id):
        if obj is None or obj.locale_id == locale_id:
            return obj
        table = kept_term_table(type(obj))
        if table is not None:
            return table.localized(obj, locale_id)
        return self._table(type(obj), locale_id).get(obj.translation_key, obj)


class TermTable:
    """Every row of a short translatable model (taxonomy terms, thematic areas), in the
    order tags are shown in (``tag_order``), by id and by translation: what a page's tags
    and terms are looked up in."""

    def __init__(self, rows):
        self.rows = list(rows)
        self.by_id = {row.pk: row for row in self.rows}
        self.by_translation = {(row.translation_key, row.locale_id): row for row in self.rows}
        self.position = {row.pk: index for index, row in enumerate(self.rows)}

    @classmethod
    def read(cls, model):
        return cls(model._default_manager.order_by(*tag_order(model)))

    def localized(self, obj, locale_id):
        """``obj`` in the locale where it has a translation, else itself."""
        if obj.locale_id == locale_id:
            return obj
        return self.by_translation.get((obj.translation_key, locale_id), obj)


def tag_order(model):
    """How a model's tags are ordered: pages (thematic areas) as in the menu, by their place
    in the tree; terms by the model's own ordering (their names)."""
    if issubclass(model, Page):
        return ("path",)
    return model._meta.ordering or ("pk",)


def kept_term_table(model):
    """The model's ``TermTable`` kept for the content version (``core.kept``), or None."""
    return kept("term-table", model._meta.label, compute=lambda: TermTable.read(model))


def localized_tags(page, relation, translations=None):
    """What ``page`` is tagged with through the many-to-many ``relation`` (its fields of
    work, its thematic areas), in the model's order, each in the page's language where it
    has a translation.

    Where the tag model's ``TermTable`` is kept, only the relation's ids are read (none
    when a listing prefetched the tags, or when a preview holds them in memory) and
    looked up in it; otherwise the tags are read, and localised in ``translations`` (a
    ``TranslationCache``) when the caller has one, else with a query.
    """
    manager = getattr(page, relation)
    table = kept_term_table(manager.model)
    if table is None:
        tags = list(manager.all())  # terms come in their model's order
        if issubclass(manager.model, Page):
            tags.sort(key=lambda tag: tag.path)
        if translations is not None:
            return [translations.localized(tag, page.locale_id) for tag in tags]
        return localized(tags, page.locale_id)
    if holds_rows(page, relation) or page.pk is None:
        tags = [table.by_id.get(tag.pk, tag) for tag in manager.all()]
    else:
        tags = [table.by_id[pk] for pk in tag_ids(page, relation) if pk in table.by_id]
    tags.sort(key=lambda tag: table.position.get(tag.pk, len(table.rows)))
    return [table.localized(tag, page.locale_id) for tag in tags]


def tag_ids(page, relation):
    """The ids ``page`` is tagged with through the many-to-many ``relation``.

    The ids of all the page's many-to-many relations are read together, from their link
    tables alone, in one query on the first call (a page shows its fields of work and its
    thematic areas, the API both: one query, not one per relation), and kept on the page
    object for the others."""
    if "_tag_ids" not in page.__dict__:
        page.__dict__["_tag_ids"] = read_tag_ids(page)
    return page.__dict__["_tag_ids"][relation]


def read_tag_ids(page):
    """``{relation: [ids]}`` for every many-to-many relation of the page's model."""
    fields, sql = tag_ids_query(type(page))
    ids = {field.name: [] for field in fields}
    if fields:
        with connections[page._state.db or DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(sql, [page.pk] * len(fields))
            for index, pk in cursor.fetchall():
                ids[fields[index].name].append(pk)
    return ids


@functools.cache
def tag_ids_query(model):
    """The model's many-to-many fields and the one query that reads a page's ids in all of
    their link tables: ``(relation's index, id)`` rows, the page's id once per relation.

    Written once per model, not built from querysets per page: the ORM built, annotated
    and compiled a union of one queryset per relation on every page read, which took
    longer than the query itself (a twentieth of an event page on a miss). The SQL is
    what that union compiled to, and the same on SQLite and PostgreSQL."""
    fields = [field for field in model._meta.many_to_many if isinstance(field, ManyToManyField)]
    quote = connection.ops.quote_name
    reads = []
    for index, field in enumerate(fields):
        through = field.remote_field.through._meta
        source = through.get_field(field.m2m_field_name()).column
        target = through.get_field(field.m2m_reverse_field_name()).column
        reads.append(
            f"SELECT {index}, {quote(target)} FROM {quote(through.db_table)} "
            f"WHERE {quote(source)} = %s"
        )
    return fields, " UNION ALL ".join(reads)


def site_home_pages(site, exclude_language=None):
    """The site's home pages visitors can open (its root page and the root's translations,
    ``visible``), in the site's languages, in the order of ``LANGUAGES`` (the default first).

    A language whose home page is a draft, private or missing has no page visitors can
    open: Wagtail routes its URLs through the default language's home, and every one of
    them answers 404 (``core.wagtail_hooks``). One query.
    """
    if site is None:
        return []
    homes = visible(
        Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=site.root_page_id).values("translation_key"),
            locale__language_code__in=dict(settings.LANGUAGES),
        )
    ).select_related("locale")
    if exclude_language:
        homes = homes.exclude(locale__language_code=exclude_language)
    return in_language_order(homes)


def in_language_order(pages):
    """``pages``, one per language (the first by tree path), in the order of ``LANGUAGES``."""
    by_language = {}
    for page in sorted(pages, key=lambda page: page.path):
        by_language.setdefault(page.locale.language_code, page)
    return [by_language[code] for code in dict(settings.LANGUAGES) if code in by_language]


def visible_translations(page):
    """The page's translations visitors can open (``core.querysets.visible``), with their
    locales, in the order of ``LANGUAGES``.

    One query for the page object however many ask (the hreflang alternates, the
    og:locale:alternate tags, the language switcher, the API's ``meta.translations``): the
    result is kept on it. ``visible`` rather than ``live().public()``: an expired page, or
    a parent copied as an alias of the other language, answers 404 and must not be
    advertised; nor must a page of a language whose home page is not live
    (``core.querysets.home_is_live``) or that the site no longer has (``LANGUAGES``).
    """
    if "_visible_translations" not in page.__dict__:
        translations = (
            translations_of(page)
            .filter(locale__language_code__in=dict(settings.LANGUAGES))
            .select_related("locale")
            .order_by()  # put in order below: compiling the tree order cost a third more
        )
        facts = known_visibility_facts()
        if facts is None:
            translations = under_live_home(visible(translations))
        else:  # a handful of rows: the filter checked on them costs less than in the query
            translations = [
                row for row in translations if facts.shows(row) and facts.home_is_live(row)
            ]
        page.__dict__["_visible_translations"] = in_language_order(translations)
    return page.__dict__["_visible_translations"]


def preferred_language(request, languages):
    """The language Django's ``LocaleMiddleware`` picks for a URL without one (the language
    cookie, then ``Accept-Language`` in the browser's order, variants such as ``fr-CA``
    counted as their language), among ``languages`` only; else the default language, or
    the first of ``languages`` when that is not among them. None when ``languages`` is empty.
    """
    if not languages:
        return None
    asked = [request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)]
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        if language_code_re.search(code):
            asked.append(code)
    for code in asked:
        try:
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        if variant in languages:
            return variant
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in languages else languages[0]


# A path Wagtail routes to a page (its serve URL: slugs, each followed by a slash), and
# no longer than a page's path could be.
PAGE_PATH = re.compile(r"(?:[\w-]+/)*")
PAGE_PATH_MAX_LENGTH = 2000


def pages_elsewhere(site, language, path):
    """The pages visitors can open in the site's other languages in place of ``path`` (the
    part of a URL after ``/<language>/``), missing in ``language``: one per language, in
    the order of ``LANGUAGES``, the same set as the hreflang alternates of those pages.

    The page is found at the same path under another language's home page, with its
    visible translations (whose slugs may differ) under live home pages. ``path`` empty
    is the home page. ``[]`` for a path no page could have (any other character, too
    long). Two queries.
    """
    if len(path) > PAGE_PATH_MAX_LENGTH or not PAGE_PATH.fullmatch(path):
        return []
    homes = site_home_pages(site, exclude_language=language)
    if not path:
        return homes
    if not homes:
        return []
    found = Page.objects.filter(url_path__in=[home.url_path + path for home in homes])
    pages = visible(
        Page.objects.filter(
            translation_key__in=visible(found).values("translation_key"),
            locale__language_code__in=[home.locale.language_code for home in homes],
        )
    )
    home_paths = tuple(home.path for home in homes)
    return in_language_order(
        page for page in pages.select_related("locale") if page.path.startswith(home_paths)
    )
