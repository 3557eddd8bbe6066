"""The home page, plain content pages and the abstract dated page types."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.mixins import FeaturedImageMixin, SummaryMixin, ThematicAreasMixin, paginate
from home.querysets import visible
from home.serializers import ImageField, PageLinksField


class HomePage(Page):
    """The root of a site's tree in one language; its live children form the menu."""

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
        from events.models import EventPage
        from news.models import NewsPage

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


class StandardPage(SummaryMixin, FeaturedImageMixin, Page):
    """A plain page such as "About us"."""

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


class IndexPage(Page):
    """Abstract section page (Events, News, Our work, …): a title and an introduction over a listing."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    api_fields = [APIField("intro")]

    class Meta:
        abstract = True


class DatedIndexPage(IndexPage):
    """Abstract listing of dated child pages, newest first, paginated (News, Resources)."""

    class Meta:
        abstract = True

    def listed_pages(self):
        child_model = self.specific_class.allowed_subpage_models()[0]
        return (
            visible(child_model.objects.child_of(self))
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(request, self.listed_pages())
        return context


class DatedPage(SummaryMixin, FeaturedImageMixin, ThematicAreasMixin, Page):
    """Abstract dated content page with summary, image, thematic areas and body (news, resources)."""

    date = models.DateField(_("date"), default=datetime.date.today, db_index=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = (
        Page.content_panels
        + [FieldPanel("date")]
        + SummaryMixin.panels
        + FeaturedImageMixin.panels
        + ThematicAreasMixin.panels
        + [FieldPanel("body")]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        # The area titles in the page's language (a method: a translated page may
        # still point at the source-language areas).
        index.SearchField("localized_thematic_areas"),
        index.FilterField("date"),
        index.FilterField("locale"),
    ]

    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("image", serializer=ImageField()),
        APIField("thematic_areas", serializer=PageLinksField()),
        APIField("body"),
    ]

    class Meta:
        abstract = True
