"""Media in an S3-compatible bucket (AWS_STORAGE_BUCKET_NAME; uploads/s3.py), against a real
S3 server: moto's, started in server mode on a loopback port for this module and spoken
to over HTTP by the site, as any S3-compatible store would be.

The settings are the ones config/settings/base.py makes of the environment variables
(read in a new process), so these tests exercise the deployment's configuration, not a
copy of it. The bucket has the policy docs/deployment.md asks for: anyone may read
``images/*`` (renditions), nothing else.
"""

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from PIL import PngImagePlugin
from wagtail.documents.models import Document
from wagtail.images.models import Image, Rendition
from wagtail.models import Collection

from tests import factories
from tests.hardening.test_uploads import multipart
from tests.helpers import members_only_collection, png, publish
from tests.production.servers import OPENER, S3Server

BUCKET = S3Server.BUCKET
KEYS = S3Server.KEYS
PDF = b"%PDF-1.4\n% board minutes\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server, one per module, with an empty bucket."""
    with S3Server() as server:
        yield server


SETTINGS_SHOWN = [
    "STORAGES",
    "WAGTAILDOCS_SERVE_METHOD",
    "SENDFILE_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_S3_SIGNATURE_VERSION",
    "AWS_DEFAULT_ACL",
    "AWS_QUERYSTRING_AUTH",
    "AWS_QUERYSTRING_EXPIRE",
    "AWS_S3_FILE_OVERWRITE",
]
MISSING = "(unset)"


def settings_in_a_new_process(**environment):
    """``(returncode, {name: value}, stderr)``: what the settings make of these variables.

    The process's environment has no AWS_ or DOCUMENTS_SENDFILE variable but these."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print('SETTINGS', json.dumps({{n: getattr(s, n, {MISSING!r}) for n in {SETTINGS_SHOWN!r}}}))"
    )
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("AWS_") and name != "DOCUMENTS_SENDFILE"
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **environment)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("SETTINGS ")]
    values = json.loads(lines[0].removeprefix("SETTINGS ")) if lines else None
    return result.returncode, values, result.stderr


@pytest.fixture(scope="module")
def bucket_settings(s3_server):
    """The settings of a deployment with its media in the test server's bucket."""
    returncode, values, stderr = settings_in_a_new_process(**s3_server.environment)
    assert returncode == 0, stderr
    return values


@pytest.fixture
def bucket(settings, s3_server, bucket_settings, media_root):
    """This test's site stores its media in the bucket; ``local_files()`` lists what it
    left on the local disk instead."""
    for name, value in bucket_settings.items():
        if name == "STORAGES":
            settings.STORAGES = {**settings.STORAGES, "default": value["default"]}
        elif value != MISSING:
            setattr(settings, name, value)
    before = files_under(media_root)
    s3_server.local_files = lambda: files_under(media_root) - before
    return s3_server


def files_under(folder):
    return {path for path in Path(folder).rglob("*") if path.is_file()}


def keys(server, prefix=""):
    return server.keys(prefix)


def fetch(url):
    """``(status, headers, body)`` of an anonymous GET, as a browser would send it."""
    try:
        with OPENER.open(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def unsigned_url(server, key):
    """The object's plain URL, which anyone who learnt or guessed its key could try."""
    return f"{server.endpoint}/{BUCKET}/{key}"


def upload(client, view, filename, content, **fields):
    """A file posted to the admin as a browser sends it (see tests/hardening/test_uploads.py)."""
    body, boundary = multipart({"title": "Upload", **fields}, filename, content)
    return client.post(view, body, content_type=f"multipart/form-data; boundary={boundary}")


def png_with_metadata():
    """A photo as a phone leaves it: a text chunk naming the photographer, and EXIF."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Anna Witness")
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"
    return png(size=(64, 48), pnginfo=info, exif=exif)


# With the bucket unset, nothing changes


def test_without_a_bucket_the_media_stay_on_the_local_disk():
    returncode, values, stderr = settings_in_a_new_process()

    assert returncode == 0, stderr
    assert values["STORAGES"]["default"] == {"BACKEND": "uploads.files.SafeNameStorage"}
    assert values["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    assert values["AWS_STORAGE_BUCKET_NAME"] is None
    assert all(values[name] == MISSING for name in SETTINGS_SHOWN if name.startswith("AWS_S3_"))

    returncode, values, stderr = settings_in_a_new_process(DOCUMENTS_SENDFILE="nginx")
    assert returncode == 0, stderr
    assert values["SENDFILE_BACKEND"] == "django_sendfile.backends.nginx"


def test_with_a_bucket_files_are_private_and_urls_short_lived(bucket_settings, s3_server):
    assert bucket_settings["STORAGES"]["default"] == {"BACKEND": "uploads.s3.SafeNameS3Storage"}
    assert bucket_settings["AWS_S3_ENDPOINT_URL"] == s3_server.endpoint
    assert bucket_settings["AWS_DEFAULT_ACL"] is None
    assert bucket_settings["AWS_QUERYSTRING_AUTH"] is True
    assert 0 < bucket_settings["AWS_QUERYSTRING_EXPIRE"] <= 600
    assert bucket_settings["AWS_S3_FILE_OVERWRITE"] is False
    # After the privacy check, a redirect to the signed URL; never the proxy's sendfile.
    assert bucket_settings["WAGTAILDOCS_SERVE_METHOD"] == "redirect"
    assert bucket_settings["SENDFILE_BACKEND"] == MISSING


def test_sendfile_is_refused_with_a_bucket():
    returncode, _values, stderr = settings_in_a_new_process(
        AWS_STORAGE_BUCKET_NAME=BUCKET, DOCUMENTS_SENDFILE="nginx"
    )

    assert returncode != 0
    assert "unset DOCUMENTS_SENDFILE" in stderr


# Images


def test_an_uploaded_image_is_stored_in_the_bucket_under_its_safe_name(bucket, admin_client):
    response = upload(
        admin_client, reverse("wagtailimages:add"), "../../Фото участников.PNG", png_with_metadata()
    )

    assert response.status_code == 302, response.content
    image = Image.objects.get()
    assert re.fullmatch(r"original_images/[0-9a-f]{16}-Foto-uchastnikov\.png", image.file.name)
    assert image.file.name in keys(bucket, "original_images/")
    assert not bucket.local_files()
    stored = bucket.client.get_object(Bucket=BUCKET, Key=image.file.name)["Body"].read()
    assert b"Anna Witness" not in stored and b"PhoneMaker" not in stored
    assert image.file_size == len(stored)
    # The original is no public file: its plain URL is refused, the site signs the one it uses.
    assert fetch(unsigned_url(bucket, image.file.name))[0] == 403
    assert "X-Amz-Signature=" in image.file.url


def test_renditions_are_made_once_stored_in_the_bucket_and_public(bucket, site_tree):
    image = Image.objects.create(
        title="Training room", file=ContentFile(png_with_metadata(), name="training.png")
    )
    page = publish(factories.StandardPageFactory(parent=site_tree.about, image=image))

    response = Client().get(page.url)

    assert response.status_code == 200
    made = set(Rendition.objects.filter(image=image).values_list("pk", "file"))
    assert made and {file for _pk, file in made} <= keys(bucket, "images/")
    rendition = Rendition.objects.get(image=image, filter_spec="width-1200")
    assert rendition.url.startswith(f"{bucket.endpoint}/{BUCKET}/images/")
    assert "X-Amz-" not in rendition.url  # cached pages show it: it must not expire
    assert f'src="{rendition.url}"' in response.content.decode()
    assert bucket.endpoint in response["Content-Security-Policy"].split("img-src")[1]
    status, headers, body = fetch(rendition.url)
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert PILImage.open(io.BytesIO(body)).size == (64, 48)
    assert not bucket.local_files()

    # Another app server: nothing in its cache, and it could not even read the original.
    cache.clear()
    bucket.client.delete_object(Bucket=BUCKET, Key=image.file.name)
    renditions = keys(bucket, "images/")
    response = Client().get(page.url)

    assert response.status_code == 200
    assert f'src="{rendition.url}"' in response.content.decode()
    assert set(Rendition.objects.filter(image=image).values_list("pk", "file")) == made
    assert keys(bucket, "images/") == renditions


# Documents


@pytest.fixture
def board(db):
    """A collection only members of the Board group may read."""
    collection, group = members_only_collection()
    return collection, group


def refused(response):
    """Wagtail sends visitors who may not read the document to the login page."""
    return response.status_code == 302 and re.search(r"/login/\?next=/documents/", response.url)


def signed_for_minutes(url, server):
    """A URL of the test server's bucket, signed, valid a few minutes at most."""
    query = parse_qs(urlsplit(url).query)
    return (
        url.startswith(f"{server.endpoint}/{BUCKET}/documents/")
        and query.get("X-Amz-Signature")
        and 0 < int(query["X-Amz-Expires"][0]) <= 600
    )


def test_a_private_document_is_read_only_by_members(bucket, board, admin_client, django_user_model):
    collection, group = board
    response = upload(
        admin_client, reverse("wagtaildocs:add"), "Board minutes.pdf", PDF, collection=collection.pk
    )
    assert response.status_code == 302, response.content
    document = Document.objects.get()
    assert re.fullmatch(r"documents/[A-Za-z0-9_-]{16}/Board-minutes\.pdf", document.file.name)
    assert keys(bucket, "documents/") >= {document.file.name}
    assert not bucket.local_files()

    # Not through the site, not from the bucket by its (however guessed) key.
    response = Client().get(document.url)
    assert refused(response)
    assert "no-store" in response["Cache-Control"]
    assert fetch(unsigned_url(bucket, document.file.name))[0] == 403

    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(group)
    client = Client()
    client.force_login(member)
    response = client.get(document.url)

    assert response.status_code == 302
    assert signed_for_minutes(response.url, bucket), response.url
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    status, headers, body = fetch(response.url)
    assert (status, body) == (200, PDF)
    assert headers["Content-Disposition"] == 'inline; filename="Board-minutes.pdf"'


def test_a_public_document_is_served_through_a_signed_redirect(bucket, db):
    document = Document.objects.create(
        title="Annual report",
        collection=Collection.get_first_root_node(),
        file=ContentFile(PDF, name="Annual report 2025.pdf"),
    )

    response = Client().get(document.url)

    assert document.url == f"/documents/{document.pk}/Annual-report-2025.pdf"
    assert response.status_code == 302
    assert signed_for_minutes(response.url, bucket), response.url
    assert fetch(response.url)[::2] == (200, PDF)
    # The bucket itself serves it to no one without a signature.
    assert fetch(unsigned_url(bucket, document.file.name))[0] == 403


def test_a_document_whose_content_is_not_its_extension_reaches_no_bucket(bucket, admin_client):
    stored = keys(bucket)
    response = upload(admin_client, reverse("wagtaildocs:add"), "report.pdf", HTML)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()
    assert keys(bucket) == stored
