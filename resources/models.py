"""Resources: publications and reports, each page carrying its files in one or more languages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from caching.restrictions import ViewRestrictionsFromCache
from core.i18n import localized, localized_tags
from core.languages import REGION_LANGUAGES, language_choices
from core.mixins import (
    FeaturedImageMixin,
    SummaryMixin,
    ThematicAreasMixin,
    form_data,
    form_params,
    paginate,
)
from core.models import DatedIndexPage, DatedPage
from core.serializers import ChoiceField, DocumentField, TaxonomyField
from resources.forms import ResourceFilterForm
from taxonomies.forms import TaxonomyPageForm
from taxonomies.models import FieldOfWork, Organization, Taxonomy


def default_publisher():
    """The institution, in the default language: the publisher of a resource unless the
    editor names another (a co-publication). None until the institution exists."""
    institution = Organization.objects.institution(Locale.get_default())
    return institution.pk if institution is not None else None


class ResourceCollection(Taxonomy):
    """A collection or series of publications, e.g. "Hate Crime Data-Collection and Monitoring"."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("collection")
        verbose_name_plural = _("collections")


class ResourceType(models.TextChoices):
    """The kinds of publication, as the institution's publication listings label them."""

    GUIDE = "guide", _("Guide / manual / handbook")
    REPORT = "report", _("Study / report")
    FACTSHEET = "factsheet", _("Factsheet")
    BROCHURE = "brochure", _("Brochure")
    ANNUAL_REPORT = "annual-report", _("Annual report")
    STATEMENT = "statement", _("Statement")
    OTHER = "other", _("Other")


# The languages a publication's files come in: the region's, with Serbian in Latin script
# after Serbian.
_AFTER_SERBIAN = REGION_LANGUAGES.index("sr") + 1
FileLanguage = language_choices(
    "FileLanguage",
    (*REGION_LANGUAGES[:_AFTER_SERBIAN], "sr-latn", *REGION_LANGUAGES[_AFTER_SERBIAN:]),
    module=__name__,
)


def isbn_digits(value):
    """The ISBN without hyphens or spaces, upper case (the check digit X)."""
    return "".join(ch for ch in value if ch not in "- ").upper()


def validate_isbn(value):
    """An ISBN-10 or ISBN-13 with a correct check digit; hyphens and spaces are allowed."""
    digits = isbn_digits(value)
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if ch == "X" else int(ch)) for i, ch in enumerate(digits))
        valid = total % 11 == 0
    elif len(digits) == 13 and digits.isdigit():
        total = sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(digits))
        valid = total % 10 == 0
    else:
        raise ValidationError(
            _("Enter an ISBN of 10 or 13 digits, such as 978-92-9234-832-8."), code="isbn_format"
        )
    if not valid:
        raise ValidationError(
            _("The check digit of this ISBN is wrong: please copy it again from the publication."),
            code="isbn_checksum",
        )


class ResourceIndexPage(ViewRestrictionsFromCache, DatedIndexPage):
    """The resources listing, newest first, filtered by thematic area (``?area=<slug>``)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resources index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(
            form_data(request, ResourceFilterForm),
            resource_model=ResourcePage,
            locale=self.locale,
        )
        resources = self.listed_pages()
        if form.is_valid():
            resources = form.filter(resources)
        context["filter_form"] = form
        context["items"] = paginate(request, resources, params=form_params(form))
        return context


class ResourcePage(ViewRestrictionsFromCache, DatedPage):
    """A publication or other resource with its downloadable files, one or more per language.

    ``date`` is the publication date.
    """

    base_form_class = TaxonomyPageForm

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    resource_type = models.CharField(
        _("type"),
        max_length=20,
        choices=ResourceType.choices,
        default=ResourceType.REPORT,
        db_index=True,
    )
    publisher = models.ForeignKey(
        Organization,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="resources",
        default=default_publisher,
    )
    collections = ParentalManyToManyField(
        ResourceCollection,
        verbose_name=_("collections"),
        blank=True,
        related_name="resources",
        help_text=_("The collections or series the publication belongs to (optional)."),
    )
    fields_of_work = ParentalManyToManyField(
        FieldOfWork, verbose_name=_("fields of work"), related_name="resources"
    )
    isbn = models.CharField(
        _("ISBN"),
        max_length=20,
        blank=True,
        validators=[validate_isbn],
        help_text=_("ISBN-10 or ISBN-13 as printed in the publication (optional)."),
    )

    content_panels = (
        Page.content_panels
        + [
            FieldRowPanel(
                [FieldPanel("resource_type"), FieldPanel("date", heading=_("Publication date"))],
                heading=_("Type and date"),
            ),
            MultiFieldPanel(
                [
                    # A list, not the snippet chooser: it offers the open organisations
                    # of the page's language only (taxonomies.forms).
                    FieldRowPanel(
                        [FieldPanel("publisher", widget=forms.Select), FieldPanel("isbn")]
                    ),
                    FieldPanel("collections", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("fields_of_work", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Publication"),
            ),
        ]
        + SummaryMixin.panels
        + FeaturedImageMixin.panels
        + ThematicAreasMixin.panels
        + [FieldPanel("body")]
        + [InlinePanel("documents", label=_("Files"), heading=_("Publication files"))]
    )

    search_fields = DatedPage.search_fields + [
        index.FilterField("resource_type"),
        index.SearchField("isbn"),
        index.RelatedFields("documents", [index.SearchField("link_text")]),
    ]

    api_fields = DatedPage.api_fields[:1] + [
        APIField("resource_type", serializer=ChoiceField(ResourceType, key="slug")),
        APIField("publisher", serializer=TaxonomyField()),
        APIField("collections", serializer=TaxonomyField(many=True)),
        APIField("fields_of_work", serializer=TaxonomyField(many=True)),
        APIField("isbn"),
        *DatedPage.api_fields[1:],
        APIField("documents"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def localized_publisher(self):
        return localized([self.publisher], self.locale_id)[0]

    def localized_collections(self):
        return localized(self.collections.all(), self.locale_id)

    def localized_fields_of_work(self):
        return localized_tags(self, "fields_of_work")


class ResourceDocument(Orderable):
    """A file of a resource (the publication in one language, an annex), with its language."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=FileLanguage.choices,
        help_text=_("The language the file is written in."),
    )
    title = models.CharField(
        _("link text"),
        max_length=255,
        blank=True,
        help_text=_("Leave blank to use the document's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("language"), FieldPanel("title")]

    api_fields = [
        APIField("document", serializer=DocumentField()),
        APIField("language", serializer=ChoiceField(FileLanguage, key="code")),
        APIField("title"),
    ]

    def __str__(self):
        return self.title or self.document.title

    @property
    def link_text(self):
        return self.title or self.document.title
