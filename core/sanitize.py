"""Rich text reaches visitors and API clients as safe HTML, whatever the database holds.

The admin's editor (Draftail) only ever saves the features a field allows, but
Wagtail renders whatever HTML is stored: a value written another way (an import, a
script, a restored backup, the database itself, a future API write) with ``<script>``,
``onerror=``, ``javascript:`` links or an ``<iframe>`` would go out as it is. So every
rendering of rich text goes through nh3 (the Ammonia sanitiser) with an allow-list of
the markup rich text can legitimately produce.

It happens on the way out, through Wagtail's public extension points, each a thin
shell around this module:

- rich text blocks: ``core.blocks.SanitizedRichTextBlock`` (paragraphs, the event
  sections' text) holds a ``SanitizedRichText``, which renders cleaned wherever a
  template shows it (``{% include_block %}``, ``{{ value.text }}``, ``|richtext``), and
  its ``get_api_representation`` answers the API;
- ``RichTextField``\\ s in templates: the ``|sanitized_richtext`` filter
  (``core/templatetags/rich_text.py``) in place of Wagtail's ``|richtext``;
- ``RichTextField``\\ s in the API: ``api.serializers.SanitizedRichTextField``, which
  the page serializer maps every ``RichTextField`` to.

Each API format (``?rich_text_format=``) comes from Wagtail's public
``APIRichText.serialize``, given cleaned input (``db_html``, the Markdown formats, which
keep Wagtail's ``linktype``/``embedtype`` references) or cleaned after (``html``, whose
expanded links and embeds are markup too): ``API_FORMATS``.

Why on the way out and not on save: cleaning in ``save()`` (plus a data migration for
the rows already there) sees only what goes through it; ``QuerySet.update``, SQL, a
restored dump and revisions written by other code do not, and expanding stored
references makes markup of its own (a media embed becomes its provider's
``<iframe>``). Cleaning what goes out covers every value, whoever wrote it, for one nh3
pass per rendering (microseconds; pages and API responses are cached). Why not
Wagtail's rewriter: the handlers registered with ``register_rich_text_features`` see
only ``<a linktype>`` and ``<embed embedtype>`` tags, never the rest of the HTML, and
wrapping ``wagtail.rich_text.get_rewriter`` or ``APIRichText``'s private
``_serialize_*`` methods at start-up (as this module once did) replaces internals an
upgrade can change silently.

``tests/hardening/test_rich_text.py`` pins it: hostile values written to the database
come out inert on the pages and in every API format, listing and preview; and it fails
when a rich text block, a ``RichTextField`` of the API, a template or a module goes
around these points, or when Wagtail adds an output format ``API_FORMATS`` lacks.
"""

import functools
import re

import nh3
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.functional import Promise
from wagtail.api.rich_text import APIRichText
from wagtail.rich_text import RichText, expand_db_html

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


def remembered(clean):
    """``clean``, remembered per process for the values that come back: a page's rich text is
    cleaned once per distinct value, not on every render (a listing of 20 events cleaned 80
    values per request). Cleaning depends on its input alone, so a remembered result is never
    stale; values past ``REMEMBERED_LENGTH`` characters are cleaned each time, to bound memory.
    """
    cached = functools.lru_cache(maxsize=REMEMBERED_VALUES)(clean)

    @functools.wraps(clean)
    def wrapper(html):
        return cached(html) if len(html) <= REMEMBERED_LENGTH else clean(html)

    wrapper.cache_info = cached.cache_info
    return wrapper


REMEMBERED_VALUES = 2048
REMEMBERED_LENGTH = 32 * 1024  # at most about 64 MB of remembered values per process


@remembered
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


@remembered
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


# Marks the links that stand for bare images on their way through the Markdown
# conversion (a private-use character, removed from the text beforehand).
IMAGE_MARK = "\ue000"


def markdown_source(html):
    """Stored HTML, cleaned, in the shape Wagtail's Markdown conversion can read.

    That conversion parses the HTML as the admin's editor does, and expects every
    element closed: nh3 writes ``<br>`` and ``<img …>`` as HTML5 does, and each raised
    "Unmatched tags" (a 500 for ``?rich_text_format=markdown`` on any line break).
    BeautifulSoup writes them back closed (``<br/>``). The editor also knows only
    Wagtail's own image embeds, so a bare ``<img>`` (an import; the editor never writes
    one) would vanish: it travels as a marked link and comes out as ``![alt](src)``
    (inside a link, as its alt text).
    """
    soup = BeautifulSoup(sanitize_db_html(html).replace(IMAGE_MARK, ""), "html.parser")
    for image in soup.find_all("img"):
        alt = image.get("alt", "")
        if image.get("src") and image.find_parent("a") is None:
            link = soup.new_tag("a", href=image["src"])
            link.string = IMAGE_MARK + alt
            image.replace_with(link)
        else:
            image.replace_with(alt)
    return str(soup)


def render_html(source):
    """Stored rich text as display HTML: Wagtail's links and embeds expanded, then cleaned."""
    return sanitize_html(expand_db_html(source))


class SanitizedRichText(RichText):
    """Wagtail's rich text value, rendered cleaned: ``{{ value }}``, ``{% include_block %}``
    and ``|richtext`` all read ``__html__``. Rendered through Wagtail's own template, as
    ``RichText`` is, so only what goes into it changes."""

    def __html__(self):
        return render_to_string(
            "wagtailcore/shared/richtext.html", {"html": render_html(self.source)}
        )


def sanitized(value):
    """``value`` (stored HTML, a ``RichText`` of any kind, or None) as a ``SanitizedRichText``.

    wagtail-localize, for one, puts plain ``RichText`` values into the pages it
    translates; they are shown cleaned all the same.
    """
    if isinstance(value, SanitizedRichText):
        return value
    if isinstance(value, RichText):
        return SanitizedRichText(value.source)
    if isinstance(value, Promise):
        value = str(value)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"rich text must be a string, got {type(value).__name__}")
    return SanitizedRichText(value)


def _markdown(rich_text_format):
    def serialize(source, features):
        markdown = APIRichText.serialize(
            markdown_source(source), format=rich_text_format, features=features
        )
        return markdown.replace("[" + IMAGE_MARK, "![").replace(IMAGE_MARK, "")

    return serialize


# Every output format of Wagtail's API (``wagtail.api.rich_text.RichTextOutputFormat``),
# cleaned. A format missing here answers an error rather than uncleaned HTML.
API_FORMATS = {
    "html": lambda source, features: render_html(source),
    "db_html": lambda source, features: APIRichText.serialize(
        sanitize_db_html(source), format="db_html", features=features
    ),
    "markdown": _markdown("markdown"),
    "db_markdown": _markdown("db_markdown"),
}


def api_representation(source, context=None, features=None):
    """``source`` in the request's ``?rich_text_format=`` (else ``WAGTAILAPI_RICH_TEXT_FORMAT``),
    cleaned. The format is read as Wagtail's ``RichTextBlock`` reads it; the API views
    have already answered 400 to an unknown one."""
    if source is None:
        return None
    request = context.get("request") if context else None
    rich_text_format = APIRichText.resolve_format(
        request.GET.get("rich_text_format") if request is not None else None
    )
    try:
        serialize = API_FORMATS[rich_text_format]
    except KeyError:
        raise ImproperlyConfigured(
            f"rich text format {rich_text_format!r} has no sanitiser in core.sanitize.API_FORMATS"
        ) from None
    return serialize(source, features)
