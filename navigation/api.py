"""``/api/v2/navigation/``: the site menu as JSON, built by the same function as the templates."""

from django.conf import settings
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale, Site

from api.openapi import SITE
from api.utils import get_locale_or_400, parse_natural, refuse_null_characters
from api.views import ReadOnlyAPIView
from navigation.menu import site_menu

KNOWN_PARAMETERS = {"locale", "site"}


def menu_item_schema(builder):
    """The OpenAPI schema of ``MenuItem.as_dict``: recursive through ``children``."""
    return builder.object(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "url": {"type": ["string", "null"]},
            "type": {"type": "string", "examples": ["home.StandardPage"]},
            "children": {"type": "array", "items": builder.ref("NavigationItem")},
        },
        description="A menu entry; the page's menu children in tree order.",
    )


class NavigationAPIView(ReadOnlyAPIView):
    """The menu tree of a site in one language. Example::

        GET /api/v2/navigation/?locale=ru

        {"locale": "ru", "items": [{"id": 4, "title": "О нас", "url": "/ru/about-us/",
          "type": "home.StandardPage", "children": []}, …]}

    ``locale`` defaults to the site's default language; ``site`` (host name or
    host:port) defaults to the site serving the request.
    """

    known_parameters = KNOWN_PARAMETERS
    openapi_parameters = {
        "locale": (
            {"type": "string", "enum": [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]},
            "The language of the menu; default: the site's default language.",
        ),
        "site": (
            SITE,
            "The site, by host name or `host:port`; default: the site serving the request.",
        ),
    }

    @classmethod
    def openapi_operation(cls, builder):
        navigation = builder.object(
            {
                "locale": {"type": "string", "examples": ["en"]},
                "items": {
                    "type": "array",
                    "items": builder.component("NavigationItem", menu_item_schema),
                },
            },
            description="The site menu in one language, as the templates render it.",
        )
        return {
            "operationId": "navigation",
            "tags": ["navigation"],
            "summary": "The site menu",
            "description": builder.summary_line(cls),
            "parameters": [
                builder.parameter(name, *cls.openapi_parameters[name])
                for name in sorted(cls.known_parameters)
            ]
            + [builder.if_none_match],
            "responses": builder.responses(
                builder.cached_json(
                    builder.component("Navigation", lambda builder: navigation), "The menu tree."
                )
            ),
        }

    def get(self, request):
        site = self.get_site(request)
        locale = (
            get_locale_or_400(request.GET["locale"])
            if "locale" in request.GET
            else Locale.get_default()
        )
        root = site.root_page.get_translation_or_none(locale)
        items = site_menu(root, request=request) if root and root.live else []
        return Response(
            {"locale": locale.language_code, "items": [item.as_dict() for item in items]}
        )

    def get_site(self, request):
        if "site" in request.GET:
            refuse_null_characters(request, "site")
            hostname, _, port = request.GET["site"].partition(":")
            sites = Site.objects.filter(hostname=hostname)
            if port:
                try:
                    sites = sites.filter(port=parse_natural(port))
                except ValueError as error:
                    raise BadRequestError(
                        "site must be a host name, optionally with :port"
                    ) from error
            site = sites.first()
            if site is None:
                raise BadRequestError(f"site '{request.GET['site']}' does not exist")
            return site
        site = Site.find_for_request(request)
        if site is None:
            raise BadRequestError("no site is configured for this host")
        return site
