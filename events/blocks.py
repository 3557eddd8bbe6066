"""Blocks of an event's body: the seed's three sections, then the general blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import SECTION_TEXT_FEATURES, BaseStreamBlock


class SectionBlock(blocks.StructBlock):
    """A titled section of an event: a heading with a sensible default and rich text."""

    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.RichTextBlock(features=SECTION_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "doc-full"
        template = "blocks/section_block.html"


class AboutSectionBlock(SectionBlock):
    """What the event is: the seed's "About" section."""

    heading = blocks.CharBlock(label=_("Heading"), default="About")

    class Meta:
        icon = "info-circle"
        label = _("About")
        description = _("What the event is and who takes part.")
        preview_value = {
            "heading": "About",
            "text": "<p>This joint training brings together civil society and law enforcement.</p>",
        }


class WhyImportantSectionBlock(SectionBlock):
    """Why the event matters: the seed's "Why is this important?" section."""

    heading = blocks.CharBlock(label=_("Heading"), default="Why is this important?")

    class Meta:
        icon = "help"
        label = _("Why is this important?")
        description = _("Why the event matters.")
        preview_value = {
            "heading": "Why is this important?",
            "text": "<p>Effective cooperation between police and civil society is vital.</p>",
        }


class BackgroundSectionBlock(SectionBlock):
    """The context of the event: the seed's "Background" section."""

    heading = blocks.CharBlock(label=_("Heading"), default="Background")

    class Meta:
        icon = "history"
        label = _("Background")
        description = _("The initiative or programme the event belongs to.")
        preview_value = {
            "heading": "Background",
            "text": "<p>The workshop is organized as part of a joint initiative.</p>",
        }


class EventBodyBlock(BaseStreamBlock):
    """An event's body: About, Why is this important? and Background, plus the general blocks."""

    about = AboutSectionBlock()
    why_important = WhyImportantSectionBlock()
    background = BackgroundSectionBlock()

    class Meta:
        block_counts = {
            "about": {"max_num": 1},
            "why_important": {"max_num": 1},
            "background": {"max_num": 1},
        }
