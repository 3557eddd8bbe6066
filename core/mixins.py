"""Abstract page mixins that carry their own fields and panels.

List them before ``Page`` in a page's bases and add their ``panels`` to the page's
``content_panels``; the page still lists its own ``search_fields`` and ``api_fields``.
"""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from core.blocks import ContactsBlock
from core.i18n import localized_tags
from core.querysets import visible_among

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


class ContactsMixin(models.Model):
    """The people to contact about a page (press contacts, the event's organisers)."""

    contacts = StreamField(ContactsBlock(), blank=True, verbose_name=_("contacts"))

    panels = [FieldPanel("contacts")]

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

    @classmethod
    def thematic_area_model(cls):
        """The thematic area page model. Content apps reach it through this relation
        rather than an import: the thematic areas app sits above them (it lists them)."""
        return cls._meta.get_field("thematic_areas").related_model

    def localized_thematic_areas(self):
        """The tagged areas in this page's language that visitors can see: a draft, private
        or expired area is left out, its title and link with it, as the API leaves it out."""
        return visible_among(localized_tags(self, "thematic_areas"))


def paginate(request, queryset, per_page=LISTING_PAGE_SIZE, params=None):
    """The requested page of a listing; out-of-range or malformed numbers fall back gracefully.

    ``params`` are the listing's own query parameters (``form_params``), which its
    pagination links carry (``page.query_params``): never the request's query string,
    so a parameter the page does not read is neither echoed nor cached with it.
    """
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.query_params = params if params is not None else QueryDict()
    return page


def form_data(request, form_class):
    """``request.GET`` for a filter form when it holds one of the form's fields, else None
    (an unbound form). Asks for the form's own parameters only: the response cache keys
    a page on the parameters it reads (caching.version), and ``request.GET or None`` would
    read them all."""
    if any(name in request.GET for name in form_class.base_fields):
        return request.GET
    return None


def form_params(form):
    """A filter form's valid, non-empty values as query parameters, for the listing's links."""
    params = QueryDict(mutable=True)
    for name, value in getattr(form, "cleaned_data", {}).items():
        if value not in (None, ""):
            params[name] = str(form.fields[name].prepare_value(value))
    return params
