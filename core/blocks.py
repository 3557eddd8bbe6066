"""StreamField blocks shared by every page type: leaf blocks first, the composed stream last."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.shortcuts import get_renditions_or_not_found

from core.sanitize import api_representation, sanitized

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]
SECTION_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]

# Named renditions, so templates and the API agree on sizes.
IMAGE_RENDITIONS = {
    "thumbnail": "fill-400x250",
    "medium": "max-800x600",
    "large": "width-1600",
}


def image_renditions(image):
    """The named renditions of an image: ``{name: {"url", "width", "height"}}``."""
    # As Wagtail's own API does: an image whose file cannot be read has "not found" ones.
    renditions = get_renditions_or_not_found(image, IMAGE_RENDITIONS.values())
    return {
        name: {
            "url": renditions[spec].url,
            "width": renditions[spec].width,
            "height": renditions[spec].height,
        }
        for name, spec in IMAGE_RENDITIONS.items()
    }


def image_representation(image):
    """An image as clients need it: alt text, size and rendition URLs (never a bare id)."""
    if image is None:
        return None
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text or "",
        "width": image.width,
        "height": image.height,
        "renditions": image_renditions(image),
    }


def renditions_openapi_schema(builder):
    """The OpenAPI schema of ``image_renditions``: one entry per ``IMAGE_RENDITIONS`` name."""
    rendition = builder.object(
        {"url": {"type": "string"}, "width": {"type": "integer"}, "height": {"type": "integer"}}
    )
    return builder.object(
        {
            name: {**rendition, "description": f"Rendition `{spec}`."}
            for name, spec in IMAGE_RENDITIONS.items()
        }
    )


def image_openapi_schema(builder):
    """The OpenAPI schema of ``image_representation`` (the ``Image`` component)."""
    return builder.object(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "alt": {
                "type": "string",
                "description": "Alternative text; empty when the image has none.",
            },
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "renditions": renditions_openapi_schema(builder),
        },
        description="An image with alt text, size and rendition URLs.",
    )


def document_representation(document):
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": document.url,
        "file_extension": document.file_extension,
    }


def document_openapi_schema(builder):
    """The OpenAPI schema of ``document_representation`` (the ``Document`` component)."""
    return builder.object(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "url": {"type": "string", "description": "Download URL."},
            "file_extension": {"type": "string", "examples": ["pdf"]},
        },
        description="A document from the library.",
    )


class HeadingBlock(blocks.CharBlock):
    """A section heading (rendered as h2) that also feeds the page's table of contents."""

    class Meta:
        icon = "title"
        label = _("Heading")
        form_classname = "title"
        template = "blocks/heading_block.html"
        preview_value = "Our mandate"
        description = _("A level-two heading inside the page body.")


class SanitizedRichTextBlock(blocks.RichTextBlock):
    """Wagtail's rich text block, shown cleaned (core/sanitize.py) on pages and in the API.

    Its value is a ``SanitizedRichText``, so a template that shows it (``{{ value }}``,
    ``{% include_block %}``) gets cleaned HTML; ``get_api_representation`` answers every
    ``?rich_text_format=`` cleaned. Stored, edited and indexed as Wagtail's own.
    """

    def to_python(self, value):
        return sanitized(value)

    def normalize(self, value):
        return sanitized(value)

    def value_from_form(self, value):
        return sanitized(value)

    def render(self, value, context=None):
        # A plain RichText put in by other code (wagtail-localize's translations) too.
        return super().render(sanitized(value), context=context)

    def get_api_representation(self, value, context=None):
        return api_representation(value.source, context)

    class Meta:
        icon = "pilcrow"


class ParagraphBlock(SanitizedRichTextBlock):
    """Formatted text with links to pages and documents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        preview_value = (
            "<p>The institution promotes human rights, democracy and the rule of law.</p>"
        )
        description = _("Formatted text: headings, lists, links.")


class CaptionedImageBlock(blocks.StructBlock):
    """An image with caption and credit; the API returns renditions and alt text."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alternative text"),
        help_text=_(
            "Describe the image for people who cannot see it. Leave blank to use the image's own."
        ),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    attribution = blocks.CharBlock(required=False, label=_("Credit"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image_block.html"
        description = _("An image with an optional caption and credit.")

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        representation = image_representation(image)
        if representation is not None and value.get("alt_text"):
            representation["alt"] = value["alt_text"]
        return {
            "image": representation,
            "caption": value.get("caption", ""),
            "attribution": value.get("attribution", ""),
        }

    def openapi_schema(self, builder):
        return builder.object(
            {
                "image": builder.nullable(builder.component("Image", image_openapi_schema)),
                "caption": {"type": ["string", "null"]},
                "attribution": {"type": ["string", "null"]},
            },
            description="An image with caption and credit; `alt` is the block's alternative "
            "text when set.",
        )


class QuoteBlock(blocks.StructBlock):
    """A pull quote with its source."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Human rights are universal and indivisible.",
            "attribution": "Charter of Paris, 1990",
        }
        description = _("A quotation with its source.")


# A telephone number as press contacts write it: +48 22 520 0600, +43 1 514 36-6000.
PHONE_NUMBER = RegexValidator(
    r"^\+?[0-9(][0-9 ()./-]{4,30}$",
    _("Enter a telephone number: digits, spaces and - ( ) . /, optionally starting with +."),
)


class ContactBlock(blocks.StructBlock):
    """A person the press or participants can contact: name, role, e-mail and telephone.

    Events and news carry a list of them (``core.mixins.ContactsMixin``), as the
    institution's press releases and event pages close with their contacts.
    """

    name = blocks.CharBlock(label=_("Name"))
    role = blocks.CharBlock(required=False, label=_("Role"), help_text=_("Such as Spokesperson."))
    email = blocks.EmailBlock(required=False, label=_("E-mail"))
    phone = blocks.CharBlock(
        required=False, label=_("Telephone"), max_length=40, validators=[PHONE_NUMBER]
    )

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "blocks/contact_block.html"


class ContactsBlock(blocks.StreamBlock):
    """The contacts of a page, in the order given."""

    contact = ContactBlock()

    class Meta:
        description = _("The people to contact about this page.")


class DocumentBlock(blocks.StructBlock):
    """A link to a document (a publication, an agenda); the API returns its URL."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False,
        label=_("Link text"),
        help_text=_("Leave blank to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_block.html"
        description = _("A downloadable file from the document library.")

    def get_api_representation(self, value, context=None):
        document = value.get("document")
        return {
            "document": document_representation(document),
            "title": value.get("title") or (document.title if document else ""),
        }

    def openapi_schema(self, builder):
        return builder.object(
            {
                "document": builder.nullable(
                    builder.component("Document", document_openapi_schema)
                ),
                "title": {
                    "type": "string",
                    "description": "Link text; the document's title when left blank.",
                },
            },
            description="A link to a document from the library.",
        )


class VideoEmbedBlock(EmbedBlock):
    """A video or other media embedded from its URL (YouTube, Vimeo, …)."""

    class Meta:
        icon = "media"
        label = _("Embed")
        description = _("Paste the URL of a video or other media to embed.")

    def get_api_representation(self, value, context=None):
        # Only the URL: resolving the provider's HTML here would make an API request
        # wait on a third-party oEmbed call.
        return {"url": value.url} if value is not None else None

    def openapi_schema(self, builder):
        return {
            **builder.nullable(builder.object({"url": {"type": "string", "format": "uri"}})),
            "description": "Embedded media by its URL; the client renders the player.",
        }


class BaseStreamBlock(blocks.StreamBlock):
    """The general blocks every page body offers."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    embed = VideoEmbedBlock()

    class Meta:
        block_counts = {}
