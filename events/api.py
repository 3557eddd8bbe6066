"""``/api/v2/events/``: event pages only, soonest first, with the filters of events.filters."""

from wagtail.api.v2 import filters as wagtail_filters

from events import filters
from events.models import EventPage
from home.api import (
    SitePagesAPIViewSet,
    StrictFieldsFilter,
    StrictLocaleFilter,
    StrictSearchFilter,
)


class EventsAPIViewSet(SitePagesAPIViewSet):
    """Events, ordered by start date. Example::

    GET /api/v2/events/?upcoming=1&event_type=training&thematic_area=hate-crime&country=RO&locale=en

    {"meta": {"total_count": 1}, "items": [{"id": 12, "meta": {"type": "events.EventPage",
      "html_url": "…", "locale": "en", …}, "title": "Joint Training Against Hate Crimes …",
      "start_date": "2025-05-27", "end_date": "2025-05-29", "event_type": {"id": 1,
      "name": "Training", "slug": "training"}, "location": "Sibiu, Romania", "country": "RO", …}]}
    """

    model = EventPage
    name = "events"
    filter_backends = [
        StrictFieldsFilter,
        filters.UpcomingFilter,
        filters.PastFilter,
        filters.DateRangeFilter,
        filters.EventTypeFilter,
        filters.FieldOfWorkFilter,
        filters.ThematicAreaFilter,
        filters.CountryFilter,
        StrictLocaleFilter,
        wagtail_filters.OrderingFilter,
        StrictSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = SitePagesAPIViewSet.known_query_parameters.difference(
        ["type", "child_of", "ancestor_of", "descendant_of", "translation_of"]
    ).union(
        [
            "upcoming",
            "past",
            "date_from",
            "date_to",
            "event_type",
            "field_of_work",
            "thematic_area",
            "country",
        ]
    )
    listing_default_fields = SitePagesAPIViewSet.listing_default_fields + [
        "start_date",
        "end_date",
        "event_type",
        "location",
        "country",
        "online",
        "summary",
    ]

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # These names are filters of their own (by slug), not exact-match fields.
            fields = [
                name
                for name in fields
                if name not in ("event_type", "country", "fields_of_work", "thematic_areas")
            ]
        return fields

    def get_queryset(self):
        return (
            EventPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            .select_related("locale", "event_type", "source", "image")
            .prefetch_related("fields_of_work", "thematic_areas", "image__renditions")
            .order_by("start_date", "path")
        )
