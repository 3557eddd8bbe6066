"""Fields the visitor-facing filter forms of the listings and the search share."""

from django import forms
from django.utils.translation import gettext_lazy as _


def thematic_area_field():
    """``?area=<slug>``: one thematic area, or all; each form sets the queryset to the
    areas of the page's language."""
    return forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )
