"""Uploads through the admin: limited in size and type, content checked, names made safe.

The files are posted as raw multipart bodies, as a browser sends them: Django's test
client would strip the directories from a file name before the server saw it.
"""

import io
import os
import re
import uuid

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from home.uploads import content_matches_extension, safe_file_name

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def png_bytes(size=(32, 24), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


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
    content = png_bytes() + b"\0" * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    errors = file_errors(upload_image(admin_client, "huge.png", content))
    assert len(errors) == 1 and errors[0].startswith("This file is too big")


def test_image_with_too_many_pixels_is_refused(admin_client, nothing_is_created):
    content = png_bytes(size=(8000, 8000), mode="1")  # small file, 64 million pixels
    assert len(content) < 1024 * 1024
    errors = file_errors(upload_image(admin_client, "bomb.png", content))
    assert len(errors) == 1 and "pixels" in errors[0]


@pytest.mark.parametrize(
    "filename, content",
    [("setup.exe", b"MZ\x90\x00"), ("page.html", HTML), ("logo.svg", SVG), ("photo", png_bytes())],
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
    errors = file_errors(upload_image(admin_client, "photo.jpg", png_bytes()))
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
        ("notes.txt", png_bytes()),
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

    from home.forms import DocumentForm

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


def assert_safely_stored(field_file, folder, stem, extension, media_root):
    directory, name = os.path.split(field_file.name)
    assert directory == folder
    assert SAFE_NAME.match(name), name
    assert re.fullmatch(rf"{re.escape(stem)}(_[A-Za-z0-9]{{7}})?\.{extension}", name), name
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
    assert_safely_stored(document.file, "documents", stem, "pdf", media_root)
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
    response = upload_image(admin_client, filename, png_bytes())
    assert response.status_code == 302, response.context["form"].errors
    image = Image.objects.get()
    assert_safely_stored(image.file, "original_images", stem, "png", media_root)
    rendition = image.get_rendition("fill-20x10")
    assert SAFE_NAME.match(os.path.basename(rendition.file.name))


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
    assert Image.objects.get().file.name.startswith("original_images/photo")


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
