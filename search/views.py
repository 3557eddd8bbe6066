"""The site search page, ``/<lang>/search/?q=…&type=…&area=…&year=…``."""

from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.models import Locale, Site

from core.mixins import form_data, form_params, paginate
from search.forms import SearchForm
from search.query import parse_query
from search.results import count_search, hits, promotions, search_pages, searchable_pages

RESULTS_PER_PAGE = 10


def search(request):
    """Searches the visible pages of every type in the visitor's language.

    No list of models is hard-coded: ``Page`` is searched, so every page type takes
    part with its own ``search_fields``. Results editors promoted for the query come
    first (on the first page); each result shows the passage that matched, marked.
    An empty query shows the form and a hint; a query without results says so.
    """
    locale = Locale.get_active()
    site = Site.find_for_request(request)
    home = site.root_page.get_translation_or_none(locale) if site else None
    if home is None or not home.live:
        # A language whose home page is missing or a draft has no pages visitors can open
        # (``core.querysets.home_is_live``): its 404, with links to the languages that
        # have some (config.errors), not an empty search in it.
        raise Http404("No site in this language.")
    pages = searchable_pages(site, locale)
    form = SearchForm(form_data(request, SearchForm), pages=pages, locale=locale)
    form.is_valid()  # invalid filters are reported and ignored, the rest still apply
    query_text = form.query
    context = {"form": form, "search_query": query_text, "results": None, "promoted": []}
    if query_text:
        parsed = parse_query(query_text)
        candidates = form.filter(pages)
        promoted = promotions(query_text, locale, candidates, with_links=not form.has_filters)
        results = paginate(
            request,
            search_pages(
                candidates,
                parsed.as_search_query(),
                exclude=[item.page.pk for item in promoted if item.page],
            ),
            per_page=RESULTS_PER_PAGE,
            params=form_params(form),
        )
        context.update(
            results=results,
            hits=hits(results, parsed.highlight_terms),
            promoted=promoted if results.number == 1 else [],
            total=results.paginator.count + len(promoted),
        )
        count_search(query_text)
    return TemplateResponse(request, "search/search.html", context)
