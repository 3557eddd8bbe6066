"""Admin views: event types, the "Events" listing with filters, the dashboard panel."""

from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.filters import DateFromToRangeFilter, ModelMultipleChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from events.models import EventPage, EventType
from taxonomies.views import TAXONOMIES_MENU_HOOK, TaxonomyViewSet


class EventTypeViewSet(TaxonomyViewSet):
    """Event types, in the "Taxonomies" menu beside the shared vocabularies."""

    model = EventType
    icon = "tag"
    menu_label = _("Event types")
    menu_hook = TAXONOMIES_MENU_HOOK
    list_display = ["name", "slug", "locale", Column("event_count", label=_("Events"))]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))


class EventPageFilterSet(PageFilterSet):
    """Filters of the admin's event listing: start date range, event type, thematic area.

    Wagtail's own page filters (date updated, owner, edited by, site, language) stay.
    """

    start_date = DateFromToRangeFilter(label=_("Start date"), widget=DateRangePickerWidget)
    event_type = ModelMultipleChoiceFilter(
        label=_("Event type"),
        queryset=EventType.objects.select_related("locale").order_by("locale", "name"),
        widget=forms.CheckboxSelectMultiple,
    )
    thematic_areas = ModelMultipleChoiceFilter(
        label=_("Thematic area"),
        queryset=lambda request: EventPage.thematic_area_model().objects.order_by(
            "locale", "title"
        ),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )

    class Meta:
        model = EventPage
        fields = []


class EventPageListingViewSet(PageListingViewSet):
    """An "Events" admin menu item: every event in one flat list, whatever its place in the tree.

    Titles link to the page editor; soonest first by default. Wagtail's supported way
    of listing one page type with filters of its own (``PageListingViewSet``).
    """

    model = EventPage
    icon = "date"
    menu_label = _("Events")
    menu_order = 150
    add_to_admin_menu = True
    name = "event_pages"
    filterset_class = EventPageFilterSet
    ordering = "-start_date"
    columns = [
        *PageIndexView.base_columns[:2],  # bulk actions, title (a link to the editor)
        Column("start_date", label=_("Start date"), sort_key="start_date", width="12%"),
        Column("end_date", label=_("End date"), sort_key="end_date", width="12%"),
        Column("event_type", label=_("Event type"), width="12%"),
        *PageIndexView.base_columns[2:],  # parent, updated, status
    ]


class UpcomingEventsPanel(Component):
    """Dashboard panel: the next events (not yet ended) the user can edit, with edit links.

    Drafts and scheduled events are listed too, with their status, since editors
    prepare events before they are published.
    """

    name = "upcoming_events"
    template_name = "wagtailadmin/home/upcoming_events.html"
    order = 205  # after "Awaiting your review" (200s), before "Your most recent edits"
    limit = 8

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        today = timezone.localdate()
        editable = PagePermissionPolicy().instances_user_has_any_permission_for(
            request.user, ["change", "publish"]
        )
        events = (
            EventPage.objects.filter(pk__in=editable.values("pk"))
            .filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))
            .select_related("event_type", "locale")
            .annotate_approved_schedule()
            .prefetch_workflow_states()
            .order_by("start_date", "path")[: self.limit]
        )
        return {"events": events, "request": request}
