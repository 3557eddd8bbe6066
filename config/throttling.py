"""Password guessing is throttled everywhere a password is typed (django-axes).

Logins (the admin's at ``/admin/login/`` and the site's at ``/<lang>/_util/login/``) go
through Django's ``authenticate()``, which django-axes watches by itself (its
authentication backend and middleware, ``config/settings/base.py``). Wagtail's page and
collection password forms compare the password in a form instead, so the views below
wrap Wagtail's own ones at the same URLs and report each wrong password to axes as a
failed login of ``page-restriction:<id>`` or ``collection-restriction:<id>`` (no user name
can hold a colon). Every failure lands in axes' database tables, so a lockout holds for
every worker and server.

A lockout is per username (or restriction) and client address together: someone
guessing an editor's password from one address cannot lock the editor out from others.
Unlock with ``manage.py axes_reset_username <username>`` (see docs/deployment.md).
"""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as wagtail_document_views


def lockout_message(request):
    """What the person locked out reads, in their language."""
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return ngettext(
        "Too many failed attempts. Please try again in %(minutes)d minute.",
        "Too many failed attempts. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a locked-out attempt, 429 with ``Retry-After`` (``AXES_LOCKOUT_CALLABLE``).

    The admin's login page is shown again with the message and a blank password;
    the site's login and password forms answer with a page in the site's style.
    """
    message = lockout_message(request)
    context = getattr(original_response, "context_data", None) or {}
    if request.path == reverse("wagtailadmin_login") and "form" in context:
        form = context["form"]
        messages.error(request, message)
        response = TemplateResponse(
            request,
            original_response.template_name,
            {
                **context,
                "form": type(form)(request, initial={"username": form.data.get("username")}),
            },
            status=429,
        ).render()  # middleware answers are not rendered for us
    else:
        response = render(request, "locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
    return response


def throttled_password_form(view, restriction_name):
    """Wagtail's password form ``view``, with wrong passwords counted per restriction and address.

    Wagtail's view redirects when the password is right and shows the form again when
    it is not; each such answer to a POST is reported to axes as a failed login. While
    locked out the password is not even checked, and each attempt restarts the cool-off,
    as it does for logins.
    """

    def password_form(request, **kwargs):
        if request.method != "POST":
            return view(request, **kwargs)
        credentials = {"username": restriction_name(**kwargs)}
        if not AxesProxyHandler.is_allowed(request, credentials):
            user_login_failed.send(__name__, credentials=credentials, request=request)
            return lockout_response(request, credentials=credentials)
        response = view(request, **kwargs)
        if response.status_code == 200:
            user_login_failed.send(__name__, credentials=credentials, request=request)
            if request.axes_locked_out:
                return lockout_response(request, credentials=credentials)
        return response

    return password_form


page_password_form = throttled_password_form(
    wagtail_views.authenticate_with_password,
    lambda page_view_restriction_id, page_id: f"page-restriction:{page_view_restriction_id}",
)
collection_password_form = throttled_password_form(
    wagtail_document_views.authenticate_with_password,
    lambda restriction_id: f"collection-restriction:{restriction_id}",
)
