"""The page API: the one router of Wagtail API v2 endpoints, mounted at /api/v2/.

The ``pages`` endpoint is registered first, so every page's ``detail_url`` points
at ``/api/v2/pages/<id>/`` whatever endpoint listed it.
"""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from events.api import EventsAPIViewSet
from home.api import CachingHeadersMixin, SitePagesAPIViewSet
from navigation.api import NavigationAPIView


class SiteImagesAPIViewSet(CachingHeadersMixin, ImagesAPIViewSet):
    """``/api/v2/images/``: Wagtail's image endpoint with caching headers."""


class SiteDocumentsAPIViewSet(CachingHeadersMixin, DocumentsAPIViewSet):
    """``/api/v2/documents/``: Wagtail's document endpoint with caching headers."""


class SiteRedirectsAPIViewSet(CachingHeadersMixin, RedirectsAPIViewSet):
    """``/api/v2/redirects/``: moved pages, so a client can follow them."""


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SitePagesAPIViewSet)
api_router.register_endpoint("events", EventsAPIViewSet)
api_router.register_endpoint("images", SiteImagesAPIViewSet)
api_router.register_endpoint("documents", SiteDocumentsAPIViewSet)
api_router.register_endpoint("redirects", SiteRedirectsAPIViewSet)

urlpatterns = [
    path("navigation/", NavigationAPIView.as_view(), name="api-navigation"),
    path("", api_router.urls),
]
