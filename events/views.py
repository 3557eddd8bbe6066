"""Admin views: the event taxonomies, the "Events" listing with filters, the dashboard panel."""

from django import forms
from django.db.models import Q
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
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from events.models import EventPage, EventType, FieldOfWork, Organization
from thematic_areas.models import ThematicAreaPage


class TaxonomyViewSet(SnippetViewSet):
    """Shared listing setup: name, slug, language and how many events use the term."""

    list_display = ["name", "slug", "locale", Column("event_count", label=_("Events"))]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    list_per_page = 50

    def get_queryset(self, request):
        from django.db.models import Count

        return self.model.objects.select_related("locale").annotate(event_count=Count("events"))


class EventTypeViewSet(TaxonomyViewSet):
    model = EventType
    icon = "tag"
    menu_label = _("Event types")


class FieldOfWorkViewSet(TaxonomyViewSet):
    model = FieldOfWork
    icon = "folder-open-inverse"
    menu_label = _("Fields of work")


class OrganizationViewSet(TaxonomyViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    list_display = ["name", "acronym", "slug", "locale", Column("event_count", label=_("Events"))]
    search_fields = ["name", "acronym", "slug"]


class EventTaxonomiesViewSetGroup(SnippetViewSetGroup):
    """One "Event taxonomies" menu for the three term lists."""

    items = (EventTypeViewSet, FieldOfWorkViewSet, OrganizationViewSet)
    menu_icon = "tag"
    menu_label = _("Event taxonomies")
    menu_name = "event-taxonomies"


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
        queryset=lambda request: ThematicAreaPage.objects.order_by("locale", "title"),
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
