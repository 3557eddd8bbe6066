"""``/api/v2/changes/``: the change feed, so a client can keep its own copy of the pages."""

from django.conf import settings
from rest_framework.response import Response
from wagtail.api.utils import get_base_url
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Site

from api.openapi import JSON
from api.utils import get_locale_or_400, parse_natural
from api.views import ReadOnlyAPIView
from changes.feed import InvalidCursor, catch_up, decode_cursor, encode_cursor, entry_item
from changes.models import Change, Feed
from changes.webhooks import TIMEOUT

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
RESYNC_MESSAGE = (
    "cursor is older than the retained history: start again without since and replace "
    "your copy with what the feed gives"
)


class ChangesAPIView(ReadOnlyAPIView):
    """Every change to the site's public pages, in commit order. Example::

        GET /api/v2/changes/?since=YzEuNDIuMA

        {"items": [{"cursor": "YzEuNDMuMA", "action": "upsert", "id": 7,
          "type": "events.EventPage", "locale": "en", "html_url": "http://…/en/events/…/",
          "detail_url": "http://…/api/v2/pages/7/"},
         {"cursor": "YzEuNDQuMA", "action": "delete", "id": 9, "type": "news.NewsPage",
          "locale": "ru", "html_url": "http://…/ru/news/…/"}],
         "cursor": "YzEuNDQuMA"}

    An upsert: the page is public, new or changed (published, edited live, moved,
    renamed); fetch ``detail_url``. A delete: it is no longer public (unpublished,
    deleted, expired, made private, translation withdrawn). Pages never public never
    appear. Without ``since``, the feed starts from the beginning of its retained
    history, which names every public page. Call again with ``cursor`` until ``items``
    is empty. A cursor past retention is a 410: start again without ``since``.
    """

    known_parameters = {"since", "locale", "limit"}
    openapi_parameters = {
        "since": (
            {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
            "The `cursor` of the last answer (or entry) processed; none: from the beginning.",
        ),
        "locale": (
            {"type": "string", "enum": [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]},
            "Only entries of pages in this language.",
        ),
        "limit": (
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            f"The most entries in one answer (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}).",
        ),
    }

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Never served from a cache (the response cache, a CDN, a browser): an answer is
        # stale as soon as a page changes, and a client relies on seeing every entry.
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        since, issued_under = self.get_since(request)
        limit = self.get_limit(request)
        site = Site.find_for_request(request)
        if site is None:
            raise BadRequestError("no site is configured for this host")
        catch_up()
        entries = Change.objects.filter(site_id=site.pk, pk__gt=since).order_by("pk")
        if "locale" in request.GET:
            entries = entries.filter(locale=get_locale_or_400(request.GET["locale"]).language_code)
        entries = list(entries[:limit])
        # Read after the entries: a prune in between makes the check stricter, never looser.
        feed = Feed.objects.filter(pk=1).first()
        pruned_through = feed.pruned_through if feed else 0
        if issued_under is not None and since < pruned_through != issued_under:
            return Response({"message": RESYNC_MESSAGE}, status=410)
        items = [self.item(request, entry, pruned_through) for entry in entries]
        last = entries[-1].pk if entries else since
        return Response({"items": items, "cursor": encode_cursor(last, pruned_through)})

    def get_since(self, request):
        """The position after which to list, and the pruning mark its cursor was issued under.

        A cursor older than a pruning is still good when no pruning happened since it
        was issued: a client reading from the beginning walks through the entries that
        pruning kept, below the mark."""
        if "since" not in request.GET:
            return 0, None
        try:
            return decode_cursor(request.GET["since"])
        except InvalidCursor as error:
            raise BadRequestError("since is not a cursor this feed gave") from error

    def get_limit(self, request):
        if "limit" not in request.GET:
            return DEFAULT_LIMIT
        try:
            limit = parse_natural(request.GET["limit"])
        except ValueError as error:
            raise BadRequestError("limit must be a positive integer") from error
        if not 1 <= limit <= MAX_LIMIT:
            raise BadRequestError(f"limit must be between 1 and {MAX_LIMIT}")
        return limit

    def item(self, request, entry, pruned_through):
        return entry_item(entry, pruned_through, get_base_url(request))

    @staticmethod
    def change_entry(builder):
        """One entry, as the feed lists it (the ``Change`` component) and a webhook posts it."""
        return builder.object(
            {
                "cursor": {"type": "string", "description": "Resume after this entry."},
                "action": {"type": "string", "enum": [Change.UPSERT, Change.DELETE]},
                "id": {"type": "integer", "description": "The page's id."},
                "type": {"type": "string", "examples": ["events.EventPage"]},
                "locale": {"type": "string", "examples": ["en"]},
                "html_url": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": "The page's URL (for a delete: its last public URL).",
                },
                "detail_url": {
                    "type": "string",
                    "format": "uri",
                    "description": "The page's API detail (upserts only).",
                },
            },
            required=["cursor", "action", "id", "type", "locale", "html_url"],
            description="A page whose public state changed.",
        )

    @classmethod
    def openapi_webhooks(cls, builder):
        """The ``webhooks`` of the document: what a registered receiver is sent (docs/api.md,
        Webhooks), one entry of this feed per delivery, with its event."""
        entry = cls.change_entry(builder)
        delivery = builder.object(
            {
                "event": {"type": "string", "enum": [event for event, _label in Change.EVENTS]},
                **entry["properties"],
            },
            required=["event", *entry["required"]],
            description="One entry of the change feed, with the event that made it.",
        )
        headers = [
            {
                "name": "X-Webhook-Timestamp",
                "in": "header",
                "required": True,
                "description": "When this attempt was sent, in Unix seconds; reject a "
                "delivery more than 5 minutes away from your clock.",
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
            },
            {
                "name": "X-Webhook-Signature",
                "in": "header",
                "required": True,
                "description": "`sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` "
                "(the raw body) with the webhook's secret.",
                "schema": {"type": "string", "pattern": "^sha256=[0-9a-f]{64}$"},
            },
        ]
        operation = {
            "operationId": "webhook_delivery",
            "tags": ["changes"],
            "summary": "A change to the public pages, pushed to a registered receiver",
            "description": "POSTed after the commit, for each entry an administrator's "
            "webhook asks for (its events, page types and languages). A receiver may get "
            "an entry twice; applying it again is harmless, as for the feed.",
            "parameters": headers,
            "requestBody": {
                "required": True,
                "content": {
                    JSON: {"schema": builder.component("WebhookDelivery", lambda b: delivery)}
                },
            },
            "responses": {
                "2XX": {"description": "Received."},
                "default": {
                    "description": f"Anything else, a redirect or no answer within {TIMEOUT} "
                    "seconds is a failure: tried again 1, 2, 4, … minutes later, "
                    f"{settings.WEBHOOK_ATTEMPTS} attempts in all."
                },
            },
        }
        return {"change": {"post": operation}}

    @classmethod
    def openapi_operation(cls, builder):
        changes = builder.object(
            {
                "items": {
                    "type": "array",
                    "items": builder.component("Change", cls.change_entry),
                },
                "cursor": {
                    "type": "string",
                    "description": "Pass as `since` for the next answer (empty `items`: caught up).",
                },
            },
            description="Entries in commit order and the cursor to resume from.",
        )
        no_store = {
            "Cache-Control": {
                "required": True,
                "schema": {"type": "string", "enum": ["no-store"]},
            }
        }
        error = {JSON: {"schema": builder.ref("Error")}}
        return {
            "operationId": "changes",
            "tags": ["changes"],
            "summary": "Changes to the public pages since a cursor",
            "description": builder.summary_line(cls),
            "parameters": [
                builder.parameter(name, *cls.openapi_parameters[name])
                for name in sorted(cls.known_parameters)
            ],
            "responses": {
                "200": {
                    "description": "The next entries.",
                    "headers": no_store,
                    "content": {
                        JSON: {"schema": builder.component("Changes", lambda builder: changes)}
                    },
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
                "410": {
                    "description": "The cursor is older than the retained history; "
                    "start again without `since`.",
                    "content": error,
                },
            },
        }
