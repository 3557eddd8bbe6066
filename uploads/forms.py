"""The admin's document and image forms (WAGTAILDOCS_DOCUMENT_FORM_BASE,
WAGTAILIMAGES_IMAGE_FORM_BASE); see uploads.files and editorial.roles."""

import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from editorial.roles import FileReplacementMixin
from uploads.files import DamagedImage, content_matches_extension, strip_image_metadata


class DocumentForm(FileReplacementMixin, BaseDocumentForm):
    """Wagtail's document form, refusing a file whose content is not what its extension says.

    The file of a document in use is replaced by Moderators only (editorial.roles).
    """

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


class ImageForm(FileReplacementMixin, BaseImageForm):
    """Wagtail's image form, storing photos without their metadata (GPS, camera, names).

    The file is cleaned here, before Wagtail records its size and hash, so that they
    are those of the stored file. The file of an image in use is replaced by Moderators
    only (editorial.roles).
    """

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            file.seek(0)
            data = file.read()
            try:
                cleaned = strip_image_metadata(data)
            except DamagedImage as error:
                raise ValidationError(
                    _("This image file is damaged."), code="damaged_image"
                ) from error
            if cleaned != data:
                file = SimpleUploadedFile(file.name, cleaned, getattr(file, "content_type", None))
            file.seek(0)
        return file
