"""Thematic areas ("Our work"): what the institution works on, each with its own page."""

from urllib.parse import urlencode

from django.db import models
from django.db.models import Count, Exists, OuterRef, Window
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from caching.restrictions import ViewRestrictionsFromCache
from caching.version import cached
from core.blocks import BaseStreamBlock
from core.forms import SitePageForm
from core.mixins import FeaturedImageMixin
from core.models import IndexPage
from core.querysets import visible
from core.serializers import ImageField
from events.models import EventIndexPage, EventPage
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceIndexPage, ResourcePage

TAGGED_ITEMS_SHOWN = 6

# The listings an area page links to, each filtered by the area (``?area=<slug>``).
LISTINGS = {"events": EventIndexPage, "news": NewsIndexPage, "resources": ResourceIndexPage}


def with_total(pages):
    """``pages`` with ``total``, the number of pages of the whole selection, on each page.

    A window over the selection: a slice of it still carries the count of all, so a
    section learns how many there are with the query that fetches what it shows.
    """
    return pages.annotate(total=Window(Count("pk")))


def shown_and_total(pages):
    """(the first ``TAGGED_ITEMS_SHOWN`` of ``pages``, how many ``pages`` there are), in one query."""
    shown = list(with_total(pages)[:TAGGED_ITEMS_SHOWN])
    return shown, shown[0].total if shown else 0


class ThematicAreaIndexPage(ViewRestrictionsFromCache, IndexPage):
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


class ThematicAreaPage(ViewRestrictionsFromCache, FeaturedImageMixin, Page):
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
        A subquery rather than a join: each page once without DISTINCT, so a window can
        count them (``with_total``).
        """
        relation = model._meta.get_field("thematic_areas")
        tags = relation.remote_field.through.objects.filter(
            **{
                relation.m2m_field_name(): OuterRef("pk"),
                f"{relation.m2m_reverse_field_name()}__translation_key": self.translation_key,
            }
        )
        return visible(model.objects.filter(Exists(tags), locale_id=self.locale_id))

    @staticmethod
    def with_image(pages):
        """Cards show each page's image: fetched with the pages, not one query per card."""
        return pages.select_related("image").prefetch_related("image__renditions")

    def listing_urls(self, request):
        """{"events" | "news" | "resources": URL} of the visible listings of this area's
        site and language, each filtered by this area; a listing that is not visible
        (unpublished, or not translated yet) has none.

        The listings are the children of the area's home page. The same for every area
        under that home but the parameter, so cached for the content version under the
        home and the site, as the breadcrumbs are.
        """
        home_path = self.path[: 2 * self.steplen]
        site = Site.find_for_request(request) if request else None

        def compute():
            listings = visible(
                Page.objects.filter(depth=3, path__startswith=home_path).type(*LISTINGS.values())
            ).select_related("locale")
            urls = {}
            for listing in listings.order_by("path"):
                name = next(n for n, m in LISTINGS.items() if issubclass(listing.specific_class, m))
                urls.setdefault(name, listing.get_url(request=request))
            return urls

        urls = cached("area-listings", home_path, site.pk if site else None, compute=compute)
        query = urlencode({"area": self.slug})
        return {name: f"{url}?{query}" for name, url in urls.items() if url}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = self.tagged(EventPage).select_related("event_type")
        upcoming, upcoming_total = shown_and_total(events.upcoming())
        past, past_total = shown_and_total(events.past())
        news, news_total = shown_and_total(self.with_image(self.tagged(NewsPage)).order_by("-date"))
        resources, resources_total = shown_and_total(
            self.with_image(self.tagged(ResourcePage)).order_by("-date")
        )
        context["upcoming_events"] = upcoming
        context["past_events"] = past
        context["news_items"] = news
        context["resources"] = resources
        # "See all N …" under a section that shows fewer than there are, to the listing
        # filtered by this area (the events listing shows upcoming and past events).
        totals = {
            "events": (upcoming_total + past_total, len(upcoming) + len(past)),
            "news": (news_total, len(news)),
            "resources": (resources_total, len(resources)),
        }
        urls = self.listing_urls(request)
        context["see_all"] = {
            name: {"count": total, "url": urls[name]}
            for name, (total, shown) in totals.items()
            if total > shown and name in urls
        }
        return context
