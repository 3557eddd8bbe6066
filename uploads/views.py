"""Documents' downloads: Wagtail's serve view, with nothing private kept by a shared cache."""

from django.utils.cache import patch_cache_control
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve


def serve_document(request, document_id, document_filename):
    """Wagtail's view (``/documents/<id>/<name>``), which checks the privacy of the document's
    collection on every request, answered so that no cache between the site and the
    visitor (a CDN, a proxy) keeps what depends on who asks:

    - a private document (its collection, or one above it, restricted to logged-in
      users, groups or a password) and the password form: a CDN that kept a member's
      download would hand the file to anyone asking for the same URL, and many CDNs
      keep PDFs by their extension when the answer does not forbid it;
    - every redirect: with the media in a bucket a visitor who may read the document is
      sent to a signed URL that expires in minutes (``WAGTAILDOCS_SERVE_METHOD =
      "redirect"``), one who may not to the login.

    A public document may be kept by caches as before.
    """
    response = serve(request, document_id, document_filename)
    if 300 <= response.status_code < 400 or is_private(document_id):
        patch_cache_control(response, private=True, no_store=True)
    return response


def is_private(document_id):
    """Whether the document's collection, or one above it, restricts who may read it."""
    document = (
        get_document_model().objects.select_related("collection").filter(pk=document_id).first()
    )
    return document is not None and document.collection.get_view_restrictions().exists()
