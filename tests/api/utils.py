"""Helpers of the API and feed tests: uploaded files, publishing and translating pages."""

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale


def make_image(title="Training room", description="Participants at a training", size=(64, 48)):
    return Image.objects.create(
        title=title,
        description=description,
        file=get_test_image_file(filename=f"{slugify(title)}.png", size=size),
    )


def make_document(title="Annual report", filename="annual-report.pdf"):
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4\n", name=filename))


def publish(page):
    """Publish the page's current state the way the admin does (a revision, then publish)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, language_code="ru", **changes):
    """A published translation of ``page``; missing parents become aliases, as in the admin."""
    translation = page.copy_for_translation(
        Locale.objects.get(language_code=language_code), copy_parents=True
    )
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save()
    return publish(translation)
