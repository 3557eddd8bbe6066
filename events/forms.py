"""The admin's event form and the visitor-facing filter form of the events listing.

They import no model: the event page model builds its admin form and its listing with
these, so they cannot import it back; the models they need are reached through the
event page model's relations.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from caching.version import cached
from core.filters import thematic_area_field
from core.querysets import visible
from events.taking_part import Attendance
from taxonomies.forms import TaxonomyPageForm


class EventPageForm(TaxonomyPageForm):
    """The event page's admin form: what an event needs before it is published.

    Event type, start, source and a field of work are required fields (Wagtail leaves
    them optional while an editor saves a draft, and so does this form with the country,
    which an event needs unless it is online only). A new event's source starts as the
    institution (``TaxonomyPageForm``).
    """

    class Meta(TaxonomyPageForm.Meta):
        error_messages = {
            **TaxonomyPageForm.Meta.error_messages,
            "source": {"required": _("Choose the organization the event comes from.")},
        }

    def clean(self):
        cleaned_data = super().clean()
        if (
            not self.is_deferred_validation
            and cleaned_data.get("attendance") != Attendance.ONLINE
            and not cleaned_data.get("country")
            and "country" not in self.errors
        ):
            self.add_error(
                "country",
                _("Choose the country where the event takes place: only online events have none."),
            )
        return cleaned_data


class EventFilterForm(forms.Form):
    """Filters by event type, thematic area and year; choices come from the page's language."""

    type = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        label=_("Type"),
        empty_label=_("All types"),
    )
    area = thematic_area_field()
    year = forms.TypedChoiceField(coerce=int, required=False, label=_("Year"), empty_value=None)

    def __init__(self, *args, event_model, locale, **kwargs):
        """``event_model``: the listing's event page type; choices are ``locale``'s."""
        super().__init__(*args, **kwargs)
        event_type_model = event_model._meta.get_field("event_type").related_model
        self.fields["type"].queryset = event_type_model.objects.filter(
            pk__in=used_event_types(event_model, locale)
        )
        self.fields["area"].queryset = visible(
            event_model.thematic_area_model().objects.filter(locale=locale)
        ).order_by("path")
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in event_years(event_model, locale)
        ]

    def filter(self, events):
        data = self.cleaned_data
        if data.get("type"):
            events = events.filter(event_type__translation_key=data["type"].translation_key)
        if data.get("area"):
            events = events.filter(thematic_areas__translation_key=data["area"].translation_key)
        if data.get("year"):
            events = events.filter(start_date__year=data["year"])
        return events.distinct()


def used_event_types(event_model, locale):
    """The ids of ``locale``'s event types that visible events use.

    Only those are offered: a term an editor adds while writing an event shows nowhere
    public until a moderator publishes an event that uses it. Cached like the years.
    """

    def compute():
        used = visible(event_model.objects.filter(locale=locale)).values(
            "event_type__translation_key"
        )
        event_types = event_model._meta.get_field("event_type").related_model.objects
        return list(
            event_types.filter(locale=locale, translation_key__in=used).values_list("pk", flat=True)
        )

    return cached("event-types", locale.pk, compute=compute)


def event_years(event_model, locale):
    """The years with visible events in ``locale``, newest first.

    Finding them reads every event of the language (12 ms at 10 000 events), so the
    list is kept in the site's cache until content changes (caching.version).
    """

    def compute():
        days = visible(event_model.objects.filter(locale=locale)).dates(
            "start_date", "year", order="DESC"
        )
        return [day.year for day in days]

    return cached("event-years", locale.pk, compute=compute)
