"""Who serves uploaded files: renditions as plain files, documents only after a privacy check.

Documents are downloaded through Wagtail's view, ``/documents/<id>/<file name>``, which
checks the privacy of their collection; neither the development server nor the proxy
of docs/deployment.md serves ``MEDIA_ROOT/documents/`` (or the original images) as files.
"""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import clear_url_caches
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from tests.helpers import members_only_collection

PDF = b"%PDF-1.4\n% board minutes\n%%EOF\n"
RANDOM_FOLDER = r"[A-Za-z0-9_-]{16}"


def document_in(collection=None, filename="Board minutes.pdf"):
    return Document.objects.create(
        title="Board minutes",
        collection=collection or Collection.get_first_root_node(),
        file=ContentFile(PDF, name=filename),
    )


# Stored names cannot be guessed


def test_a_document_is_stored_in_a_folder_with_a_random_name(db):
    """Before: documents/Board-minutes.pdf, found by anyone who knew the document's title."""
    first, second = document_in(), document_in()

    for document in (first, second):
        assert re.fullmatch(rf"documents/{RANDOM_FOLDER}/Board-minutes\.pdf", document.file.name)
    assert first.file.name != second.file.name


def test_downloads_keep_the_readable_name(db):
    document = document_in()

    response = Client().get(document.url)

    assert document.url == f"/documents/{document.pk}/Board-minutes.pdf"
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="Board-minutes.pdf"'
    assert b"".join(response.streaming_content) == PDF


# The development server serves renditions, not documents or originals


@pytest.fixture
def development_urls(settings):
    """The URLconf as `manage.py runserver` builds it (DEBUG on, config.settings.dev)."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_the_development_server_serves_no_document_and_no_original(db, development_urls):
    """Before: /media/ was served whole, private documents included."""
    document = document_in()
    image = Image.objects.create(title="Room", file=get_test_image_file(filename="room.png"))
    rendition = image.get_rendition("width-100")
    client = Client()

    assert client.get(rendition.url).status_code == 200
    for path in (document.file.name, image.file.name):
        assert os.path.isfile(os.path.join(django_settings.MEDIA_ROOT, path))
        response = client.get(f"{django_settings.MEDIA_URL}{path}")
        assert response.status_code == 404, path
    assert client.get(document.url).status_code == 200  # the way documents are downloaded


# Privacy is checked on every download


@pytest.fixture
def board(db):
    """A collection only members of the Board group may read, and a document in it."""
    collection, group = members_only_collection()
    return document_in(collection), group


def refused(response):
    """Wagtail sends visitors who may not read the document to the login page."""
    return response.status_code == 302 and re.search(r"/login/\?next=/documents/", response.url)


def test_a_private_document_is_refused_to_visitors_and_served_to_members(board, django_user_model):
    document, group = board
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(group)
    outsider = django_user_model.objects.create_user("outsider", password="x")

    client = Client()
    client.force_login(member)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF

    # Nobody else gets it from a cache either: not this site's, nor a CDN's or a proxy's.
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert refused(Client().get(document.url))
    client = Client()
    client.force_login(outsider)
    assert refused(client.get(document.url))


def test_a_document_behind_a_password_asks_for_it(db):
    collection = Collection.get_first_root_node().add_child(name="Press embargo")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="s3"
    )
    document = document_in(collection)

    client = Client()
    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert PDF not in response.content
    assert "no-store" in response["Cache-Control"]

    # The password given, the document is this visitor's alone: no shared cache keeps it.
    form = client.post(
        f"/documents/authenticate_with_password/{collection.get_view_restrictions().get().pk}/",
        {"password": "s3", "return_url": document.url},
    )
    assert form.status_code == 302
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_public_document_may_be_kept_by_caches(db):
    document = document_in()

    response = Client().get(document.url)

    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


# With DOCUMENTS_SENDFILE=nginx the proxy sends the bytes, after the same check


@pytest.fixture
def nginx_sendfile(settings, media_root):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = os.path.abspath(os.path.join(media_root, "documents"))
    settings.SENDFILE_URL = "/internal-media/documents"


def test_the_proxy_is_told_which_file_to_send(db, nginx_sendfile):
    document = document_in()

    response = Client().get(document.url)

    assert response.status_code == 200
    folder = document.file.name.split("/")[1]
    assert response["X-Accel-Redirect"] == f"/internal-media/documents/{folder}/Board-minutes.pdf"
    assert response.content == b""
    assert response["Content-Disposition"] == 'inline; filename="Board-minutes.pdf"'


def test_the_proxy_is_told_nothing_for_a_visitor_who_may_not_read(board, nginx_sendfile):
    document, _group = board

    response = Client().get(document.url)

    assert refused(response)
    assert not response.has_header("X-Accel-Redirect")


def settings_in_a_new_process(**environment):
    """What the settings (base, through dev) make of these environment variables."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print('SETTINGS', s.SENDFILE_BACKEND, s.SENDFILE_URL, s.WAGTAILDOCS_SERVE_METHOD)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_documents_sendfile_setting():
    result = settings_in_a_new_process(DOCUMENTS_SENDFILE="nginx")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("SETTINGS "))
    assert line.split()[1:] == [
        "django_sendfile.backends.nginx",
        "/internal-media/documents",
        "serve_view",
    ]

    result = settings_in_a_new_process(DOCUMENTS_SENDFILE="apache")
    assert result.returncode != 0
    assert "DOCUMENTS_SENDFILE must be nginx or xsendfile, not 'apache'." in result.stderr


# The documented proxy configuration


def documented_nginx_locations():
    """``{path: body}`` of every ``location`` in the nginx blocks of docs/deployment.md."""
    guide = (Path(django_settings.BASE_DIR) / "docs" / "deployment.md").read_text()
    blocks = re.findall(r"```nginx\n(.*?)```", guide, flags=re.DOTALL)
    assert blocks, "docs/deployment.md has no nginx block"
    locations = {}
    for block in blocks:
        for path, body in re.findall(r"location\s+(\S+)\s*\{(.*?)\n?\}", block, flags=re.DOTALL):
            locations[path] = body
    return locations


def test_the_documented_proxy_serves_renditions_and_documents_only_internally():
    """Before: ``location /media/ { alias …/media/; }`` served every document, private or not."""
    locations = documented_nginx_locations()
    media = {path: body for path, body in locations.items() if "alias" in body or "root" in body}

    assert "/media/" not in locations
    for path, body in media.items():
        served = re.search(r"(?:alias|root)\s+(\S+);", body).group(1)
        if served.rstrip("/").endswith("/documents"):
            # Reached only through the app's X-Accel-Redirect, after its privacy check.
            assert path == "/internal-media/documents/"
            assert re.search(r"^\s*internal;", body, flags=re.MULTILINE), body
        else:
            assert path == "/media/images/" and served.endswith("/media/images/"), (path, body)
    assert "/internal-media/documents/" in media and "/media/images/" in media
    for path in locations:
        assert "original_images" not in path and not path.startswith("/media/documents")
