"""Admin views of resources: their collections, in the "Taxonomies" menu."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from resources.models import ResourceCollection
from taxonomies.views import TAXONOMIES_MENU_HOOK, TaxonomyViewSet


class ResourceCollectionViewSet(TaxonomyViewSet):
    """Collections and series of publications, beside the shared vocabularies."""

    model = ResourceCollection
    icon = "folder-inverse"
    menu_label = _("Resource collections")
    menu_hook = TAXONOMIES_MENU_HOOK
    list_display = ["name", "slug", "locale", Column("resource_count", label=_("Resources"))]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(resource_count=Count("resources"))
