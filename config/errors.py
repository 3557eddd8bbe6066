"""Errors: a database that cannot be reached is a 503 "try again shortly", not a 500.

Django turns an exception raised anywhere in a request (a view, a middleware, the
session saved on the way out) into the ``handler500`` view. This one answers 503 when
that exception is the database's own ``OperationalError`` or ``InterfaceError`` (refused,
timed out, connection lost): the site is unavailable, not broken, and a proxy or client
may retry. Visitors get ``503.html`` in the language of the URL; the API gets its usual
``{"message": ...}``. Nothing here touches the database, and the next request connects
afresh (``CONN_HEALTH_CHECKS``), so the site recovers by itself when the database does.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


def service_unavailable(request):
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"message": "The service is temporarily unavailable. Please try again shortly."},
            status=503,
        )
    else:
        language = translation.get_language_from_request(request, check_path=True)
        with translation.override(language):
            body = loader.render_to_string("503.html", {"LANGUAGE_CODE": language})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """``handler500``: 503 when the database is unreachable, Django's 500 otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return django_server_error(request, template_name=template_name)
