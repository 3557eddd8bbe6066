"""The home page and plain content pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from caching.restrictions import ViewRestrictionsFromCache
from core.blocks import BaseStreamBlock
from core.forms import SitePageForm
from core.mixins import FeaturedImageMixin, SummaryMixin
from core.querysets import visible
from core.serializers import ImageField
from events.models import EventPage
from news.models import NewsPage


class HomePage(ViewRestrictionsFromCache, Page):
    """The root of a site's tree in one language; its live children form the menu."""

    base_form_class = SitePageForm

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "thematic_areas.ThematicAreaIndexPage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "resources.ResourceIndexPage",
    ]

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the cards show comes with them: no query per card.
        context["upcoming_events"] = (
            EventPage.objects.upcoming().in_locale_of(self).select_related("event_type")[:3]
        )
        context["latest_news"] = (
            visible(NewsPage.objects.filter(locale_id=self.locale_id))
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-date")[:3]
        )
        return context


class StandardPage(ViewRestrictionsFromCache, SummaryMixin, FeaturedImageMixin, Page):
    """A plain page such as "About us"."""

    base_form_class = SitePageForm

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = (
        Page.content_panels
        + [FieldPanel("intro")]
        + SummaryMixin.panels
        + FeaturedImageMixin.panels
        + [FieldPanel("body")]
    )

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    api_fields = [
        APIField("intro"),
        APIField("summary"),
        APIField("image", serializer=ImageField()),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
