"""StreamField blocks shared by every page type: leaf blocks first, the composed stream last."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]
SECTION_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]

# Named renditions, so templates and the API agree on sizes.
IMAGE_RENDITIONS = {
    "thumbnail": "fill-400x250",
    "medium": "max-800x600",
    "large": "width-1600",
}


def image_representation(image):
    """An image as clients need it: alt text, size and rendition URLs (never a bare id)."""
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text or "",
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": renditions[spec].url,
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


def document_representation(document):
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": document.url,
        "file_extension": document.file_extension,
    }


class HeadingBlock(blocks.CharBlock):
    """A section heading (rendered as h2) that also feeds the page's table of contents."""

    class Meta:
        icon = "title"
        label = _("Heading")
        form_classname = "title"
        template = "blocks/heading_block.html"
        preview_value = "Our mandate"
        description = _("A level-two heading inside the page body.")


class ParagraphBlock(blocks.RichTextBlock):
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
