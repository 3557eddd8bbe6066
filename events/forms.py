"""The visitor-facing filter form of the events listing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import EventType
from home.querysets import visible


class EventFilterForm(forms.Form):
    """Filters by event type, thematic area and year; choices come from the page's language."""

    type = forms.ModelChoiceField(
        queryset=EventType.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Type"),
        empty_label=_("All types"),
    )
    area = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )
    year = forms.TypedChoiceField(coerce=int, required=False, label=_("Year"), empty_value=None)

    def __init__(self, *args, locale, **kwargs):
        from thematic_areas.models import ThematicAreaPage

        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = EventType.objects.filter(locale=locale)
        self.fields["area"].queryset = visible(
            ThematicAreaPage.objects.filter(locale=locale)
        ).order_by("path")
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in event_years(locale)
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


def event_years(locale):
    """The years with visible events in ``locale``, newest first.

    Finding them reads every event of the language (12 ms at 10 000 events), so the
    list is kept in the site's cache until content changes (home.caching).
    """
    from events.models import EventPage
    from home.caching import cached

    def compute():
        days = visible(EventPage.objects.filter(locale=locale)).dates(
            "start_date", "year", order="DESC"
        )
        return [day.year for day in days]

    return cached("event-years", locale.pk, compute=compute)
