"""News: the news index and news items (news items, press releases, media advisories, press statements)."""

from django import forms
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from caching.restrictions import ViewRestrictionsFromCache
from core.i18n import localized, localized_tags
from core.mixins import (
    ContactsMixin,
    FeaturedImageMixin,
    SummaryMixin,
    ThematicAreasMixin,
    form_data,
    form_params,
    paginate,
)
from core.models import DatedIndexPage, DatedPage
from core.serializers import ChoiceField, TaxonomyField
from news.forms import NewsFilterForm
from taxonomies.forms import TaxonomyPageForm
from taxonomies.models import FieldOfWork, Organization


class NewsType(models.TextChoices):
    """The kinds of news the institution issues, as its newsroom labels them."""

    NEWS_ITEM = "news-item", _("News item")
    PRESS_RELEASE = "press-release", _("Press release")
    MEDIA_ADVISORY = "media-advisory", _("Media advisory")
    PRESS_STATEMENT = "press-statement", _("Press statement")


class NewsIndexPage(ViewRestrictionsFromCache, DatedIndexPage):
    """The news listing, newest first."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = NewsFilterForm(
            form_data(request, NewsFilterForm), news_model=NewsPage, locale=self.locale
        )
        news = self.listed_pages()
        if form.is_valid():
            news = form.filter(news)
        context["filter_form"] = form
        context["items"] = paginate(request, news, params=form_params(form))
        return context


class NewsPage(ViewRestrictionsFromCache, ContactsMixin, DatedPage):
    """A dated news item: a news item, press release, media advisory or press statement.

    ``date`` is the day it was issued; ``dateline`` the place it was issued from, as a
    press release opens ("WARSAW, 15 October 2003 – …"); ``issued_by`` the organisations
    in whose name it speaks (the institution unless the editor says otherwise).
    """

    base_form_class = TaxonomyPageForm

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    news_type = models.CharField(
        _("type"),
        max_length=20,
        choices=NewsType.choices,
        default=NewsType.NEWS_ITEM,
        db_index=True,
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=100,
        blank=True,
        help_text=_("The place it is issued from, such as WARSAW (optional)."),
    )
    issued_by = ParentalManyToManyField(
        Organization,
        verbose_name=_("issued by"),
        related_name="news",
        help_text=_("The organizations in whose name it is issued."),
    )
    fields_of_work = ParentalManyToManyField(
        FieldOfWork, verbose_name=_("fields of work"), related_name="news"
    )

    content_panels = (
        Page.content_panels
        + [
            FieldRowPanel(
                [FieldPanel("news_type"), FieldPanel("date", heading=_("Issued on"))],
                heading=_("Type and date"),
            ),
            FieldPanel("dateline"),
            MultiFieldPanel(
                [
                    FieldPanel("issued_by", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("fields_of_work", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Organisation"),
            ),
        ]
        + SummaryMixin.panels
        + FeaturedImageMixin.panels
        + ThematicAreasMixin.panels
        + [FieldPanel("body")]
        + ContactsMixin.panels
    )

    search_fields = DatedPage.search_fields + [index.FilterField("news_type")]

    api_fields = DatedPage.api_fields[:1] + [
        APIField("news_type", serializer=ChoiceField(NewsType, key="slug")),
        APIField("dateline"),
        APIField("issued_by", serializer=TaxonomyField(many=True)),
        APIField("fields_of_work", serializer=TaxonomyField(many=True)),
        *DatedPage.api_fields[1:],
        APIField("contacts"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def localized_issued_by(self):
        return localized(self.issued_by.all(), self.locale_id)

    def localized_fields_of_work(self):
        return localized_tags(self, "fields_of_work")

    def feed_paths(self):
        """The feeds of this item's language, purged from the CDN with it (caching/frontend.py)."""
        with translation.override(self.locale.language_code):
            return [reverse("news-feed-rss"), reverse("news-feed-atom")]
