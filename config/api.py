"""The page API: the one router of Wagtail API v2 endpoints, mounted at /api/v2/.

The ``pages`` endpoint is registered first, so every page's ``detail_url`` points
at ``/api/v2/pages/<id>/`` whatever endpoint listed it.
"""

from django.http import JsonResponse
from django.urls import path
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from config.openapi import openapi_view
from events.api import EventsAPIViewSet
from home.api import (
    API_URLCONF,
    CachingHeadersMixin,
    SitePagesAPIViewSet,
    SitePagination,
    StrictFindMixin,
    StrictSearchFilter,
)
from home.preview import PagePreviewAPIViewSet
from navigation.api import NavigationAPIView
from search.api import SearchAPIView


class StrictInputMixin(StrictFindMixin):
    """Wagtail's endpoints with the input checks of our page endpoints.

    Found by the Schemathesis run in tests/api/test_openapi_schema.py: a null character
    in ``search``, an offset beyond the database's integers and a non-numeric
    ``find/?id=`` were 500s.
    """

    filter_backends = [FieldsFilter, OrderingFilter, StrictSearchFilter]
    pagination_class = SitePagination


class SiteImagesAPIViewSet(CachingHeadersMixin, StrictInputMixin, ImagesAPIViewSet):
    """``/api/v2/images/``: Wagtail's image endpoint with caching headers."""


class SiteDocumentsAPIViewSet(CachingHeadersMixin, StrictInputMixin, DocumentsAPIViewSet):
    """``/api/v2/documents/``: Wagtail's document endpoint with caching headers."""


class SiteRedirectsAPIViewSet(CachingHeadersMixin, StrictInputMixin, RedirectsAPIViewSet):
    """``/api/v2/redirects/``: moved pages, so a client can follow them."""

    # Wagtail's find reads html_path but does not declare it, so it was passed on
    # to the detail URL and left out of the OpenAPI document.
    find_query_parameters = RedirectsAPIViewSet.find_query_parameters | {"html_path"}


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
api_router.register_endpoint("images", SiteImagesAPIViewSet)
api_router.register_endpoint("documents", SiteDocumentsAPIViewSet)
api_router.register_endpoint("redirects", SiteRedirectsAPIViewSet)

urlpatterns = [
    path("schema/", openapi_view, name="api-schema"),
    path("navigation/", NavigationAPIView.as_view(), name="api-navigation"),
    path("search/", SearchAPIView.as_view(), name="api-search"),
    path(
        "preview/",
        api_router.wrap_view(PagePreviewAPIViewSet.as_view({"get": "preview_view"})),
        name="api-preview",
    ),
    path("", api_router.urls),
]
