"""The search page's form: the query and its filters by content type, thematic area and year.

No page model is named here. The choices come from the pages visitors can see in the
page's language:

- type: every searchable page type with visible pages, except those that exist once
  per parent (home and listing pages, ``max_count``/``max_count_per_parent`` of 1),
  which are found by a search but are no "kind of content" to filter by;
- thematic area: the visible thematic areas; a page matches when it is tagged with
  the area (any page type with a many-to-many field to thematic areas) or is the area;
- year: the years of the pages' own date (see ``date_field``); only dated pages match.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateField, DateTimeField, ManyToManyField, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, get_page_models
from wagtail.search.index import class_is_indexed

from core.filters import thematic_area_field
from core.querysets import visible
from search.query import MAX_QUERY_LENGTH, clean_query
from thematic_areas.models import ThematicAreaPage


def date_field(model):
    """The name of a page model's own date ("start_date" of an event, "date" of news), or None.

    The first date field the model declares beyond Wagtail's own page fields.
    """
    for field in model._meta.concrete_fields:
        is_date = isinstance(field, DateField) and not isinstance(field, DateTimeField)
        if is_date and field.model is not Page:
            return field.name
    return None


def thematic_area_fields(model):
    """The many-to-many fields of ``model`` that tag it with thematic areas."""
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, ManyToManyField) and field.related_model is ThematicAreaPage
    ]


def is_filterable_type(model):
    """Whether a page type is a kind of content to filter by (not a one-off such as an index)."""
    return (
        class_is_indexed(model)
        and model is not Page
        and getattr(model, "max_count", None) != 1
        and getattr(model, "max_count_per_parent", None) != 1
    )


def type_label(model):
    """A page type's plural name, for the type filter ("Events", "News items").

    Django's default plural appends an "s" after translation ("страницаs"), so a
    model without a plural of its own is listed by its singular name.
    """
    meta = model._meta
    name = meta.verbose_name_plural if "verbose_name_plural" in meta.original_attrs else None
    return capfirst(name or meta.verbose_name)


class QueryField(forms.CharField):
    """The query as typed, cleaned by ``search.query.clean_query`` rather than rejected.

    Django's CharField refuses NUL characters and over-long values; a search box should
    instead search for what is left.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = []

    def to_python(self, value):
        return clean_query(value)


class SearchForm(forms.Form):
    """The query and the filters of the search page; choices come from the page's language."""

    q = QueryField(
        required=False,
        label=_("Search the site"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    type = forms.ChoiceField(required=False, label=_("Type"))
    area = thematic_area_field()
    year = forms.TypedChoiceField(coerce=int, required=False, label=_("Year"), empty_value=None)

    def __init__(self, *args, pages, locale, **kwargs):
        """``pages``: the pages this search may show (visible, in ``locale``, in this site)."""
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self.data.copy()
            if "q" in self.data:
                # Show the query as it is searched for (cleaned and capped), not as typed.
                self.data["q"] = clean_query(self.data["q"])
            if "type" in self.data:
                # "events.EventPage", as the pages API names types, works too.
                self.data["type"] = self.data["type"].lower()
        self.pages = pages
        present = {
            ContentType.objects.get_for_id(pk).model_class()
            for pk in pages.order_by().values_list("content_type", flat=True).distinct()
        }
        self.models = {
            model._meta.label_lower: model
            for model in present
            if model is not None and is_filterable_type(model)
        }
        self.fields["type"].choices = [("", _("All types"))] + sorted(
            ((label, type_label(model)) for label, model in self.models.items()),
            key=lambda choice: str(choice[1]),
        )
        self.fields["area"].queryset = visible(
            ThematicAreaPage.objects.filter(locale=locale)
        ).order_by("path")
        years = set()
        for model in get_page_models():
            name = date_field(model)
            if name and class_is_indexed(model):
                dated = model.objects.filter(pk__in=pages.values("pk"))
                years.update(day.year for day in dated.dates(name, "year"))
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in sorted(years, reverse=True)
        ]

    @property
    def query(self):
        """The cleaned query text ("" when there is none)."""
        return getattr(self, "cleaned_data", {}).get("q") or ""

    @property
    def has_filters(self):
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("type", "area", "year"))

    def filter(self, pages):
        """``pages`` narrowed by the valid filters; invalid ones are ignored."""
        data = getattr(self, "cleaned_data", {})
        if data.get("type"):
            pages = pages.type(self.models[data["type"]])
        if data.get("area"):
            area = data["area"]
            # Matched by translation key: a translated page may be tagged with the
            # area in the source language.
            tagged = Q(pk=area.pk)
            for model in get_page_models():
                for name in thematic_area_fields(model):
                    tagged |= Q(
                        pk__in=model.objects.filter(
                            **{f"{name}__translation_key": area.translation_key}
                        ).values("pk")
                    )
            pages = pages.filter(tagged)
        if data.get("year"):
            in_year = Q(pk__in=[])
            for model in get_page_models():
                name = date_field(model)
                if name:
                    in_year |= Q(
                        pk__in=model.objects.filter(**{f"{name}__year": data["year"]}).values("pk")
                    )
            pages = pages.filter(in_year)
        return pages
