"""``/api/v2/news/``: news pages only, newest first, with the filters of api.listing_filters."""

from wagtail.api.v2 import filters as wagtail_filters

from api.filters import StrictFieldsFilter, StrictLocaleFilter, StrictSearchFilter
from api.listing_filters import ChoiceFilter, ThematicAreaFilter, YearFilter
from api.views import PageTypeAPIViewSet
from news.models import NewsPage, NewsType
from taxonomies.filters import FieldOfWorkFilter, OrganizationFilter


class NewsTypeFilter(ChoiceFilter):
    """``?news_type=press-release`` (or ``press-release,media-advisory``): news of those types."""

    parameter = "news_type"
    lookup = "news_type"
    choices = NewsType
    description = "News types."


class IssuedByFilter(OrganizationFilter):
    """``?issued_by=odihr`` (or ``odihr,hcnm``): news issued by any of those organisations."""

    parameter = "issued_by"
    lookup = "issued_by"


class NewsAPIViewSet(PageTypeAPIViewSet):
    """News items, press releases, media advisories and press statements, newest first. Example::

    GET /api/v2/news/?news_type=press-release&field_of_work=elections&issued_by=odihr&year=2025&locale=en

    {"meta": {"total_count": 1}, "items": [{"id": 31, "meta": {"type": "news.NewsPage",
      "html_url": "…", "locale": "en", …}, "title": "…", "date": "2025-05-29",
      "news_type": {"slug": "press-release", "name": "Press release"}, "dateline": "WARSAW",
      "issued_by": [{"id": 2, "name": "OSCE Office for Democratic Institutions and Human
      Rights", "slug": "odihr", "acronym": "ODIHR", "url": "https://www.osce.org/odihr",
      "kind": "institution", "closed": false, "fallback": false}], "fields_of_work": [{"id": 5,
      "name": "Elections", "slug": "elections", "fallback": false}], "summary": "…"}]}
    """

    model = NewsPage
    name = "news"
    filter_backends = [
        StrictFieldsFilter,
        NewsTypeFilter,
        FieldOfWorkFilter,
        IssuedByFilter,
        ThematicAreaFilter,
        YearFilter,
        StrictLocaleFilter,
        wagtail_filters.OrderingFilter,
        StrictSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PageTypeAPIViewSet.known_query_parameters.union(
        ["news_type", "field_of_work", "issued_by", "thematic_area", "year"]
    )
    fields_with_own_filter = ("news_type", "fields_of_work", "issued_by", "thematic_areas")
    listing_default_fields = PageTypeAPIViewSet.listing_default_fields + [
        "date",
        "news_type",
        "dateline",
        "issued_by",
        "fields_of_work",
        "summary",
    ]

    def get_queryset(self):
        return (
            NewsPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            .select_related("locale", "image")
            .prefetch_related("issued_by", "fields_of_work", "thematic_areas", "image__renditions")
            .order_by("-date", "-pk")
        )
