"""The page API: the one router of Wagtail API v2 endpoints, mounted at /api/v2/.

The ``pages`` endpoint is registered first, so every page's ``detail_url`` points
at ``/api/v2/pages/<id>/`` whatever endpoint listed it.
"""

from django.http import JsonResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from api.openapi import OpenAPIDocument, OpenAPIView
from api.preview import PagePreviewAPIViewSet
from api.utils import API_URLCONF
from api.views import SitePagesAPIViewSet, SiteRedirectsAPIViewSet
from changes.api import ChangesAPIView
from events.api import EventsAPIViewSet
from navigation.api import NavigationAPIView
from news.api import NewsAPIViewSet
from resources.api import ResourcesAPIViewSet
from search.api import SearchAPIView
from uploads.api import SiteDocumentsAPIViewSet, SiteImagesAPIViewSet


def not_found(request, *args, **kwargs):
    """Any other URL under ``/api/`` (``/api/v2/pages/-1/``, ``/api/v2/nope/``): a JSON 404.

    Without it Django's own 404 applies, which LocaleMiddleware turns into a redirect
    to ``/en/api/…`` and then an HTML page. Pointing the request at the API's URLconf,
    as ``CachingHeadersMixin`` does for the views' 404s, stops that redirect.
    """
    request.urlconf = API_URLCONF
    return JsonResponse({"message": "not found"}, status=404)


api_router = WagtailAPIRouter("wagtailapi")


api_router.register_endpoint("pages", SitePagesAPIViewSet)


api_router.register_endpoint("events", EventsAPIViewSet)


api_router.register_endpoint("news", NewsAPIViewSet)


api_router.register_endpoint("resources", ResourcesAPIViewSet)


api_router.register_endpoint("images", SiteImagesAPIViewSet)


api_router.register_endpoint("documents", SiteDocumentsAPIViewSet)


api_router.register_endpoint("redirects", SiteRedirectsAPIViewSet)


# The OpenAPI document of this router and of this module's URL patterns, built on the
# first request to /api/v2/schema/ and then reused.
openapi_document = OpenAPIDocument(router=api_router, urlconf=__name__)


urlpatterns = [
    path("schema/", OpenAPIView.as_view(document=openapi_document), name="api-schema"),
    path("navigation/", NavigationAPIView.as_view(), name="api-navigation"),
    path("search/", SearchAPIView.as_view(), name="api-search"),
    path("changes/", ChangesAPIView.as_view(), name="api-changes"),
    path(
        "preview/",
        api_router.wrap_view(PagePreviewAPIViewSet.as_view({"get": "preview_view"})),
        name="api-preview",
    ),
    path("", api_router.urls),
]
