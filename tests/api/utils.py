"""Helpers of the API and feed tests: uploaded files; publishing and translating pages come
from tests.helpers."""

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.helpers import publish, translate  # noqa: F401 - shared by the API tests


def make_image(title="Training room", description="Participants at a training", size=(64, 48)):
    return Image.objects.create(
        title=title,
        description=description,
        file=get_test_image_file(filename=f"{slugify(title)}.png", size=size),
    )


def make_document(title="Annual report", filename="annual-report.pdf"):
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4\n", name=filename))
