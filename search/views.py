"""The site search page."""

from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page

from home.mixins import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    """Searches live, public pages of every type in the visitor's language.

    No list of models is hard-coded: every page type's ``search_fields`` take part.
    """
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    locale = Locale.objects.filter(language_code=get_language()).first() or Locale.get_default()
    results = None
    if query:
        pages = Page.objects.live().public().filter(locale=locale).specific()
        results = paginate(request, pages.search(query, operator="and"), per_page=10)
        Query.get(query).add_hit()
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results": results},
    )
