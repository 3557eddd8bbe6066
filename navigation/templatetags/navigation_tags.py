"""Template tags for the site menu, breadcrumbs and language-aware site root."""

from django import template
from wagtail.models import Locale, Page, Site

from caching.version import cached
from navigation.menu import site_menu

register = template.Library()


def site_root(context):
    """The home page in the language being shown (the current page's locale)."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    locale = page.locale if isinstance(page, Page) else Locale.get_active()
    if root.locale_id != locale.pk:
        root = root.get_translation_or_none(locale) or root
    return root


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = site_root(context)
    page = context.get("page")
    current_path = page.path if isinstance(page, Page) else ""
    return {
        "items": site_menu(root, request=request) if root else [],
        "current_path": current_path,
        "current_url": request.path if request else "",
        "home": root,
        # With the request, the sites' root paths are read once per request.
        "home_url": root.get_url(request=request) if root else None,
    }


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    return {"ancestors": ancestor_links(page, context.get("request")), "page": page}


def ancestor_links(page, request):
    """The live ancestors below the site root, as ``{"title", "url"}``: the same for every
    page under one parent (every event shares Home › Events), so cached for the content
    version under the parent and the site, as the menu is."""
    site = Site.find_for_request(request) if request else None

    def links():
        ancestors = page.get_ancestors().filter(depth__gte=2).live().order_by("depth")
        return [{"title": a.title, "url": a.get_url(request=request)} for a in ancestors]

    return cached(
        "breadcrumbs", page.path[: -page.steplen], site.pk if site else None, compute=links
    )


@register.simple_tag(takes_context=True)
def home_page(context):
    return site_root(context)


@register.filter
def is_section_of(url, current_url):
    """True when ``current_url`` is ``url`` or lies below it (marks the open menu section)."""
    return bool(url) and current_url.startswith(url)
