"""Events: the event taxonomies (snippets), the events index and the event page."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from events.blocks import EventBodyBlock
from home.i18n import localized
from home.mixins import FeaturedImageMixin, SummaryMixin, ThematicAreasMixin, paginate
from home.models import IndexPage
from home.querysets import SitePageQuerySet
from home.serializers import CountryCodeField, ImageField, PageLinksField, TaxonomyField


class Taxonomy(TranslatableMixin, index.Indexed, models.Model):
    """A translatable term with a name and a slug shared by all its translations.

    The slug is synchronised, not translated, so ``?event_type=training`` means the
    same thing in every language.
    """

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        blank=True,
        help_text=_("Used in filters and URLs. Leave blank to derive it from the name."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="%(app_label)s_%(class)s_unique_slug_locale"
            ),
        ]

    def __str__(self):
        return self.name

    def api_representation(self):
        return {"id": self.pk, "name": self.name, "slug": self.slug}

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)
        if not self.slug:
            raise ValidationError(
                {"slug": _("Enter a slug made of Latin letters, digits or hyphens.")}
            )
        clash = type(self).objects.filter(slug=self.slug, locale_id=self.locale_id)
        if self.translation_key:
            clash = clash.exclude(translation_key=self.translation_key)
        if clash.exists():
            raise ValidationError(
                {"slug": _("Another entry in this language already uses this slug.")}
            )


class EventType(Taxonomy):
    """The kind of event: Training, Conference, Meeting, Workshop, …"""

    class Meta(Taxonomy.Meta):
        verbose_name = _("event type")
        verbose_name_plural = _("event types")


class FieldOfWork(Taxonomy):
    """A broad field of the institution's work, e.g. "Tolerance and non-discrimination"."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")


class Organization(Taxonomy):
    """An organisation that is the source of an event, e.g. ODIHR."""

    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    url = models.URLField(_("website"), blank=True)

    panels = Taxonomy.panels + [FieldPanel("acronym"), FieldPanel("url")]
    translatable_fields = Taxonomy.translatable_fields + [
        TranslatableField("acronym"),
        SynchronizedField("url"),
    ]
    search_fields = Taxonomy.search_fields + [index.SearchField("acronym")]
    api_fields = Taxonomy.api_fields + [APIField("acronym"), APIField("url")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def api_representation(self):
        return {**super().api_representation(), "acronym": self.acronym, "url": self.url}


class EventPageQuerySet(SitePageQuerySet):
    """Visitor-facing selections of events; every method returns visible pages only."""

    def upcoming(self, today=None):
        """Events that have not ended yet, soonest first."""
        today = today or timezone.localdate()
        return (
            self.visible()
            .filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))
            .order_by("start_date", "path")
        )

    def past(self, today=None):
        """Events that have ended, most recent first."""
        today = today or timezone.localdate()
        return (
            self.visible()
            .filter(Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today))
            .order_by("-start_date", "path")
        )

    def upcoming_then_past(self, today=None):
        """Upcoming events (soonest first), then past ones (most recent first), in one query."""
        today = today or timezone.localdate()
        ended = Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today)
        return (
            self.visible()
            .annotate(
                is_past=Case(When(ended, then=Value(True)), default=Value(False)),
                upcoming_date=Case(When(ended, then=None), default=F("start_date")),
                past_date=Case(When(ended, then=F("start_date")), default=None),
            )
            .order_by(
                "is_past",
                F("upcoming_date").asc(nulls_last=True),
                F("past_date").desc(nulls_last=True),
                "path",
            )
        )

    def in_locale_of(self, page):
        return self.filter(locale_id=page.locale_id)

    def with_listing_data(self):
        """Everything a listing shows, fetched in a fixed number of queries."""
        return self.select_related("event_type", "source", "image").prefetch_related(
            "fields_of_work", "thematic_areas"
        )


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(IndexPage):
    """The events listing: upcoming events first, then past ones, with filters."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, **kwargs):
        from events.forms import EventFilterForm

        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).upcoming_then_past().with_listing_data()
        form = EventFilterForm(request.GET or None, locale=self.locale)
        if form.is_valid():
            events = form.filter(events)
        context["filter_form"] = form
        context["events"] = paginate(request, events)
        return context


class EventPage(SummaryMixin, FeaturedImageMixin, ThematicAreasMixin, Page):
    """One event, laid out like the reference page: facts first, then its sections."""

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    event_type = models.ForeignKey(
        EventType,
        verbose_name=_("event type"),
        null=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave blank for a one-day event."),
    )
    location = models.CharField(
        _("location"), max_length=255, blank=True, help_text=_('For example "Sibiu, Romania".')
    )
    country = CountryField(_("country"), blank=True, db_index=True)
    online = models.BooleanField(_("online"), default=False, help_text=_("Held online."))
    organizers = RichTextField(_("organized by"), features=["bold", "italic", "link"], blank=True)
    source = models.ForeignKey(
        Organization,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    fields_of_work = ParentalManyToManyField(
        FieldOfWork, verbose_name=_("fields of work"), blank=True, related_name="events"
    )
    body = StreamField(EventBodyBlock(), blank=True, verbose_name=_("body"))

    objects = EventPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("event_type"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("online")]),
            ],
            heading=_("Date and place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organizers"),
                FieldPanel("source"),
                FieldPanel("fields_of_work", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Organisation"),
        ),
        *ThematicAreasMixin.panels,
        *SummaryMixin.panels,
        *FeaturedImageMixin.panels,
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("location"),
        index.SearchField("organizers"),
        index.SearchField("body"),
        index.RelatedFields("event_type", [index.SearchField("name")]),
        index.RelatedFields("source", [index.SearchField("name"), index.SearchField("acronym")]),
        # Methods, not RelatedFields: a translated event may still point at the
        # source-language terms and areas, and its visitors search in its language.
        index.SearchField("localized_fields_of_work"),
        index.SearchField("localized_thematic_areas"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.FilterField("country"),
        index.FilterField("event_type"),
        index.FilterField("locale"),
    ]

    api_fields = [
        APIField("event_type", serializer=TaxonomyField()),
        APIField("start_date"),
        APIField("end_date"),
        APIField("location"),
        APIField("country", serializer=CountryCodeField()),
        APIField("online"),
        APIField("organizers"),
        APIField("source", serializer=TaxonomyField()),
        APIField("fields_of_work", serializer=TaxonomyField(many=True)),
        APIField("thematic_areas", serializer=PageLinksField()),
        APIField("summary"),
        APIField("image", serializer=ImageField()),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def is_multi_day(self):
        return bool(self.end_date and self.end_date != self.start_date)

    @property
    def duration(self) -> datetime.timedelta:
        return (self.end_date or self.start_date) - self.start_date + datetime.timedelta(days=1)

    def localized_fields_of_work(self):
        return localized(self.fields_of_work.all(), self.locale_id)

    def feed_paths(self):
        """The feeds that carry this event, purged from the CDN with it (home/frontend_cache.py)."""
        return [reverse("event-ical", args=[self.pk]), reverse("events-ical")]
