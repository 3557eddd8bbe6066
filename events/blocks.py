"""Blocks of an event's body: its sections (the seed's three and the others event pages
carry), then the general blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import SECTION_TEXT_FEATURES, BaseStreamBlock, SanitizedRichTextBlock


class SectionBlock(blocks.StructBlock):
    """A titled section of an event: a heading with a sensible default and rich text."""

    heading = blocks.CharBlock(label=_("Heading"))
    text = SanitizedRichTextBlock(features=SECTION_TEXT_FEATURES, label=_("Text"))

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


# The sections the institution's event pages carry besides the seed's three. Each is a
# heading with its text, in the one shape clients read: {"heading", "text"}.


class AgendaSectionBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Agenda")

    class Meta:
        icon = "list-ol"
        label = _("Agenda")
        description = _("The programme, session by session.")


class ParticipantsSectionBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Participants")

    class Meta:
        icon = "group"
        label = _("Participants")
        description = _("Who takes part and who may apply.")


class RegistrationSectionBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Registration")

    class Meta:
        icon = "form"
        label = _("Registration")
        description = _("How and by when to register or apply.")


class ModalitiesSectionBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Modalities and logistics")

    class Meta:
        icon = "cogs"
        label = _("Modalities and logistics")
        description = _("Venue, travel, accommodation, accessibility and working languages.")


class SideEventsSectionBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Side events")

    class Meta:
        icon = "calendar-alt"
        label = _("Side events")
        description = _("Events held alongside this one.")


class RecordingSectionBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Recording")

    class Meta:
        icon = "media"
        label = _("Recording")
        description = _("Where to watch or listen to it afterwards.")


class OtherSectionBlock(SectionBlock):
    """A section with a heading of the editor's own: never a heading block then a paragraph."""

    class Meta:
        icon = "doc-full"
        label = _("Other section")
        description = _("Any other section: a heading of your own with its text.")


class EventBodyBlock(BaseStreamBlock):
    """An event's body: its sections (About, Why is this important?, Background, Agenda, …),
    each once, plus the general blocks."""

    about = AboutSectionBlock()
    why_important = WhyImportantSectionBlock()
    background = BackgroundSectionBlock()
    agenda = AgendaSectionBlock()
    participants = ParticipantsSectionBlock()
    registration = RegistrationSectionBlock()
    modalities = ModalitiesSectionBlock()
    side_events = SideEventsSectionBlock()
    recording = RecordingSectionBlock()
    section = OtherSectionBlock()

    class Meta:
        block_counts = {
            name: {"max_num": 1}
            for name in (
                "about",
                "why_important",
                "background",
                "agenda",
                "participants",
                "registration",
                "modalities",
                "side_events",
                "recording",
            )
        }
