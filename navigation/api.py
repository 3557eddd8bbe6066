"""``/api/v2/navigation/``: the site menu as JSON, built by the same function as the templates."""

from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale, Site

from home.api import ReadOnlyAPIView, get_locale_or_400, refuse_null_characters
from navigation.menu import site_menu

KNOWN_PARAMETERS = {"locale", "site"}


class NavigationAPIView(ReadOnlyAPIView):
    """The menu tree of a site in one language. Example::

        GET /api/v2/navigation/?locale=ru

        {"locale": "ru", "items": [{"id": 4, "title": "О нас", "url": "/ru/about-us/",
          "type": "home.StandardPage", "children": []}, …]}

    ``locale`` defaults to the site's default language; ``site`` (host name or
    host:port) defaults to the site serving the request.
    """

    known_parameters = KNOWN_PARAMETERS

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
                if not port.isdigit():
                    raise BadRequestError("site must be a host name, optionally with :port")
                sites = sites.filter(port=int(port))
            site = sites.first()
            if site is None:
                raise BadRequestError(f"site '{request.GET['site']}' does not exist")
            return site
        site = Site.find_for_request(request)
        if site is None:
            raise BadRequestError("no site is configured for this host")
        return site
