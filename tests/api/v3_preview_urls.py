"""The site's URLs plus Wagtail's preview API v3, for tests/api/test_api_v3_preview.py only.

The v3 preview is not mounted on the site (see docs/api-v3-preview.md); this URLconf lets the
tests keep checking the reasons.
"""

from django.urls import path
from wagtail.api.v3.urls import api

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("api/v3-preview/", api.urls), *site_urlpatterns]
