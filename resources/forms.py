"""The visitor-facing filter form of the resources listing (as news.forms does for news).

It imports no model: the listing hands it the resource page model, and the thematic
areas are reached through that model's relation.
"""

from django import forms

from core.filters import thematic_area_field
from core.querysets import visible


class ResourceFilterForm(forms.Form):
    """Filters by thematic area; the choices are the page's language's areas."""

    area = thematic_area_field()

    def __init__(self, *args, resource_model, locale, **kwargs):
        """``resource_model``: the listing's resource page type; choices are ``locale``'s."""
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = visible(
            resource_model.thematic_area_model().objects.filter(locale=locale)
        ).order_by("path")

    def filter(self, resources):
        data = self.cleaned_data
        if data.get("area"):
            resources = resources.filter(
                thematic_areas__translation_key=data["area"].translation_key
            )
        return resources.distinct()
