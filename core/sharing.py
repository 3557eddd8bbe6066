"""What link previews and search engines read of a page: its description, share image and
structured data, computed once per page object and request (its translations, for the
hreflang links: ``core.i18n.visible_translations``)."""

from urllib.parse import urljoin

from django.utils.html import json_script
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

# One fixed crop for every link preview: the 1.91:1 size Facebook, LinkedIn and X show
# large. Never upscaled, so a small image gives a smaller rendition of the same shape.
SHARE_IMAGE_FILTER = "fill-1200x630"

# og:locale wants language_TERRITORY. The territory a language's readers of this site
# most likely use; a code that already names one (pt-br) keeps it.
OPEN_GRAPH_TERRITORIES = {
    "en": "GB",
    "ru": "RU",
    "fr": "FR",
    "de": "DE",
    "it": "IT",
    "es": "ES",
    "uk": "UA",
    "pl": "PL",
}


def open_graph_locale(language_code):
    """``en`` → ``en_GB``, ``ru`` → ``ru_RU``, ``pt-br`` → ``pt_BR``: Open Graph's locale form."""
    language, _sep, territory = language_code.partition("-")
    territory = territory or OPEN_GRAPH_TERRITORIES.get(language, "")
    return f"{language}_{territory.upper()}" if territory else language


def share_description(page, site_name=""):
    """The search description, else the page's summary or introduction, else the site's name."""
    for name in ("search_description", "summary", "intro"):
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return site_name


def share_image(page):
    """The ``SHARE_IMAGE_FILTER`` rendition of the page's own image, or None.

    Kept on the image object, so the Open Graph tags and the JSON-LD of one page cost
    one rendition lookup between them, with or without a cache.
    """
    image = getattr(page, "image", None)
    if image is None:
        return None
    if "_share_rendition" not in image.__dict__:
        try:
            rendition = image.get_rendition(SHARE_IMAGE_FILTER)
        except SourceImageIOError:  # its file cannot be read: the page is shared without it
            rendition = None
        image.__dict__["_share_rendition"] = rendition
    return image.__dict__["_share_rendition"]


def image_data(page, base):
    """The page's shared image as a schema.org ``ImageObject``, or None (JSON-LD)."""
    rendition = share_image(page)
    if rendition is None:
        return None
    return {
        "@type": "ImageObject",
        "url": absolute_url(rendition.url, base),
        "width": rendition.width,
        "height": rendition.height,
    }


def absolute_url(url, base):
    """``url`` made absolute against ``base`` (the page's full URL); absolute ones unchanged."""
    return urljoin(base, url) if url else ""


def organization_data(organization):
    """An organisation (a taxonomy term) as schema.org reads it: its name, and its website."""
    return {"@type": "Organization", "name": organization.name} | (
        {"url": organization.url} if organization.url else {}
    )


def json_ld_script(data):
    """``<script type="application/ld+json">`` holding ``data``.

    ``json_script`` escapes ``<``, ``>`` and ``&``, so no value can close the element.
    The Content-Security-Policy does not block it: a data block is never run as script.
    """
    html = json_script(data)
    # str.replace() drops the SafeString mark; json_script has already escaped the data.
    return mark_safe(
        html.replace('<script type="application/json">', '<script type="application/ld+json">', 1)
    )
