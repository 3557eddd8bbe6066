"""The admin form of pages tagged with the shared vocabularies (news and resources).

On top of the site's page form (choices in the page's language, closed organisations not
offered for new content: core.forms): a new page starts with the institution as its
organisation, and a missing field of work or organisation is refused with a message
that says what to choose, next to its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SitePageForm
from taxonomies.models import Organization


class TaxonomyPageForm(SitePageForm):
    class Meta(SitePageForm.Meta):
        error_messages = {
            "fields_of_work": {"required": _("Choose at least one field of work.")},
            "issued_by": {"required": _("Choose at least one organization that issues it.")},
            "publisher": {"required": _("Choose the organization that publishes it.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        institution = None
        if self.instance._state.adding and locale_id is not None:
            institution = Organization.objects.institution(locale_id)
        if institution is None:
            return
        for name, field in self.organization_fields():
            many = isinstance(field, forms.ModelMultipleChoiceField)
            self.initial[name] = [institution.pk] if many else institution.pk

    def organization_fields(self):
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Organization:
                yield name, field
