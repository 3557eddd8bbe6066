"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE); see home.uploads."""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from home.uploads import content_matches_extension


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose content is not what its extension says."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            extension = os.path.splitext(file.name)[1].lower().lstrip(".")
            file.seek(0)
            head = file.read(2048)
            file.seek(0)
            if not content_matches_extension(extension, head):
                raise ValidationError(
                    _("The content of this file is not a .%(extension)s file."),
                    code="content_does_not_match_extension",
                    params={"extension": extension},
                )
        return file

    def _post_clean(self):
        # Wagtail's Document.clean() checks the extension of the instance's file, which
        # is empty when the upload was already refused, adding "File extension “” is not
        # allowed" to the real reason. Only the first reasons are kept.
        reasons = len(self._errors.get("file", []))
        super()._post_clean()
        if reasons:
            del self._errors["file"][reasons:]
