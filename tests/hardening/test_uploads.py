"""Uploads through the admin: limited in size and type, content checked, names made safe.

The files are posted as raw multipart bodies, as a browser sends them: Django's test
client would strip the directories from a file name before the server saw it.
"""

import hashlib
import io
import os
import re
import struct
import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import ExifTags, PngImagePlugin
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, UploadedFile

from tests.helpers import png
from uploads.files import content_matches_extension, safe_file_name

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def multipart(fields, filename, content, field="file"):
    """A multipart/form-data body with ``fields`` and one file, named exactly ``filename``."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def upload(client, view, filename, content, title="Upload"):
    body, boundary = multipart({"title": title}, filename, content)
    return client.post(
        reverse(view), body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def upload_image(client, filename, content):
    return upload(client, "wagtailimages:add", filename, content)


def upload_document(client, filename, content):
    return upload(client, "wagtaildocs:add", filename, content)


def file_errors(response):
    assert response.status_code == 200, response.status_code  # the form again, not a redirect
    return response.context["form"].errors.get("file", [])


def stored_files(media_root):
    return {
        os.path.relpath(os.path.join(folder, name), media_root)
        for folder, _, names in os.walk(media_root)
        for name in names
    }


@pytest.fixture
def nothing_is_created(media_root):
    """Asserts afterwards that no image, document or file was added."""
    before = (Image.objects.count(), Document.objects.count(), stored_files(media_root))
    yield
    assert (Image.objects.count(), Document.objects.count(), stored_files(media_root)) == before


# Refused: too big, wrong type, content that is not what the extension says.


def test_oversized_image_is_refused(admin_client, nothing_is_created, settings):
    content = png() + b"\0" * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    errors = file_errors(upload_image(admin_client, "huge.png", content))
    assert len(errors) == 1 and errors[0].startswith("This file is too big")


def test_image_with_too_many_pixels_is_refused(admin_client, nothing_is_created):
    content = png(size=(8000, 8000), mode="1")  # small file, 64 million pixels
    assert len(content) < 1024 * 1024
    errors = file_errors(upload_image(admin_client, "bomb.png", content))
    assert len(errors) == 1 and "pixels" in errors[0]


@pytest.mark.parametrize(
    "filename, content",
    [("setup.exe", b"MZ\x90\x00"), ("page.html", HTML), ("logo.svg", SVG), ("photo", png())],
)
def test_image_of_a_forbidden_type_is_refused(admin_client, nothing_is_created, filename, content):
    errors = file_errors(upload_image(admin_client, filename, content))
    assert len(errors) == 1
    assert errors[0].startswith(("Not a supported image format", "Upload a valid image"))


@pytest.mark.parametrize("content", [b"just some text", HTML, SVG, PDF])
def test_image_whose_content_is_not_an_image_is_refused(admin_client, nothing_is_created, content):
    errors = file_errors(upload_image(admin_client, "photo.png", content))
    assert len(errors) == 1
    assert errors[0].startswith(("Upload a valid image", "Not a valid .png image"))


def test_image_whose_content_is_another_format_is_refused(admin_client, nothing_is_created):
    errors = file_errors(upload_image(admin_client, "photo.jpg", png()))
    assert errors == ["Not a valid .jpeg image. The extension does not match the file format (png)"]


def test_oversized_document_is_refused(admin_client, nothing_is_created, settings):
    content = PDF + b"\0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    errors = file_errors(upload_document(admin_client, "big.pdf", content))
    assert len(errors) == 1 and errors[0].startswith("This file is too big")


@pytest.mark.parametrize(
    "filename, content",
    [("setup.exe", b"MZ\x90\x00"), ("page.html", HTML), ("logo.svg", SVG), ("script.js", b"1")],
)
def test_document_of_a_forbidden_type_is_refused(
    admin_client, nothing_is_created, filename, content
):
    errors = file_errors(upload_document(admin_client, filename, content))
    assert len(errors) == 1 and errors[0].startswith("File extension")


@pytest.mark.parametrize(
    "filename, content",
    [
        ("report.pdf", HTML),
        ("report.pdf", b"just some text"),
        ("report.docx", PDF),
        ("data.csv", HTML),
        ("notes.txt", SVG),
        ("notes.txt", png()),
        ("archive.zip", b"not a zip"),
    ],
)
def test_document_whose_content_does_not_match_is_refused(
    admin_client, nothing_is_created, filename, content
):
    extension = filename.rsplit(".", 1)[1]
    errors = file_errors(upload_document(admin_client, filename, content))
    assert errors == [f"The content of this file is not a .{extension} file."]


def test_the_content_refusal_is_translated(db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation
    from wagtail.documents.forms import get_document_form

    from uploads.forms import DocumentForm

    form_class = get_document_form(Document)
    assert issubclass(form_class, DocumentForm)
    with translation.override("ru"):
        form = form_class(
            {"title": "Report"},
            {"file": SimpleUploadedFile("report.pdf", HTML)},
        )
        assert form.errors["file"] == ["Содержимое этого файла не соответствует формату .pdf."]


# Accepted, under a safe name inside the media folder.

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def assert_safely_stored(field_file, folder, stem, extension, media_root, prefix=""):
    directory, name = os.path.split(field_file.name)
    assert re.fullmatch(folder, directory), directory
    assert SAFE_NAME.match(name), name
    assert re.fullmatch(rf"{prefix}{re.escape(stem)}(_[A-Za-z0-9]{{7}})?\.{extension}", name), name
    path = os.path.realpath(field_file.path)
    assert path.startswith(os.path.realpath(media_root) + os.sep)
    assert os.path.isfile(path)


@pytest.mark.parametrize(
    "filename, stem",
    [
        ("../../etc/passwd .PDF", "passwd"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini"),
        ("<script>x.pdf", "script-x"),
        ('"><img src=x onerror=alert(1)>.pdf', "img-src-x-onerror-alert-1"),
        ("Доклад о свободе собраний 2025 (итог).pdf", "Doklad-o-svobode-sobraniy-2025-itog"),
        ("ÄÖÜ résumé ß.pdf", "AOU-resume-ss"),
        ("x" * 300 + ".pdf", "x" * 60),
        (".hidden.pdf", "hidden"),
        ("%2e%2e%2fsecret.pdf", "2e-2e-2fsecret"),
    ],
)
def test_document_names_are_made_safe(admin_client, media_root, filename, stem):
    response = upload_document(admin_client, filename, PDF)
    assert response.status_code == 302, response.context["form"].errors
    document = Document.objects.get()
    # In a folder of its own, with a random name (see tests/hardening/test_media_serving.py).
    assert_safely_stored(document.file, r"documents/[A-Za-z0-9_-]{16}", stem, "pdf", media_root)
    assert document.file.read() == PDF


@pytest.mark.parametrize(
    "filename, stem",
    [
        ("../../../tmp/evil.PNG", "evil"),
        ("Фото «участников» <b>.png", "Foto-uchastnikov-b"),
        ("照片" * 100 + ".png", "ZhaoPian" * 7 + "Zhao"),
    ],
)
def test_image_names_are_made_safe(admin_client, media_root, filename, stem):
    response = upload_image(admin_client, filename, png())
    assert response.status_code == 302, response.context["form"].errors
    image = Image.objects.get()
    # A random part first, which the renditions' names keep (see the next test).
    assert_safely_stored(image.file, "original_images", stem, "png", media_root, RANDOM_PART)
    rendition = image.get_rendition("fill-20x10")
    assert SAFE_NAME.match(os.path.basename(rendition.file.name))


RANDOM_PART = "[0-9a-f]{16}-"


def test_renditions_cannot_be_found_from_the_title(admin_client, media_root):
    """Before: images/Defenders-meeting.max-165x165.png, a public file made by the admin's
    thumbnail even for a photo in a private collection, found by anyone knowing its title."""
    for _ in range(2):
        assert upload_image(admin_client, "Defenders meeting.png", png()).status_code == 302
    first, second = Image.objects.order_by("pk")
    assert first.file.name != second.file.name
    for image in (first, second):
        for spec in ("max-165x165", "fill-400x250", "width-1200"):
            name = os.path.basename(image.get_rendition(spec).file.name)
            assert re.match(rf"{RANDOM_PART}Defenders-meeting\.", name), name


@pytest.mark.parametrize(
    "filename, content",
    [
        ("report.pdf", PDF),
        ("minutes.docx", b"PK\x03\x04rest-of-the-zip"),
        ("table.csv", "город,число\nВаршава,1\n".encode()),
        ("notes.txt", b"Plain notes\n"),
        ("letter.rtf", b"{\\rtf1\\ansi hello}"),
    ],
)
def test_documents_of_allowed_types_are_accepted(admin_client, filename, content):
    response = upload_document(admin_client, filename, content)
    assert response.status_code == 302, response.context["form"].errors
    assert Document.objects.get().file.name.startswith("documents/")


def test_a_valid_image_is_accepted(admin_client):
    response = upload_image(admin_client, "photo.png", get_test_image_file().file.getvalue())
    assert response.status_code == 302
    assert re.fullmatch(rf"original_images/{RANDOM_PART}photo\.png", Image.objects.get().file.name)


def test_the_multiple_upload_view_checks_content_too(admin_client, nothing_is_created):
    body, boundary = multipart({}, "report.pdf", HTML, field="files[]")
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["success"] is False
    assert "The content of this file is not a .pdf file." in response.json()["error_message"]


@pytest.mark.parametrize(
    "name, safe",
    [
        ("", "file"),
        ("..", "file"),
        ("...pdf", "pdf"),  # a hidden file's name, unhidden
        ("a/b/../c.tar.GZ", "c.tar.gz"),
        ("report.p d f", "report.pdf"),
        ("x.fill-400x250.format-webp.webp", "x.fill-400x250.format-webp.webp"),
    ],
)
def test_safe_file_name(name, safe):
    assert safe_file_name(name) == safe


def test_text_cut_in_the_middle_of_a_character_is_still_text():
    head = "д".encode() * 1024  # 2048 bytes; a 2047-byte sample ends inside a character
    assert content_matches_extension("txt", head[:2047])
    assert not content_matches_extension("txt", b"\xff\xfe\x00")


def test_upload_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"html", "htm", "svg", "js", "exe"} & set(settings.WAGTAILDOCS_EXTENSIONS)


# Photos lose what identifies people and places: GPS, camera, names, comments.

SECRETS = [b"Jane Witness", b"Canon", b"EOS R6", b"Lyon safe house", b"jane@example.org"]
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Witness</dc:creator>'
    "<dc:rights>jane@example.org</dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def camera_exif(orientation=6):
    """What a phone or camera writes: position, device, author, and the way it was held."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS R6"
    exif[ExifTags.Base.Artist] = "Jane Witness"
    exif[ExifTags.Base.ImageDescription] = "Lyon safe house"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (45.0, 45.0, 52.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 50.0, 31.0),
    }
    return exif


def iptc_segment():
    """A JPEG APP13 segment (Photoshop resources) with an IPTC by-line, as agencies send."""
    byline = b"Jane Witness"
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(byline)) + byline
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def photo(image_format="JPEG"):
    """A 64×48 photo taken sideways (EXIF orientation 6), carrying everything above."""
    picture = PILImage.radial_gradient("L").convert("RGB").resize((64, 48))
    buffer = io.BytesIO()
    if image_format == "JPEG":
        picture.save(
            buffer, "JPEG", exif=camera_exif(), xmp=XMP.encode(), comment=b"Lyon safe house"
        )
        data = buffer.getvalue()
        return data[:2] + iptc_segment() + data[2:]
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "Jane Witness")
        text.add_itxt("XML:com.adobe.xmp", XMP)
        picture.save(buffer, "PNG", pnginfo=text, exif=camera_exif())
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", lossless=True, exif=camera_exif(), xmp=XMP.encode())
    elif image_format == "AVIF":
        picture.save(buffer, "AVIF", exif=camera_exif(), xmp=XMP.encode())
    elif image_format == "GIF":
        picture.convert("P").save(buffer, "GIF", comment=b"Jane Witness, Lyon safe house")
    return buffer.getvalue()


def pixels(data):
    with PILImage.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGB").tobytes()


def assert_no_metadata(data, orientation):
    """No secret anywhere in the file; of EXIF, only the orientation (when there is one)."""
    for secret in SECRETS:
        assert secret not in data, secret
    with PILImage.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert dict(exif) == ({ExifTags.Base.Orientation: orientation} if orientation else {})
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert not exif.get_ifd(ExifTags.IFD.Exif)
        assert not {"xmp", "XML:com.adobe.xmp", "comment", "photoshop", "Author"} & set(image.info)


def assert_stored_clean(image, uploaded, orientation=6):
    """The stored original: no metadata, the same pixels, and Wagtail's record of it true."""
    with image.file.open("rb") as file:
        stored = file.read()
    assert_no_metadata(stored, orientation)
    assert pixels(stored) == pixels(uploaded)
    assert (image.width, image.height) == (64, 48)
    assert image.file_size == len(stored)
    assert image.file_hash == hashlib.sha1(stored).hexdigest()  # noqa: S324 - Wagtail's hash

    rendition = image.get_rendition("max-200x200")
    with rendition.file.open("rb") as file:
        rendered = file.read()
    assert_no_metadata(rendered, orientation=None)
    # Orientation 6 (held sideways): the rendition is turned upright.
    assert (rendition.width, rendition.height) == ((48, 64) if orientation == 6 else (64, 48))


def upload_to_chooser(client, filename, content):
    body, boundary = multipart(
        {"image-chooser-upload-title": "Meeting"}, filename, content, "image-chooser-upload-file"
    )
    return client.post(
        reverse("wagtailimages_chooser:create"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def upload_to_multiple(client, filename, content, title=None):
    fields = {} if title is None else {"title": title}
    body, boundary = multipart(fields, filename, content, field="files[]")
    return client.post(
        reverse("wagtailimages:add_multiple"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"x-requested-with": "XMLHttpRequest"},
    )


@pytest.mark.parametrize(
    "upload_view",
    [upload_image, upload_to_chooser, upload_to_multiple],
    ids=["add", "chooser", "multiple"],
)
def test_a_photo_loses_its_location_and_author_on_upload(admin_client, upload_view):
    """Before: the original under /media/original_images/ kept the GPS position, camera,
    author, XMP, IPTC and comment of the photo."""
    uploaded = photo()
    assert all(secret in uploaded for secret in SECRETS)  # the test's photo carries them

    response = upload_view(admin_client, "witness.jpg", uploaded)

    assert response.status_code in (200, 302), response.content[:500]
    assert_stored_clean(Image.objects.get(), uploaded)


def test_a_photo_completed_later_in_the_multiple_uploader_is_clean_too(admin_client):
    """When another field is refused (here a title too long), the file waits as an upload
    and becomes an image through a view that saves it directly to the storage."""
    uploaded = photo()
    response = upload_to_multiple(admin_client, "witness.jpg", uploaded, title="x" * 300)
    assert response.json()["success"] is True and Image.objects.count() == 0
    waiting = UploadedFile.objects.get()

    prefix = f"uploaded-image-{waiting.pk}"
    response = admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[waiting.pk]),
        {
            f"{prefix}-title": "Meeting",
            f"{prefix}-collection": Collection.get_first_root_node().pk,
            f"{prefix}-description": "",
            f"{prefix}-tags": "",
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.json()["success"] is True, response.json()
    assert_stored_clean(Image.objects.get(), uploaded)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP", "GIF", "AVIF"])
def test_other_formats_lose_their_metadata_too(admin_client, image_format):
    uploaded = photo(image_format)
    extension = image_format.lower()

    response = upload_image(admin_client, f"witness.{extension}", uploaded)

    assert response.status_code == 302, response.context["form"].errors
    image = Image.objects.get()
    with image.file.open("rb") as file:
        stored = file.read()
    orientation = None if image_format == "GIF" else 6
    assert_no_metadata(stored, orientation)
    if image_format != "AVIF":  # re-encoded, the one lossy format
        assert pixels(stored) == pixels(uploaded)
    assert image.file_size == len(stored)


def test_a_photo_saved_by_a_script_is_clean(db):
    """Not only the admin: anything stored under original_images/ goes through the storage."""
    uploaded = photo()
    image = Image.objects.create(title="Imported", file=ContentFile(uploaded, name="import.jpg"))
    with image.file.open("rb") as file:
        assert_no_metadata(file.read(), orientation=6)


def test_a_photo_without_metadata_is_stored_byte_for_byte(admin_client):
    buffer = io.BytesIO()
    PILImage.radial_gradient("L").save(buffer, "JPEG")
    response = upload_image(admin_client, "plain.jpg", buffer.getvalue())
    assert response.status_code == 302
    with Image.objects.get().file.open("rb") as file:
        assert file.read() == buffer.getvalue()


def test_a_photo_whose_structure_is_broken_is_refused(admin_client, nothing_is_created):
    """Its metadata could not be told from its pixels: refused, not stored as it came."""
    data = photo()
    broken = data[:-2] + b"\xff\xc4\xff\xff" + data[-2:]  # a table claiming 64 KB more

    errors = file_errors(upload_image(admin_client, "witness.jpg", broken))

    assert errors == ["This image file is damaged."]


def test_the_damaged_image_refusal_is_translated(db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation
    from wagtail.images.forms import get_image_form

    from uploads.forms import ImageForm

    form_class = get_image_form(Image)
    assert issubclass(form_class, ImageForm)
    broken = photo()[:-2] + b"\xff\xc4\xff\xff\xff\xd9"
    with translation.override("ru"):
        form = form_class({"title": "Photo"}, {"file": SimpleUploadedFile("photo.jpg", broken)})
        assert form.errors["file"] == ["Файл изображения повреждён."]


def test_images_uploaded_before_are_cleaned_by_a_command(db, media_root):
    """Older originals kept their metadata, and Wagtail copies a JPEG's EXIF into its
    renditions, which are served: ``manage.py strip_image_metadata`` cleans both."""
    from django.core.management import call_command

    uploaded = photo()
    legacy = os.path.join(media_root, "original_images", "legacy.jpg")
    os.makedirs(os.path.dirname(legacy), exist_ok=True)
    with open(legacy, "wb") as file:  # as stored before: straight to disk
        file.write(uploaded)
    image = Image.objects.create(title="Legacy", file="original_images/legacy.jpg")
    with image.get_rendition("max-200x200").file.open("rb") as file:
        assert b"Canon" in file.read()  # the leak the command closes

    output = io.StringIO()
    call_command("strip_image_metadata", stdout=output)

    assert output.getvalue() == "1 image(s) cleaned.\n"
    image.refresh_from_db()
    assert not os.path.exists(legacy)
    assert image.renditions.count() == 0
    assert_stored_clean(image, uploaded)
    call_command("strip_image_metadata", stdout=output)
    assert output.getvalue().endswith("0 image(s) cleaned.\n")
