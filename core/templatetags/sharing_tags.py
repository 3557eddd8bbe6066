"""Tags for what link previews and search engines read in a page's ``<head>`` (core/sharing.py)."""

from django import template
from wagtail.models import Site

from core import i18n, sharing

register = template.Library()


@register.simple_tag
def visible_translations(page):
    """``{% visible_translations page as translations %}``: one query for all of the head."""
    return i18n.visible_translations(page)


@register.simple_tag
def page_description(page):
    """``{% page_description page as description %}``: the meta description search engines
    show, the one link previews use (``og:description``) but for the site's name, which
    says nothing of the page; empty where the page has no text for it (or no page)."""
    return sharing.share_description(page) if page else ""


@register.simple_tag(takes_context=True)
def share_data(context, page):
    """The Open Graph values of a page, as ``templates/includes/social_meta.html`` prints them.

    Every URL is absolute and built from the site's root URL, like the hreflang
    alternates, never from the request's query string (see the include on listings).
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else page.get_site()
    site_name = site.site_name if site is not None else ""
    url = page.get_full_url(request=request)
    og_type = getattr(page, "open_graph_type", "website")
    data = {
        "title": page.seo_title or page.title,
        "description": sharing.share_description(page, site_name),
        "url": url,
        "type": og_type,
        "site_name": site_name,
        "locale": sharing.open_graph_locale(page.locale.language_code),
        "alternate_locales": [
            sharing.open_graph_locale(translation.locale.language_code)
            for translation in i18n.visible_translations(page)
        ],
        "image": None,
        # The day a news item was issued or a publication came out (not an event's date).
        "published": getattr(page, "date", None) if og_type == "article" else None,
    }
    rendition = sharing.share_image(page)
    if rendition is not None and url:
        data["image"] = {
            "url": sharing.absolute_url(rendition.url, url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": page.image.default_alt_text,
        }
    return data
