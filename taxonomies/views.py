"""Admin views of the shared vocabularies: one "Taxonomies" menu for every term list.

Other apps add their own term lists to the menu by giving their viewset
``menu_hook = TAXONOMIES_MENU_HOOK`` (events adds event types).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from taxonomies.models import FieldOfWork, Organization

TAXONOMIES_MENU_HOOK = "register_taxonomies_menu_item"


class TaxonomyViewSet(SnippetViewSet):
    """Shared listing setup: name, slug and language; "Usage" shows what uses a term."""

    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    list_per_page = 50

    def get_queryset(self, request):
        return self.model.objects.select_related("locale")


class FieldOfWorkViewSet(TaxonomyViewSet):
    model = FieldOfWork
    icon = "folder-open-inverse"
    menu_label = _("Fields of work")


class OrganizationViewSet(TaxonomyViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    list_display = ["name", "acronym", "kind", "closed", "slug", "locale"]
    list_filter = ["locale", "kind", "closed"]
    search_fields = ["name", "acronym", "slug"]


class TaxonomiesViewSetGroup(SnippetViewSetGroup):
    """The "Taxonomies" menu: fields of work, organisations, and the lists apps add to it."""

    items = (FieldOfWorkViewSet, OrganizationViewSet)
    menu_icon = "tag"
    menu_label = _("Taxonomies")
    menu_name = "taxonomies"
    submenu_hook = TAXONOMIES_MENU_HOOK
