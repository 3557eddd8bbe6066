"""Thematic areas ("Our work"): what the institution works on, each with its own page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.forms import SitePageForm
from core.mixins import FeaturedImageMixin
from core.models import IndexPage
from core.querysets import visible
from core.serializers import ImageField
from events.models import EventPage
from news.models import NewsPage
from resources.models import ResourcePage

TAGGED_ITEMS_SHOWN = 6


class ThematicAreaIndexPage(IndexPage):
    """ "Our work": lists the thematic areas in tree order (the order of the menu)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["thematic_areas.ThematicAreaPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("thematic areas index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["areas"] = visible(ThematicAreaPage.objects.child_of(self)).select_related("image")
        return context


class ThematicAreaPage(FeaturedImageMixin, Page):
    """One thematic area, e.g. "Hate crime": its text, and the events, news and resources tagged with it."""

    base_form_class = SitePageForm

    parent_page_types = ["thematic_areas.ThematicAreaIndexPage"]
    subpage_types = []

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = (
        Page.content_panels
        + [FieldPanel("intro")]
        + FeaturedImageMixin.panels
        + [FieldPanel("body")]
    )

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    api_fields = [APIField("intro"), APIField("image", serializer=ImageField()), APIField("body")]

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def tagged(self, model):
        """Visible pages of ``model`` in this area's language that are tagged with this area.

        Matching on the translation key finds pages tagged with this area in any
        language, so a translated page tagged with the source-language area still shows.
        """
        return visible(
            model.objects.filter(
                locale_id=self.locale_id, thematic_areas__translation_key=self.translation_key
            )
        ).distinct()

    @staticmethod
    def with_image(pages):
        """Cards show each page's image: fetched with the pages, not one query per card."""
        return pages.select_related("image").prefetch_related("image__renditions")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = self.tagged(EventPage).select_related("event_type")
        context["upcoming_events"] = events.upcoming()[:TAGGED_ITEMS_SHOWN]
        context["past_events"] = events.past()[:TAGGED_ITEMS_SHOWN]
        context["news_items"] = self.with_image(self.tagged(NewsPage)).order_by("-date")[
            :TAGGED_ITEMS_SHOWN
        ]
        context["resources"] = self.with_image(self.tagged(ResourcePage)).order_by("-date")[
            :TAGGED_ITEMS_SHOWN
        ]
        return context
