"""Rich text reaches visitors and API clients as safe HTML, whatever the database holds.

The admin's editor (Draftail) only ever saves the features a field allows, but
Wagtail renders whatever HTML is stored: a value written another way (an import, a
script, the database itself, a future API write) with ``<script>``, ``onerror=``,
``javascript:`` links or an ``<iframe>`` would go out as it is. So every rendering of
rich text goes through nh3 (the Ammonia sanitiser) with an allow-list of the markup
rich text can legitimately produce:

- ``expand_db_html``, behind the ``|richtext`` filter, rich text blocks in templates and
  the API's ``html`` format, is wrapped once at start-up (``install``);
- the API's other formats (``?rich_text_format=db_html``, ``markdown``,
  ``db_markdown``) start from the stored HTML, which is cleaned first, keeping
  Wagtail's ``linktype``/``embedtype`` references.
"""

import re

import nh3

BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "li", "blockquote", "hr", "br"}
INLINE_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "sub", "sup", "code", "span", "img"}
# Removed with their content, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
    "xmp",
}
ATTRIBUTES = {
    "*": {"data-block-key"},  # Draftail's block ids
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html):
    """Display HTML (links and images already expanded) with only safe markup left."""
    return nh3.clean(
        html,
        tags=BLOCK_TAGS | INLINE_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def sanitize_db_html(html):
    """Stored HTML, cleaned the same way but keeping Wagtail's references to pages,
    documents and images (``<a linktype="page" id="3">``, ``<embed embedtype="image" …>``)."""
    cleaned = nh3.clean(
        html,
        tags=BLOCK_TAGS | INLINE_TAGS | {"embed"},
        clean_content_tags=DROPPED_WITH_CONTENT - {"embed"},
        attributes={
            **ATTRIBUTES,
            "a": ATTRIBUTES["a"] | {"linktype", "id"},
            "embed": {"id", "format", "alt", "url"},
        },
        # Only Wagtail's own embeds: an <embed src=…> of a plugin is dropped.
        tag_attribute_values={"embed": {"embedtype": {"image", "media"}}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )
    return NOT_WAGTAIL_EMBED.sub("", cleaned)


# What is left of an <embed> that was not Wagtail's (nh3 keeps the tag, without attributes).
NOT_WAGTAIL_EMBED = re.compile(r"<embed(?![^>]*\bembedtype=)[^>]*>")


class SanitizingRewriter:
    """Wagtail's rich text rewriter, its output sanitised; references are read as before."""

    def __init__(self, rewriter):
        self.rewriter = rewriter

    def __call__(self, html):
        return sanitize_html(self.rewriter(html))

    def __getattr__(self, name):
        return getattr(self.rewriter, name)


def install():
    """Wrap Wagtail's rewriter (read by ``expand_db_html`` on each call) and the API's
    ``db_html`` output. Called from ``HomeConfig.ready``; safe to call twice."""
    import wagtail.rich_text
    from wagtail.api.rich_text import APIRichText

    if getattr(wagtail.rich_text.get_rewriter, "sanitizing", False):
        return
    wagtail_get_rewriter = wagtail.rich_text.get_rewriter

    def get_rewriter():
        return SanitizingRewriter(wagtail_get_rewriter())  # Wagtail's is cached

    get_rewriter.sanitizing = True
    get_rewriter.cache_clear = wagtail_get_rewriter.cache_clear
    wagtail.rich_text.get_rewriter = get_rewriter
    # The other formats start from the stored HTML: it is cleaned first. (Markdown
    # conversion also raised on unbalanced tags, a 500 for such a value.)
    for name in ("_serialize_db_html", "_serialize_db_markdown", "_serialize_markdown"):
        serialize = getattr(APIRichText, name)
        setattr(APIRichText, name, staticmethod(_cleaning_first(serialize)))


def _cleaning_first(serialize):
    def serialize_clean(value, *, features=None):
        return serialize(sanitize_db_html(value), features=features)

    return serialize_clean
