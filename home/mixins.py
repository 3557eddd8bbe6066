"""Abstract page mixins that carry their own fields and panels.

List them before ``Page`` in a page's bases and add their ``panels`` to the page's
``content_panels``; the page still lists its own ``search_fields`` and ``api_fields``.
"""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel

from home.i18n import localized

LISTING_PAGE_SIZE = 12


class SummaryMixin(models.Model):
    """A short plain-text summary for listings, cards and the meta description."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences for listings, search results and link previews."),
    )

    panels = [FieldPanel("summary")]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.summary


class FeaturedImageMixin(models.Model):
    """One lead image, shown at the top of the page and on its cards."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("image")]

    class Meta:
        abstract = True


class ThematicAreasMixin(models.Model):
    """Tags a page with the thematic areas ("Our work") it belongs to.

    The area page lists everything tagged with it.
    """

    thematic_areas = ParentalManyToManyField(
        "thematic_areas.ThematicAreaPage",
        verbose_name=_("thematic areas"),
        blank=True,
    )

    panels = [FieldPanel("thematic_areas", widget=forms.CheckboxSelectMultiple)]

    class Meta:
        abstract = True

    def localized_thematic_areas(self):
        """The tagged areas in this page's language; unpublished ones are left out."""
        return [area for area in localized(self.thematic_areas.all(), self.locale_id) if area.live]


def paginate(request, queryset, per_page=LISTING_PAGE_SIZE):
    """The requested page of a listing; out-of-range or malformed numbers fall back gracefully."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
