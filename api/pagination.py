"""Pagination of the API's listings."""

from django.db.models import Count, QuerySet, Window
from wagtail.api.v2.pagination import WagtailPagination

# An offset or limit the database's integers cannot hold (64 bits).
LARGEST_OFFSET = 2**63 - 1


class SitePagination(WagtailPagination):
    """Wagtail's limit/offset pagination, with the page's ids and the total in one query.

    Wagtail counts the results, then reads the page: two queries, each planning and
    running the whole visibility filter (most of a listing's time on a cache miss). Here
    one query reads the page's ids with the total beside each (``COUNT(*) OVER ()``);
    only a page past the last result, which has no row to carry the total, counts apart.
    The ids are kept (``page_ids``) for the listing's remembered items
    (api/remembered_items.py); the page itself is still the slice of the queryset.

    An offset past the last item is an empty page. Without the check, the database is
    asked for the slice anyway, and an offset beyond its integer range
    (``?offset=99999999999999999999``) fails with a 500.
    """

    page_ids = None

    def paginate_queryset(self, queryset, request, view=None):
        if not isinstance(queryset, QuerySet) or queryset.query.distinct:
            # Search results; or distinct rows, which a window would count before DISTINCT.
            return self.count_then_slice(queryset, request, view)
        # Wagtail's checks of offset and limit, on an empty set: no query.
        bounds = super().paginate_queryset(queryset.none(), request, view).query
        start, stop = bounds.low_mark, bounds.high_mark
        if stop > LARGEST_OFFSET:
            return self.count_then_slice(queryset, request, view)
        rows = list(
            queryset.prefetch_related(None)
            .annotate(listing_total=Window(Count("pk")))
            .values_list("pk", "listing_total")[start:stop]
        )
        if rows:
            self.total_count = rows[0][1]
        else:
            self.total_count = queryset.count() if start else 0
        self.page_ids = [pk for pk, _total in rows]
        return queryset[start:stop] if rows else []

    def count_then_slice(self, queryset, request, view):
        page = super().paginate_queryset(queryset, request, view)
        if int(request.GET.get("offset", 0)) >= self.total_count:
            return []
        return page
