"""Admin views of the event taxonomies: listings with columns, search and a language filter."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from events.models import EventType, FieldOfWork, Organization


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
