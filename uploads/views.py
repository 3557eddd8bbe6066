"""Documents' downloads: Wagtail's serve view, whose redirects no cache keeps."""

from django.utils.cache import patch_cache_control
from wagtail.documents.views.serve import serve


def serve_document(request, document_id, document_filename):
    """Wagtail's view (``/documents/<id>/<name>``), which checks the privacy of the document's
    collection on every request.

    With the media in a bucket it answers a visitor who may read the document with a
    redirect to a signed URL that expires in minutes (``WAGTAILDOCS_SERVE_METHOD =
    "redirect"``), and one who may not with a redirect to the login. Either depends on who
    asks: a CDN or browser that kept it would hand a private document's URL to the next
    visitor, or an expired one to the same. So no redirect of this view is stored.
    """
    response = serve(request, document_id, document_filename)
    if 300 <= response.status_code < 400:
        patch_cache_control(response, private=True, no_store=True)
    return response
