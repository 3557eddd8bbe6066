"""Pagination of the API's listings."""

from wagtail.api.v2.pagination import WagtailPagination


class SitePagination(WagtailPagination):
    """Wagtail's limit/offset pagination; an offset past the last item is an empty page.

    Without the check, the database is asked for the slice anyway, and an offset
    beyond its integer range (``?offset=99999999999999999999``) fails with a 500.
    """

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        if int(request.GET.get("offset", 0)) >= self.total_count:
            return []
        return page
