"""Abstract page types every section builds on: index pages and dated pages."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.forms import SitePageForm
from core.mixins import FeaturedImageMixin, SummaryMixin, ThematicAreasMixin, paginate
from core.querysets import visible
from core.serializers import ImageField, PageLinksField


class IndexPage(Page):
    """Abstract section page (Events, News, Our work, …): a title and an introduction over a listing."""

    base_form_class = SitePageForm

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

    base_form_class = SitePageForm
    # Link previews (templates/includes/social_meta.html); other pages are "website".
    open_graph_type = "article"

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
