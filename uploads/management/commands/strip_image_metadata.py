"""``manage.py strip_image_metadata``: clean the images uploaded before uploads were cleaned.

New uploads lose their EXIF, XMP and IPTC as they are stored (uploads.files). Older
originals kept them, and so did their JPEG and PNG renditions, which Wagtail makes
with the original's EXIF. Each such original is stored again without them, under a
new name (the old file is removed once the image points to the new one), and its
renditions are deleted, to be made again from the clean file on the next request.
"""

import io

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from uploads.files import DamagedImage, strip_image_metadata


class Command(BaseCommand):
    help = "Remove EXIF, XMP and IPTC from the originals of existing images; renditions are remade."

    def handle(self, *args, **options):
        cleaned = 0
        for image in get_image_model().objects.order_by("pk").iterator():
            with image.open_file() as file:
                data = file.read()
            try:
                stripped = strip_image_metadata(data)
            except DamagedImage:
                self.stderr.write(f"image {image.pk} ({image.file.name}) is damaged: left as it is")
                continue
            if stripped == data:
                continue
            storage, old_name = image.file.storage, image.file.name
            image.file.name = storage.save(old_name, ContentFile(stripped))
            image.file_size = len(stripped)
            image.file_hash = hash_filelike(io.BytesIO(stripped))
            image.save(update_fields=["file", "file_size", "file_hash"])
            storage.delete(old_name)
            image.renditions.all().delete()
            cleaned += 1
        self.stdout.write(f"{cleaned} image(s) cleaned.")
