"""``/api/v2/resources/``: resource pages only, newest first, with the filters of api.listing_filters."""

from wagtail.api.v2 import filters as wagtail_filters

from api.filters import StrictFieldsFilter, StrictLocaleFilter, StrictSearchFilter
from api.listing_filters import ChoiceFilter, TaxonomySlugFilter, ThematicAreaFilter, YearFilter
from api.views import PageTypeAPIViewSet
from resources.models import FileLanguage, ResourceCollection, ResourcePage, ResourceType
from taxonomies.filters import FieldOfWorkFilter, OrganizationFilter


class ResourceTypeFilter(ChoiceFilter):
    """``?resource_type=guide`` (or ``guide,report``): resources of those types."""

    parameter = "resource_type"
    lookup = "resource_type"
    choices = ResourceType
    description = "Resource types."


class FileLanguageFilter(ChoiceFilter):
    """``?file_language=ru``: resources with at least one file in that language (or any of
    ``ru,uk``): "all guides available in Russian" is ``?resource_type=guide&file_language=ru``."""

    parameter = "file_language"
    lookup = "documents__language"
    choices = FileLanguage
    description = "Resources with at least one file in one of these languages (language codes)."


class CollectionFilter(TaxonomySlugFilter):
    """``?collection=hate-crime-data-collection-and-monitoring``: resources in that collection."""

    parameter = "collection"
    model = ResourceCollection
    lookup = "collections"


class PublisherFilter(OrganizationFilter):
    """``?publisher=odihr`` (or ``odihr,hcnm``): resources published by any of those organisations."""

    parameter = "publisher"
    lookup = "publisher"


class ResourcesAPIViewSet(PageTypeAPIViewSet):
    """Publications and other resources with their files, newest first. Example::

    GET /api/v2/resources/?resource_type=guide&collection=hate-crime-data-collection-and-monitoring&field_of_work=tolerance-and-non-discrimination&file_language=ru&locale=en

    {"meta": {"total_count": 1}, "items": [{"id": 40, "meta": {"type": "resources.ResourcePage",
      "html_url": "…", "locale": "en", …}, "title": "…", "date": "2024-11-20",
      "resource_type": {"slug": "guide", "name": "Guide / manual / handbook"},
      "publisher": {"id": 2, "name": "OSCE Office for Democratic Institutions and Human Rights",
      "slug": "odihr", "acronym": "ODIHR", "url": "https://www.osce.org/odihr", "kind":
      "institution", "closed": false, "fallback": false}, "collections": [{"id": 1, "name":
      "Hate Crime Data-Collection and Monitoring", "slug": "…", "fallback": false}],
      "fields_of_work": [{"id": 4, "name": "Tolerance and non-discrimination", "slug": "…",
      "fallback": false}], "isbn": "978-92-9234-832-8", "documents": [{"id": 3, "meta": {…}, "document": {"id": 9,
      "title": "…", "url": "…", "file_extension": "pdf"}, "language": {"code": "ru",
      "name": "Russian"}, "title": "PDF"}], …}]}
    """

    model = ResourcePage
    name = "resources"
    filter_backends = [
        StrictFieldsFilter,
        ResourceTypeFilter,
        CollectionFilter,
        FieldOfWorkFilter,
        PublisherFilter,
        ThematicAreaFilter,
        YearFilter,
        FileLanguageFilter,
        StrictLocaleFilter,
        wagtail_filters.OrderingFilter,
        StrictSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PageTypeAPIViewSet.known_query_parameters.union(
        [
            "resource_type",
            "collection",
            "field_of_work",
            "publisher",
            "thematic_area",
            "year",
            "file_language",
        ]
    )
    fields_with_own_filter = (
        "resource_type",
        "publisher",
        "collections",
        "fields_of_work",
        "thematic_areas",
    )
    listing_default_fields = PageTypeAPIViewSet.listing_default_fields + [
        "date",
        "resource_type",
        "publisher",
        "collections",
        "fields_of_work",
        "isbn",
        "summary",
        "documents",
    ]

    def get_queryset(self):
        return (
            ResourcePage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            .select_related("locale", "image", "publisher")
            .prefetch_related(
                "collections", "fields_of_work", "thematic_areas", "image__renditions"
            )
            .order_by("-date", "-pk")
        )
