"""``/api/v2/events/``: event pages only, soonest first (past ones most recent first), with the filters of events.filters."""

from wagtail.api.v2 import filters as wagtail_filters

from api.filters import StrictFieldsFilter, StrictLocaleFilter, StrictSearchFilter
from api.views import SitePagesAPIViewSet
from events import filters
from events.models import EventPage
from taxonomies.filters import FieldOfWorkFilter


class EventsAPIViewSet(SitePagesAPIViewSet):
    """Events, soonest first (with ``past=1``, most recent first). Example::

    GET /api/v2/events/?upcoming=1&event_type=training&thematic_area=hate-crime&country=RO&locale=en

    (also ``attendance=online,hybrid``, ``registration_open=1``, ``language=ru``)

    {"meta": {"total_count": 1}, "items": [{"id": 12, "meta": {"type": "events.EventPage",
      "html_url": "…", "locale": "en", …}, "title": "Joint Training Against Hate Crimes …",
      "start_date": "2025-05-27", "end_date": "2025-05-29", "start": "2025-05-27",
      "end": "2025-05-29", "time_zone": "Europe/Warsaw", "all_day": true, "event_type": {"id": 1,
      "name": "Training", "slug": "training"}, "attendance": {"slug": "in-person", "name":
      "In person"}, "online": false, "city": "Sibiu", "country": "RO", "place": "Sibiu, Romania",
      "registration": {"url": "https://…", "deadline": "2025-05-20", "open": false}, …}]}
    """

    model = EventPage
    name = "events"
    filter_backends = [
        StrictFieldsFilter,
        filters.UpcomingFilter,
        filters.PastFilter,
        filters.DateRangeFilter,
        filters.EventTypeFilter,
        FieldOfWorkFilter,  # shared with news and resources
        filters.ThematicAreaFilter,
        filters.CountryFilter,
        filters.AttendanceFilter,
        filters.OnlineFilter,
        filters.RegistrationOpenFilter,
        filters.LanguageFilter,
        filters.MainEventFilter,
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
            "attendance",
            "online",
            "registration_open",
            "language",
            "main_event",
        ]
    )
    listing_default_fields = SitePagesAPIViewSet.listing_default_fields + [
        "start_date",
        "end_date",
        "start",
        "end",
        "time_zone",
        "all_day",
        "event_type",
        "attendance",
        "online",
        "city",
        "country",
        "place",
        "registration",
        "summary",
    ]

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # These names are filters of their own (by slug, code or value), not
            # exact-match fields; the time zone describes the times, it selects nothing.
            own_filters = (
                "event_type",
                "country",
                "fields_of_work",
                "thematic_areas",
                "time_zone",
                "attendance",
                "working_languages",
                "interpretation",
                "main_event",
                # Child relations and reverse links: nothing to match a value against.
                "organizers",
                "side_events",
                "related_pages",
            )
            fields = [name for name in fields if name not in own_filters]
        return fields

    def get_queryset(self):
        return (
            EventPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            .select_related("locale", "event_type", "source", "image")
            .prefetch_related("fields_of_work", "thematic_areas", "image__renditions")
            .order_by("start_date", "path")
        )
