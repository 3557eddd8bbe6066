"""Searching the site's pages: what may be found, promoted results, and each hit's excerpt.

Shared by the search page and the search API, so the two always agree.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.text import capfirst
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.i18n import shared_translations
from core.querysets import visible
from search.forms import date_field
from search.highlight import Excerpt, excerpt, highlight, terms_pattern


def searchable_pages(site, locale):
    """The pages a visitor may find: visible, in ``locale``, in the site's tree for that locale.

    The site's root page is in the default language; its translation is the root of the
    same site in another one. The queryset narrows by primary key only, because the search
    index knows nothing of fields such as ``expire_at``.
    """
    root = site.root_page.get_translation_or_none(locale) if site else None
    if root is None:
        return Page.objects.none()
    pages = visible(Page.objects.descendant_of(root, inclusive=True).filter(locale=locale))
    return Page.objects.filter(pk__in=pages.values("pk"))


def search_pages(pages, search_query, exclude=()):
    """Full-text search of ``pages`` (most relevant first), as specific page objects."""
    if search_query is None:
        return Page.objects.none().order_by("path")
    return pages.exclude(pk__in=list(exclude)).specific().search(search_query)


@dataclass
class Promotion:
    """A result an editor pinned to the query: a page in the visitor's language, or a link."""

    title: str
    url: str
    description: str
    page: Page | None = None


def promotions(query_text, locale, pages, with_links=True):
    """The promoted results for ``query_text`` (Wagtail's search promotions), in the editors' order.

    A promoted page is shown in the visitor's language when it has a translation, and
    only when it is one of ``pages`` (visible, and within the active filters). Links
    to other sites are left out when ``with_links`` is false (a filtered search).
    """
    query = Query.objects.filter(query_string=normalise_query_string(query_text)).first()
    if query is None:
        return []
    found = []
    for promotion in query.editors_picks.select_related("page").order_by("sort_order", "pk"):
        if promotion.page is not None:
            page = promotion.page.get_translation_or_none(locale) or promotion.page
            page = pages.filter(pk=page.pk).specific().first()
            if page is not None:
                found.append(
                    Promotion(page.title, page.url, promotion.description or summary_of(page), page)
                )
        elif with_links and promotion.external_link_url:
            found.append(
                Promotion(
                    promotion.external_link_text or promotion.external_link_url,
                    promotion.external_link_url,
                    promotion.description,
                )
            )
    return found


def count_search(query_text):
    """Counts a search for the admin's report of popular queries, if editors promoted it.

    Only queries editors created (by promoting results for them) are counted: a visitor's
    search never adds a row, so anonymous traffic cannot grow the table, and what visitors
    search for is not kept. A hit is no content change (``caching.version``).
    """
    query = Query.objects.filter(
        query_string=normalise_query_string(query_text), editors_picks__isnull=False
    ).first()
    if query is not None:
        query.add_hit()


def summary_of(page):
    """A page's own short description, if it has one."""
    for name in ("search_description", "summary", "intro"):
        if getattr(page, name, ""):
            return getattr(page, name)
    return ""


@dataclass
class Hit:
    """One search result as the page and the API show it."""

    page: Page
    title_html: SafeString
    excerpt: Excerpt | None
    type_label: str
    date: object


def hits(pages, terms):
    """``Hit`` objects for the specific ``pages``, with the query's ``terms`` marked."""
    pattern = terms_pattern(terms)
    found = []
    # Excerpts read each page's localized_* fields: one lookup table per model and
    # language for all the results, not a query per result.
    with shared_translations():
        for page in pages:
            name = date_field(type(page))
            found.append(
                Hit(
                    page=page,
                    title_html=highlight(page.title, pattern),
                    excerpt=excerpt(page, terms),
                    type_label=capfirst(page._meta.verbose_name),
                    date=getattr(page, name) if name else None,
                )
            )
    return found
