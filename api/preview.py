"""Draft preview for external clients (a JS front end, a partner portal): expiring tokens.

Wagtail's own preview renders our templates inside the admin, for a logged-in
editor; a client on another origin has neither the session nor the templates. So:

1. A logged-in editor asks the admin for a token for a page they can edit::

       GET /admin/headless-preview/<page_id>/
       {"token": "eyJwYWdl…", "page": 12, "revision": 345,
        "expires_at": "2026-11-30T09:00:00+00:00",
        "url": "http://…/api/v2/preview/?token=eyJwYWdl…"}

   The token names the page's latest saved revision (the draft as last saved, not
   unsaved edits in an open form) and the editor who asked for it, and is signed with
   ``TimestampSigner``: it cannot be forged or altered, and it expires after
   ``TOKEN_MAX_AGE``. It works only while that editor may still edit the page: a
   deactivated account, or one that lost its rights, takes its tokens with it.

2. The client, with no login, reads that revision through the API::

       GET /api/v2/preview/?token=eyJwYWdl…
       {"id": 12, "meta": {"type": "events.EventPage", …}, "title": "…", …}

   The payload is exactly what ``/api/v2/pages/12/`` returns for a published page (the
   same viewset, serializers and ``?fields=``), built from the revision. Errors are JSON:
   no token 400, an expired or altered token, or one whose editor may no longer edit
   the page, 403; a deleted page 404.

Why not wagtail-headless-preview: its 0.9.0 declares Wagtail 7 only; it replaces
Wagtail's preview with a redirect to the front end (the admin would no longer show
our templates); and its tokens are stored in a table and never expire by signature.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page, Revision

from api.utils import API_URLCONF
from api.views import SitePagesAPIViewSet

TOKEN_SALT = "home.preview"  # the module's former name: a new salt would void tokens issued
TOKEN_MAX_AGE = datetime.timedelta(hours=1)


class PreviewTokenError(Exception):
    """A token that is expired, altered or not a token at all: a 403."""


def get_signer():
    return signing.TimestampSigner(salt=TOKEN_SALT)


def make_token(revision, user):
    """A signed token naming ``revision`` of its page, issued by ``user``."""
    return get_signer().sign_object(
        {"page": int(revision.object_id), "revision": revision.pk, "user": user.pk}
    )


def revision_from_token(token):
    """The revision a token names; raises PreviewTokenError, BadRequestError or Http404."""
    if not token:
        raise BadRequestError("token is required")
    try:
        data = get_signer().unsign_object(token, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewTokenError("preview token has expired") from error
    except (signing.BadSignature, ValueError) as error:
        raise PreviewTokenError("invalid preview token") from error
    try:
        page_id, revision_id = int(data["page"]), int(data["revision"])
        user_id = int(data["user"])
    except (KeyError, TypeError, ValueError) as error:
        raise PreviewTokenError("invalid preview token") from error
    revision = (
        Revision.page_revisions.filter(pk=revision_id, object_id=str(page_id))
        .select_related("content_type")
        .first()
    )
    page = Page.objects.filter(pk=page_id).first()
    if revision is None or page is None:  # the page, and so its revisions, has been deleted
        raise Http404("not found")
    issuer = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if issuer is None or not page.permissions_for_user(issuer).can_edit():
        raise PreviewTokenError(
            "the editor who issued this preview token can no longer edit this page"
        )
    return revision


def issue_token_view(request, page_id):
    """``/admin/headless-preview/<page_id>/``: a preview token for an editor of the page."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        # Outside the language-prefixed URLs, so LocaleMiddleware does not turn this 404
        # into a redirect to /en/admin/… (as the API's 404s; see api.views).
        request.urlconf = API_URLCONF
        return JsonResponse({"message": "not found"}, status=404)
    if not page.permissions_for_user(request.user).can_edit():
        return JsonResponse({"message": "you cannot edit this page"}, status=403)
    revision = page.get_latest_revision()
    if revision is None:
        return JsonResponse({"message": "this page has no saved revision to preview"}, status=400)
    token = make_token(revision, request.user)
    url = request.build_absolute_uri(reverse("api-preview")) + f"?token={token}"
    response = JsonResponse(
        {
            "token": token,
            "page": page.pk,
            "revision": revision.pk,
            "expires_at": (timezone.now() + TOKEN_MAX_AGE).isoformat(timespec="seconds"),
            "url": url,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


class PagePreviewAPIViewSet(SitePagesAPIViewSet):
    """``/api/v2/preview/?token=…``: the draft a preview token names, as the pages endpoint shows pages.

    Only ``token`` and the output parameters of a detail request are accepted. The
    response is never cached by browsers or CDNs: it is a draft, for one reader.
    """

    known_query_parameters = frozenset(["token", "fields", "rich_text_format", "format", "site"])

    @classmethod
    def openapi_operation(cls, builder):
        names = set(cls.known_query_parameters) - {"format", "token"}
        return {
            "operationId": "preview",
            "tags": ["pages"],
            "summary": "The draft a preview token names",
            "description": builder.summary_line(cls),
            "parameters": [
                builder.parameter(
                    "token",
                    {"type": "string", "minLength": 1},
                    "A preview token from the admin (`/admin/headless-preview/<page id>/`).",
                    required=True,
                ),
                *builder.parameters(cls, names, detail=True),
            ],
            "responses": {
                "200": {
                    "description": "The draft, as the pages endpoint shows pages; never cached.",
                    "headers": {"Cache-Control": {"$ref": "#/components/headers/Cache-Control"}},
                    "content": {"application/json": {"schema": builder.item_schema(cls)}},
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
                "403": {
                    "description": (
                        "The token is expired, altered or not a token, or the editor who "
                        "asked for it may no longer edit the page."
                    ),
                    "content": {"application/json": {"schema": builder.ref("Error")}},
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }

    def preview_view(self, request):
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
        serializer = self.get_serializer(self.get_object())
        return Response(serializer.data)

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            revision = revision_from_token(self.request.GET.get("token"))
            self._cached_object = revision.as_object()
        return self._cached_object

    def handle_exception(self, exc):
        if isinstance(exc, PreviewTokenError):
            return Response({"message": str(exc)}, status=403)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Replaces the public caching headers of the published endpoints.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
