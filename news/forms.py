"""The visitor-facing filter form of the news listing (as events.forms does for events).

It imports no model: the listing hands it the news page model, and the thematic areas,
fields of work and organisations are reached through that model's relations.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from caching.version import cached
from core.filters import thematic_area_field
from core.querysets import visible


class NewsFilterForm(forms.Form):
    """Filters by news type, field of work, issuing organisation, thematic area and year; the
    choices are the page's language's, the organisations those that issued news."""

    type = forms.ChoiceField(required=False, label=_("Type"))
    field_of_work = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        label=_("Field of work"),
        empty_label=_("All fields of work"),
    )
    issued_by = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        label=_("Issued by"),
        empty_label=_("All organizations"),
    )
    area = thematic_area_field()
    year = forms.TypedChoiceField(coerce=int, required=False, label=_("Year"), empty_value=None)

    def __init__(self, *args, news_model, locale, **kwargs):
        """``news_model``: the listing's news page type; choices are ``locale``'s."""
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + list(
            news_model._meta.get_field("news_type").choices
        )
        fields_of_work = news_model._meta.get_field("fields_of_work").related_model
        self.fields["field_of_work"].queryset = fields_of_work.objects.filter(locale=locale)
        organizations = news_model._meta.get_field("issued_by").related_model
        issuers = organizations.objects.filter(news__in=visible(news_model.objects.all()))
        self.fields["issued_by"].queryset = organizations.objects.filter(
            locale=locale, translation_key__in=issuers.values("translation_key")
        ).order_by("name")
        self.fields["area"].queryset = visible(
            news_model.thematic_area_model().objects.filter(locale=locale)
        ).order_by("path")
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in news_years(news_model, locale)
        ]

    def filter(self, news):
        data = self.cleaned_data
        if data.get("type"):
            news = news.filter(news_type=data["type"])
        if data.get("field_of_work"):
            news = news.filter(
                fields_of_work__translation_key=data["field_of_work"].translation_key
            )
        if data.get("issued_by"):
            news = news.filter(issued_by__translation_key=data["issued_by"].translation_key)
        if data.get("area"):
            news = news.filter(thematic_areas__translation_key=data["area"].translation_key)
        if data.get("year"):
            news = news.filter(date__year=data["year"])
        return news.distinct()


def news_years(news_model, locale):
    """The years with visible news in ``locale``, newest first, cached until content changes."""

    def compute():
        days = visible(news_model.objects.filter(locale=locale)).dates("date", "year", order="DESC")
        return [day.year for day in days]

    return cached("news-years", locale.pk, compute=compute)
