"""Resources: publications and reports, each page carrying its files."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from home.models import DatedIndexPage, DatedPage
from home.serializers import DocumentField


class ResourceIndexPage(DatedIndexPage):
    """The resources listing, newest first."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resources index")


class ResourcePage(DatedPage):
    """A publication or other resource with its downloadable files."""

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    content_panels = DatedPage.content_panels + [
        InlinePanel("documents", label=_("Files"), heading=_("Publication files")),
    ]

    search_fields = DatedPage.search_fields + [
        index.RelatedFields("documents", [index.SearchField("link_text")]),
    ]

    api_fields = DatedPage.api_fields + [APIField("documents")]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")


class ResourceDocument(Orderable):
    """A file of a resource (the publication itself, a translation, an annex)."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("link text"),
        max_length=255,
        blank=True,
        help_text=_("Leave blank to use the document's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    api_fields = [APIField("document", serializer=DocumentField()), APIField("title")]

    def __str__(self):
        return self.title or self.document.title

    @property
    def link_text(self):
        return self.title or self.document.title
