"""The admin's page form, shared by every page type (each sets ``base_form_class``).

Choices in the page's language: a page links to terms (fields of work, event types,
organisations) and thematic areas in its own language, so the checkboxes and choosers
of an English page offer the English ones only (they offered the Russian ones too, with
the same names). A value the page already holds stays offered whatever its language,
so opening and saving a page never drops a link. A closed organisation (an ended field
operation) is not offered for new content either. Rows of inline panels (an event's
organisers) are narrowed the same way.

A taken slug named: Wagtail autosaves a new page as a draft as soon as its editor starts typing. An editor
who leaves that form and starts the page again is then told "The slug is already in
use" with nothing to say by what: the abandoned draft is easy to miss in a long
section. This form says which page holds the slug, in what state, and where to edit
it, so the editor can go on with the draft or choose another slug.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class SitePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id is not None:
            offer_in_locale(self, locale_id)
            for formset in self.formsets.values():
                # Rows added in the browser are copies of the formset's empty form.
                formset.form = offering_in_locale(formset.form, locale_id)
                if "forms" in vars(formset):  # rows already built
                    for row in formset.forms:
                        offer_in_locale(row, locale_id)

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.errors and self.parent_page is not None:
            slug = self.data.get(self.add_prefix("slug"), "")
            holder = (
                self.parent_page.get_children()
                .filter(slug=slug)
                .exclude(pk=self.instance.pk)
                .specific()
                .first()
            )
            if holder is not None:
                self.errors["slug"] = self.error_class([slug_taken_message(slug, holder)])
        return cleaned_data


def offer_in_locale(form, locale_id):
    """Narrow each choice of terms or pages to the page's language and to what may still be
    chosen (not a closed organisation), keeping what the form holds."""
    for name, field in form.fields.items():
        if is_translatable_choice(field):
            field.queryset = in_locale(field.queryset, locale_id, form.initial.get(name))


def offering_in_locale(form_class, locale_id):
    """``form_class`` whose instances offer choices as ``offer_in_locale`` does."""

    class InLocaleForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            offer_in_locale(self, locale_id)

    InLocaleForm.__name__ = form_class.__name__
    return InLocaleForm


def is_translatable_choice(field):
    """A choice among model instances that exist once per language (snippets, pages)."""
    if not isinstance(field, forms.ModelChoiceField):
        return False
    try:
        field.queryset.model._meta.get_field("locale")
    except FieldDoesNotExist:
        return False
    return True


def in_locale(queryset, locale_id, current):
    """``queryset`` narrowed to one language, plus the instances the page holds now."""
    if current is None:
        current = []
    elif isinstance(current, (str, int, models.Model)):
        current = [current]
    held = [getattr(value, "pk", value) for value in current]
    offered = Q(locale_id=locale_id)
    if any(field.name == "closed" for field in queryset.model._meta.fields):
        offered &= Q(closed=False)
    return queryset.filter(offered | Q(pk__in=held))


def slug_taken_message(slug, holder):
    return _(
        "The slug '%(slug)s' is already in use by “%(title)s” (%(status)s) in this "
        "section: continue editing it at %(edit_url)s, or choose another slug."
    ) % {
        "slug": slug,
        "title": holder.get_admin_display_title(),
        "status": holder.status_string,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[holder.pk]),
    }
