"""The one function that turns the page tree into the site menu.

Templates (``{% main_menu %}``) and the API's navigation endpoint both call
``build_menu``, so the website and external clients can never disagree.
"""

from dataclasses import dataclass, field

from django.apps import apps
from wagtail.models import Page, Site

from caching.version import cached
from core.models import IndexPage
from core.querysets import visible


@dataclass(frozen=True)
class MenuItem:
    id: int
    title: str
    url: str
    type: str
    children: list["MenuItem"] = field(default_factory=list)

    @property
    def page_lists_children(self):
        """True when the item's own page lists its pages (a section index: "Our work" lists
        the areas), so a phone without the menu script may leave them out of the menu."""
        return issubclass(apps.get_model(self.type), IndexPage)

    def as_dict(self):
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "type": self.type,
            "children": [child.as_dict() for child in self.children],
        }


def _menu_pages(queryset):
    return visible(queryset).in_menu().select_related("content_type").order_by("path")


def build_menu(root, request=None):
    """The menu under ``root`` (a site's home page in one language).

    Items are the visible (live, public, unexpired) children of the home page with
    "show in menus" ticked, in tree order, each with its own such children (one
    level). Four queries in all, whatever the size of the tree: the home page, its
    children, their children, and the site records that Wagtail caches for URL building.
    """
    top_level = list(_menu_pages(root.get_children()))
    shown_paths = {page.path for page in top_level}
    children_by_parent = {}
    grandchildren = Page.objects.filter(depth=root.depth + 2, path__startswith=root.path)
    for page in _menu_pages(grandchildren) if top_level else []:
        parent_path = page.path[: -Page.steplen]
        if parent_path in shown_paths:  # children of hidden pages stay hidden
            children_by_parent.setdefault(parent_path, []).append(page)

    def item(page, children=()):
        return MenuItem(
            id=page.pk,
            title=page.title,
            url=page.get_url(request=request),
            type=f"{page.content_type.app_label}.{page.content_type.model_class().__name__}",
            children=list(children),
        )

    return [
        item(page, [item(child) for child in children_by_parent.get(page.path, [])])
        for page in top_level
    ]


def site_menu(root, request=None):
    """``build_menu``, cached for the current content version (see caching/version.py).

    The menu is on every page and in the navigation endpoint; publishing, unpublishing,
    moving or deleting any page starts a new version, so it is never stale. URLs are
    relative to the site serving the request, so that site is part of the key.
    """
    site = Site.find_for_request(request) if request else None
    return cached(
        "menu",
        root.pk,
        site.pk if site else None,
        compute=lambda: build_menu(root, request=request),
    )
