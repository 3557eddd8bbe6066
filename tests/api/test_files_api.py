"""/api/v2/images/ and /api/v2/documents/: only files visitors may reach, for every client."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from tests import factories
from tests.api.utils import make_document, make_image, publish, translate

RESTRICTIONS = [
    CollectionViewRestriction.LOGIN,
    CollectionViewRestriction.PASSWORD,
    CollectionViewRestriction.GROUPS,
]


def get_response(path, **params):
    return Client(raise_request_exception=False).get(f"/api/v2/{path}", params)


def listed_ids(path, **params):
    response = get_response(path, **params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def image_in(collection, title="Portrait"):
    return Image.objects.create(
        title=title, collection=collection, file=get_test_image_file(filename="portrait.png")
    )


def document_in(collection, title="Board minutes"):
    return Document.objects.create(
        title=title, collection=collection, file=ContentFile(b"%PDF-1.4\n", name="minutes.pdf")
    )


@pytest.fixture
def collections(db):
    """The root collection, a private one and a collection inside the private one."""
    root = Collection.get_first_root_node()
    private = root.add_child(name="Board")
    inner = private.add_child(name="Board, 2025")
    return root, private, inner


@pytest.mark.parametrize("restriction_type", RESTRICTIONS)
def test_a_private_collection_hides_its_files_and_breaks_nothing(
    collections, uses, restriction_type
):
    """A 500 for everyone before: Wagtail's filter read the user our API requests lack."""
    root, private, inner = collections
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=restriction_type, password="secret"
    )
    files = {
        "images/": [image_in(root), image_in(private), image_in(inner)],
        "documents/": [document_in(root), document_in(private), document_in(inner)],
    }
    uses(*files["images/"], *files["documents/"])  # a published page shows them all
    public = {path: files[path][0].pk for path in files}
    hidden = {path: [file.pk for file in files[path][1:]] for path in files}

    for path in ("images/", "documents/"):
        assert listed_ids(path) == {public[path]}
        assert listed_ids(path, search="Portrait Board") <= {public[path]}
        assert get_response(f"{path}{public[path]}/").status_code == 200
        for pk in hidden[path]:
            response = get_response(f"{path}{pk}/")
            assert response.status_code == 404
            assert get_response(f"{path}find/", id=pk).status_code == 404


def test_a_collection_beside_a_private_one_stays_public(collections, uses):
    """The restriction covers the collection's subtree, not the collections beside it."""
    root, private, _inner = collections
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    sibling = root.add_child(name="Press")

    image = image_in(sibling)
    uses(image)

    assert listed_ids("images/") == {image.pk}


# Only files that published pages use


@pytest.fixture
def uses(site_tree):
    """``uses(*files, **page fields)``: a published page under About us that shows the files:
    images as its lead image and in image blocks, documents in document blocks and as
    links in its text."""

    def page_using(*files, parent=None, **fields):
        body = []
        for file in files:
            if isinstance(file, Image):
                fields.setdefault("image", file)
                body.append(("image", {"image": file, "caption": "", "attribution": ""}))
            else:
                body.append(("document", {"document": file, "title": ""}))
                body.append(
                    ("paragraph", f'<p><a id="{file.pk}" linktype="document">{file.title}</a></p>')
                )
        return publish(
            factories.StandardPageFactory(
                parent=parent or site_tree.about, title="Annual report", body=body, **fields
            )
        )

    return page_using


def test_an_upload_that_no_page_uses_is_not_public(site_tree):
    """Before: every upload was listed with the URL of its file as soon as it was saved."""
    image, document = make_image(), make_document()

    for path, file in (("images/", image), ("documents/", document)):
        assert listed_ids(path) == set()
        response = get_response(f"{path}{file.pk}/")
        assert response.status_code == 404
        assert response.json() == {"message": f"No {type(file).__name__} matches the given query."}
        assert get_response(f"{path}find/", id=file.pk).status_code == 404


def test_files_that_a_published_page_uses_are_listed(uses):
    lead, pictured, unused = make_image("Lead"), make_image("Pictured"), make_image("Unused")
    document, linked = make_document("Report"), make_document("Linked", "linked.pdf")
    page = uses(lead, document)
    page.body.append(("image", {"image": pictured, "caption": "", "attribution": ""}))
    page.body.append(("paragraph", f'<p><a id="{linked.pk}" linktype="document">L</a></p>'))
    publish(page)

    assert listed_ids("images/") == {lead.pk, pictured.pk}
    assert listed_ids("documents/") == {document.pk, linked.pk}
    assert get_response(f"images/{unused.pk}/").status_code == 404


def test_images_come_with_renditions_not_the_original(uses):
    image = make_image("Training room", "Participants at a training", size=(640, 480))
    uses(image)

    item = get_response("images/").json()["items"][0]
    assert set(item) == {"id", "meta", "title", "alt", "renditions"}
    assert set(item["meta"]) == {"type", "detail_url", "tags"}
    assert item["alt"] == "Participants at a training"
    assert set(item["renditions"]) == {"thumbnail", "medium", "large"}
    assert item["renditions"]["thumbnail"]["width"] == 400
    for rendition in item["renditions"].values():
        assert rendition["url"].startswith("/media/images/")
        assert image.file.name not in rendition["url"]

    detail = get_response(f"images/{image.pk}/").json()
    assert set(detail) == {"id", "meta", "title", "alt", "renditions", "width", "height"}
    assert (detail["width"], detail["height"]) == (640, 480)
    assert "download_url" not in str(get_response("images/", fields="*").json())
    assert get_response("images/", fields="download_url").status_code == 400


def test_documents_download_through_the_site(uses):
    document = make_document()
    uses(document)

    item = get_response("documents/").json()["items"][0]
    assert item["meta"]["download_url"] == (
        f"http://localhost/documents/{document.pk}/{document.filename}"
    )


def hide(page, kind):
    """Make a published page invisible to visitors in one of the ways a page can be."""
    if kind == "unpublished":
        page.unpublish()
    elif kind == "private":
        PageViewRestriction.objects.create(
            page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    elif kind == "expired":
        page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
        page.save()  # still live: only publish_scheduled would unpublish it


@pytest.mark.parametrize("kind", ["unpublished", "private", "expired"])
def test_files_of_a_page_visitors_cannot_see_are_not_listed(uses, kind):
    image, document = make_image(), make_document()
    page = uses(image, document)
    assert listed_ids("images/") == {image.pk}

    hide(page, kind)

    assert listed_ids("images/") == set()
    assert listed_ids("documents/") == set()
    assert get_response(f"images/{image.pk}/").status_code == 404


def test_files_of_a_page_never_published_are_not_listed(site_tree):
    image = make_image()
    factories.StandardPageFactory(parent=site_tree.about, image=image, live=False)

    assert listed_ids("images/") == set()


def test_an_image_added_in_a_draft_stays_out_until_published(uses):
    """The reference index records the page's row, which holds the published version."""
    published, drafted = make_image("Published"), make_image("Drafted")
    page = uses(published)

    page.image = drafted
    page.body = [("image", {"image": drafted, "caption": "", "attribution": ""})]
    page.save_revision()

    assert listed_ids("images/") == {published.pk}
    assert get_response(f"images/{drafted.pk}/").status_code == 404

    publish(page)

    assert listed_ids("images/") == {drafted.pk}


def test_files_of_a_page_in_a_language_the_site_does_not_have_are_not_listed(uses):
    image = make_image()
    page = uses(make_image("Other"))
    Locale.objects.create(language_code="fr")
    translate(page, "fr", image=image, body=[])

    assert image.pk not in listed_ids("images/")
