"""Errors: a database that cannot be reached is a 503 "try again shortly", not a 500.

Django turns an exception raised anywhere in a request (a view, a middleware, the
session saved on the way out) into the ``handler500`` view. This one answers 503 when
that exception is the database's own ``OperationalError`` or ``InterfaceError`` (refused,
timed out, connection lost): the site is unavailable, not broken, and a proxy or client
may retry. Visitors get ``503.html`` in the language of the URL; the API gets its usual
``{"message": ...}``. Nothing here touches the database, and the next request connects
afresh (``CONN_HEALTH_CHECKS``), so the site recovers by itself when the database does.

Any other exception is a 500: ``500.html`` in the language of the URL (``/ru/…`` in
Russian), or ``{"message": ...}`` under ``/api/``; static text only, so it renders
whatever broke.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


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
    """``handler500``: 503 when the database is unreachable, a 500 page otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return error_response(request, template_name, "Internal server error.", status=500)
