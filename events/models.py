"""Events: event types (snippets), the events index and the event page."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from caching.restrictions import ViewRestrictionsFromCache
from caching.version import cached, enabled
from core.dates import format_date_range
from core.i18n import localized_tags
from core.mixins import (
    ContactsMixin,
    FeaturedImageMixin,
    SummaryMixin,
    ThematicAreasMixin,
    form_data,
    form_params,
    paginate,
)
from core.models import IndexPage
from core.querysets import SitePageQuerySet, child_rows, holds_rows, one_or_none, visible
from core.serializers import (
    ChoiceField,
    CountryCodeField,
    DateOrDateTimeField,
    FlagField,
    ImageField,
    PageLinksField,
    TaxonomyField,
)
from events.blocks import EventBodyBlock
from events.forms import EventFilterForm, EventPageForm
from events.organizers import OrganizerRole, organized_by
from events.serializers import (
    MainEventField,
    OrganizedByField,
    OrganizersField,
    RelatedPagesField,
    SideEventsField,
)
from events.taking_part import (
    Attendance,
    LanguageCodesField,
    LanguagesField,
    PlaceField,
    RegistrationField,
    RegistrationOpen,
    closes_at,
    language_names,
)
from events.timing import Timing, default_time_zone, exists, time_zone_choices
from taxonomies.models import FieldOfWork, Organization, Taxonomy


class EventType(Taxonomy):
    """The kind of event: Training, Conference, Meeting, Workshop, …"""

    class Meta(Taxonomy.Meta):
        verbose_name = _("event type")
        verbose_name_plural = _("event types")


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


class EventIndexPage(ViewRestrictionsFromCache, IndexPage):
    """The events listing: upcoming events first, then past ones, with filters."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).upcoming_then_past().with_listing_data()
        form = EventFilterForm(
            form_data(request, EventFilterForm), event_model=EventPage, locale=self.locale
        )
        if form.is_valid():
            events = form.filter(events)
        context["filter_form"] = form
        context["events"] = paginate(request, events, params=form_params(form))
        return context


class EventPage(
    ViewRestrictionsFromCache,
    ContactsMixin,
    SummaryMixin,
    FeaturedImageMixin,
    ThematicAreasMixin,
    Page,
):
    """One event, laid out like the reference page: facts first, then its sections.

    Required to publish (a draft may lack them, as Wagtail lets drafts do): event type,
    start, source, a field of work, and a country unless the event is online only
    (``EventPageForm``). Always: the end not before the start, the registration
    deadline not after the end (``clean``).
    """

    base_form_class = EventPageForm
    # Link previews (templates/includes/social_meta.html) show it as an article.
    open_graph_type = "article"

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
    start_time = models.TimeField(
        _("start time"),
        null=True,
        blank=True,
        help_text=_("Leave blank for an all-day event."),
    )
    end_time = models.TimeField(
        _("end time"),
        null=True,
        blank=True,
        help_text=_("Without an end date, the event ends at this time on its start date."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=default_time_zone,
        help_text=_("The times are local times in this zone, e.g. Europe/Warsaw."),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a known time zone: choose one from the list, "
                "e.g. Europe/Warsaw."
            )
        },
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.IN_PERSON,
        db_index=True,
    )
    venue = models.CharField(
        _("venue"),
        max_length=255,
        blank=True,
        help_text=_("The building or room, e.g. Hofburg Congress Centre."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(
        _("country"),
        blank=True,
        db_index=True,
        help_text=_("Required unless the event is online only."),
    )
    location_label = models.CharField(
        _("location label"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown instead of venue, city and country, e.g. “Online meeting (CET/GMT+1 time zone)”."
        ),
    )
    main_event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="side_events",
        help_text=_(
            "The main event or series this event belongs to, e.g. a side event of a "
            "Human Dimension Conference."
        ),
    )
    source = models.ForeignKey(
        Organization,
        verbose_name=_("source"),
        null=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    fields_of_work = ParentalManyToManyField(
        FieldOfWork, verbose_name=_("fields of work"), related_name="events"
    )
    registration_url = models.URLField(_("registration link"), max_length=500, blank=True)
    registration_deadline_date = models.DateField(_("registration deadline"), null=True, blank=True)
    registration_deadline_time = models.TimeField(
        _("deadline time"),
        null=True,
        blank=True,
        help_text=_("In the event's time zone; leave blank for the end of the day."),
    )
    registration_open = models.CharField(
        _("registration open"),
        max_length=10,
        choices=RegistrationOpen.choices,
        default=RegistrationOpen.AUTOMATIC,
    )
    working_languages = LanguageCodesField(_("working languages"), blank=True)
    interpretation = LanguageCodesField(
        _("interpretation"), blank=True, help_text=_("The languages interpreted into.")
    )
    livestream_url = models.URLField(_("livestream link"), max_length=500, blank=True)
    recording_url = models.URLField(_("recording link"), max_length=500, blank=True)
    body = StreamField(EventBodyBlock(), blank=True, verbose_name=_("body"))

    objects = EventPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("event_type"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("Date"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("location_label"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("organizers", label=_("Organizers"), min_num=0),
                FieldPanel("source"),
                # Required to publish; a draft may have none yet, as with the other
                # required fields.
                FieldPanel(
                    "fields_of_work", widget=forms.CheckboxSelectMultiple, required_on_save=False
                ),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_url"),
                FieldRowPanel(
                    [
                        FieldPanel("registration_deadline_date"),
                        FieldPanel("registration_deadline_time"),
                    ]
                ),
                FieldPanel("registration_open"),
                FieldPanel("working_languages"),
                FieldPanel("interpretation"),
                FieldPanel("livestream_url"),
                FieldPanel("recording_url"),
            ],
            heading=_("Taking part"),
        ),
        *ThematicAreasMixin.panels,
        PageChooserPanel("main_event", page_type="events.EventPage"),
        *SummaryMixin.panels,
        *FeaturedImageMixin.panels,
        FieldPanel("body"),
        *ContactsMixin.panels,
        InlinePanel("related_pages", label=_("Related news and resources")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("city"),
        index.SearchField("location_label"),
        index.RelatedFields(
            "organizers",
            [
                index.RelatedFields(
                    "organization", [index.SearchField("name"), index.SearchField("acronym")]
                )
            ],
        ),
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
        APIField(
            "start",
            serializer=DateOrDateTimeField(
                source="when.start", help_text="Start, in the event's time zone."
            ),
        ),
        APIField(
            "end",
            serializer=DateOrDateTimeField(
                source="when.end",
                allow_null=True,
                help_text="End, in the event's time zone (a date: the end of that day).",
            ),
        ),
        APIField("time_zone", serializer=CharField(read_only=True)),
        APIField(
            "all_day",
            serializer=FlagField(source="when.all_day", help_text="True when no time is given."),
        ),
        APIField("attendance", serializer=ChoiceField(Attendance, key="slug")),
        APIField(
            "online",
            serializer=FlagField(help_text="True for an event held online only (`attendance`)."),
        ),
        APIField("venue"),
        APIField("city"),
        APIField("country", serializer=CountryCodeField()),
        APIField("location_label"),
        APIField("place", serializer=PlaceField()),
        APIField("registration", serializer=RegistrationField()),
        APIField("working_languages", serializer=LanguagesField()),
        APIField("interpretation", serializer=LanguagesField()),
        APIField("livestream_url"),
        APIField("recording_url"),
        APIField("organizers", serializer=OrganizersField()),
        APIField("organized_by", serializer=OrganizedByField()),
        APIField("main_event", serializer=MainEventField()),
        APIField("side_events", serializer=SideEventsField()),
        APIField("related_pages", serializer=RelatedPagesField()),
        APIField("source", serializer=TaxonomyField()),
        APIField("fields_of_work", serializer=TaxonomyField(many=True)),
        APIField("thematic_areas", serializer=PageLinksField()),
        APIField("summary"),
        APIField("image", serializer=ImageField()),
        APIField("body"),
        APIField("contacts"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.end_time is not None and self.start_time is None:
            errors["end_time"] = _(
                "An end time needs a start time: give the start time, or leave the end time blank."
            )
        elif (
            self.start_time is not None
            and self.end_time is not None
            and self.end_date in (None, self.start_date)
            and self.end_time < self.start_time
        ):
            errors["end_time"] = _("The end time cannot be before the start time on the same day.")
        for name, day in (("start_time", self.start_date), ("end_time", self.end_date)):
            clock = getattr(self, name)
            if name not in errors and not exists(day or self.start_date, clock, self.time_zone):
                errors[name] = _(
                    "%(time)s does not exist on that day in %(zone)s: the clocks go forward "
                    "then. Give a time after the change."
                ) % {"time": clock.strftime("%H:%M"), "zone": self.time_zone}
        if self.registration_deadline_time is not None and self.registration_deadline_date is None:
            errors["registration_deadline_time"] = _(
                "A deadline time needs a deadline date: give the date, or leave the time blank."
            )
        elif self.start_date and self.registration_deadline_date and not errors:
            deadline = self.registration_deadline
            last_day = self.end_date or self.start_date
            if (
                deadline > self.ends_at
                if isinstance(deadline, datetime.datetime)
                else deadline > last_day
            ):
                errors["registration_deadline_date"] = _(
                    "The registration deadline cannot be after the end of the event."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def when(self) -> Timing:
        """The start and end as dates (all-day) or aware datetimes in the event's time zone."""
        return Timing.of(
            self.start_date, self.start_time, self.end_date, self.end_time, self.time_zone
        )

    @property
    def dates_text(self):
        """The dates as the page and its cards show them, as plain text in the active
        language, for what cannot hold HTML (the iCalendar file): "27–29 May 2025",
        "10 March 2031, 15:00–17:30 (Europe/Warsaw, CET)"."""
        when = self.when
        text = format_date_range(when.start, when.end)
        if when.all_day:
            return text
        zone = gettext("(%(zone)s, %(abbreviation)s)") % {
            "zone": when.time_zone,
            "abbreviation": when.zone_abbreviations,
        }
        return f"{text} {zone}"

    @property
    def ends_at(self) -> datetime.datetime:
        """The moment the event is over: its timed end, else midnight after its last day."""
        when = self.when
        if when.end_is_timed:
            return when.end
        return closes_at(when.end_date or when.start_date, when.time_zone)

    @property
    def online(self):
        """True for an event held online only; the API kept this flag when attendance came."""
        return self.attendance == Attendance.ONLINE

    @property
    def address(self):
        """Venue, city and country, those given, in the active language (for iCalendar)."""
        parts = [self.venue, self.city, self.country.name if self.country else ""]
        return ", ".join(part for part in parts if part)

    @property
    def place(self):
        """Where, as the page shows it, in the active language (a page renders in its own):
        the location label, else the address, marked online for a hybrid event; "Online"
        for an online one."""
        if self.location_label:
            return self.location_label
        address = self.address
        if self.attendance == Attendance.IN_PERSON:
            return address
        if self.attendance == Attendance.HYBRID and address:
            return gettext("%(address)s and online") % {"address": address}
        return gettext("Online")

    @property
    def registration_deadline(self):
        """The deadline: a date (the end of that day) or an aware datetime, in the event's
        time zone; None when there is none."""
        if self.registration_deadline_date is None:
            return None
        return Timing.of(
            self.registration_deadline_date,
            self.registration_deadline_time,
            time_zone=self.time_zone,
        ).start

    def registration_is_open(self, now=None):
        """Open as the editor set it; automatic: until the deadline, else until the event ends."""
        if not self.registration_url or self.registration_open == RegistrationOpen.CLOSED:
            return False
        if self.registration_open == RegistrationOpen.OPEN:
            return True
        now = now or timezone.now()
        deadline = self.registration_deadline
        if deadline is not None:
            return now < closes_at(deadline, self.when.time_zone)
        return now < self.ends_at

    def working_language_names(self):
        return language_names(self.working_languages)

    def interpretation_language_names(self):
        return language_names(self.interpretation)

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def is_multi_day(self):
        return bool(self.end_date and self.end_date != self.start_date)

    @property
    def duration(self) -> datetime.timedelta:
        return (self.end_date or self.start_date) - self.start_date + datetime.timedelta(days=1)

    def localized_fields_of_work(self):
        return localized_tags(self, "fields_of_work")

    def feed_paths(self):
        """The feeds that carry this event, purged from the CDN with it (caching/frontend.py)."""
        return [reverse("event-ical", args=[self.pk]), reverse("events-ical")]

    @property
    def organized_by(self):
        """The "Organized by …" line in the page's language (events/organizers.py)."""
        return organized_by(self)

    @property
    def organizers_after_label(self):
        """The line as it follows the page's "Organized by:" label."""
        return organized_by(self, opening=False)

    def main_event_in_language(self):
        """The main event in this page's language (or its own where it has no translation),
        when visitors can see it. The link is synchronised, not translated: a translation
        points at the main event of the source page."""
        main_event = self.main_event
        if main_event is None:
            return None
        if main_event.locale_id != self.locale_id:
            main_event = main_event.get_translation_or_none(self.locale_id) or main_event
        return one_or_none(visible(EventPage.objects.filter(pk=main_event.pk)))

    def visible_side_events(self):
        """The events in this language that name this event, in any language, as their main
        event, soonest first.

        Few events have side events, so the site's main events are known (per content
        version) and any other event answers without a query, nor an empty queryset's
        compiled SQL (a whole event row's columns, only to learn that it selects nothing)."""
        if enabled() and self.translation_key not in cached(
            "main-events", compute=main_event_translation_keys
        ):
            return []
        return list(
            EventPage.objects.filter(
                main_event__translation_key=self.translation_key, locale_id=self.locale_id
            )
            .visible()
            .order_by("start_date", "path")
        )

    def related_page_targets(self):
        """``[(id, translation key)]`` of the pages chosen as related, in the page's order.

        Only the two values are read: the pages themselves are read once it is known which
        of them, or of their translations, visitors can see. Rows held in memory (a
        preview) or prefetched (the API's detail) are taken as they are."""
        if holds_rows(self, "related_pages") or self.pk is None:
            return [
                (row.related.pk, row.related.translation_key)
                for row in child_rows(self, "related_pages", "related")
            ]
        return list(self.related_pages.values_list("related_id", "related__translation_key"))

    def visible_related_pages(self):
        """The related news and resources in the page's order, each in this page's language
        where it has a translation, visible ones only (specific pages)."""
        targets = self.related_page_targets()
        if not targets:
            return []
        keys = [key for _pk, key in targets]
        shown = visible(
            Page.objects.filter(
                Q(translation_key__in=keys, locale_id=self.locale_id)
                | Q(pk__in=[pk for pk, _key in targets])
            )
        ).specific()
        by_key = {}
        for candidate in shown:
            # The translation in this language wins over the page chosen in another one.
            if candidate.locale_id == self.locale_id or candidate.translation_key not in by_key:
                by_key[candidate.translation_key] = candidate
        return [by_key[key] for key in dict.fromkeys(keys) if key in by_key]


class EventOrganizer(Orderable):
    """An organisation in an event's "Organized by" line, with its role, in the page's order."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="organizers")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="organized_events",
    )
    role = models.CharField(
        _("role"), max_length=32, choices=OrganizerRole.choices, default=OrganizerRole.ORGANIZER
    )

    panels = [FieldRowPanel([FieldPanel("organization"), FieldPanel("role")])]
    api_fields = ["organization"]  # joined when a listing prefetches the rows

    class Meta(Orderable.Meta):
        verbose_name = _("organizer")
        verbose_name_plural = _("organizers")


def main_event_translation_keys():
    """The translation keys of the events that some event names as its main event."""
    return set(
        EventPage.objects.filter(side_events__isnull=False)
        .values_list("translation_key", flat=True)
        .distinct()
    )


class EventRelatedPage(Orderable):
    """A news item or resource related to an event, in the page's order.

    The link is copied with the page into each language and shown in the reader's language
    where the linked page has a translation.
    """

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="related_pages")
    related = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("related", page_type=["news.NewsPage", "resources.ResourcePage"])]
    api_fields = ["related"]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
