"""Errors: a page missing in one language points to its other languages; a database that
cannot be reached is a 503 "try again shortly", not a 500.

``handler404`` renders ``404.html`` in the language of the URL with, when the page is
missing only there, links to it in the languages where visitors can open it (the set
its hreflang alternates name; ``core.i18n.pages_elsewhere``), and under a language whose
home page visitors cannot open (``/fr/`` on a site with no French content yet), links to
the home pages that are there. Always a 404: the language names come from Django's
catalogues, the rest from the site's (English where it has none).

Django turns an exception raised anywhere in a request (a view, a middleware, the
session saved on the way out) into the ``handler500`` view. This one answers 503 when
that exception is the database's own ``OperationalError`` or ``InterfaceError`` (refused,
timed out, connection lost), or the object store's ``ObjectStoreUnavailable`` (an upload
it cannot take): the site is unavailable, not broken, and a proxy or client
may retry. Visitors get ``503.html`` in the language of the URL; the API gets its usual
``{"message": ...}``. Nothing here touches the database, and the next request connects
afresh (``CONN_HEALTH_CHECKS``), so the site recovers by itself when the database does.

Any other exception is a 500: ``500.html`` in the language of the URL (``/ru/…`` in
Russian), or ``{"message": ...}`` under ``/api/``; static text only, so it renders
whatever broke.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.template import loader
from django.utils import translation
from wagtail.models import Site

from config.languages import redirected_to_a_language, site_languages
from core.i18n import pages_elsewhere
from uploads.files import ObjectStoreUnavailable

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


def service_down(exception):
    """The database or the object store could not be reached: unavailable, not broken."""
    return database_unavailable(exception) or isinstance(exception, ObjectStoreUnavailable)


def error_response(request, template_name, message, status):
    """JSON under ``/api/``; otherwise the template, rendered in the language of the URL."""
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"message": message}, status=status)
    else:
        language = translation.get_language_from_request(request, check_path=True)
        with translation.override(language):
            body = loader.render_to_string(template_name, {"LANGUAGE_CODE": language})
        response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def service_unavailable(request):
    response = error_response(
        request,
        "503.html",
        "The service is temporarily unavailable. Please try again shortly.",
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, template_name="500.html"):
    """``handler500``: 503 when the database or the object store is unreachable, a 500
    page otherwise."""
    if service_down(sys.exc_info()[1]):
        return service_unavailable(request)
    return error_response(request, template_name, "Internal server error.", status=500)


def page_not_found(request, exception=None):
    """``handler404``: ``404.html``, with the page in the languages visitors can read it in.

    Under a language whose home page visitors cannot open, the site's home pages when the
    page is nowhere else; nothing more under a URL without a language (``LocaleMiddleware``
    redirects it).
    """
    if redirected_to_a_language(request):
        # ``/``, ``/about-us/``: the answer becomes a redirect; a page rendered for it, with
        # the menu's queries, would be thrown away on the site's most visited URL.
        return HttpResponseNotFound()
    context = {}
    language = translation.get_language_from_path(request.path_info)
    if language is not None:
        site = Site.find_for_request(request)
        # What follows the prefix (``/fr/`` or a variant of it such as ``/fr-ca/``).
        path = request.path_info.split("/", 2)[2] if request.path_info.count("/") > 1 else ""
        pages = pages_elsewhere(site, language, path)
        has_pages = language in site_languages(request)
        if not pages and not has_pages:
            pages, path = pages_elsewhere(site, language, ""), ""
        context = {
            "language_has_pages": has_pages,
            "elsewhere_are_home_pages": path == "",
            "elsewhere": [
                {"page": page, "url": url, "language": page.locale.language_code}
                for page in pages
                if (url := page.get_url(request=request))
            ],
        }
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request))
