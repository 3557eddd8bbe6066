"""URLs: the admin and API at fixed paths, everything visitors see under a language prefix."""

import os

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from caching import routing
from config import api as api_urls
from config import health, throttling
from navigation import sitemap
from search import views as search_views
from uploads import views as upload_views

# An unreachable database answers 503, not 500; a page missing in one language links its
# others (config.errors).
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

urlpatterns = [
    # Outside the language prefix, for load balancers (exempt from the HTTPS redirect).
    path("healthz", health.healthz, name="healthz"),
    # Outside the language prefix: one sitemap lists every language.
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("robots.txt", sitemap.robots_txt, name="robots-txt"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms, with wrong passwords throttled (config.throttling): the
    # same URLs as Wagtail's own, which they wrap, matched first.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttling.collection_password_form,
    ),
    # Wagtail's download view, its redirects never cached (uploads.views).
    re_path(r"^documents/(\d+)/(.*)$", upload_views.serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", include(api_urls)),
    path("feeds/", include("events.urls")),
    re_path(r"^api/", api_urls.not_found),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Renditions only, as the proxy serves them in production: documents go through
    # Wagtail's view at /documents/, which checks their privacy, and original images
    # are never shown to visitors.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=os.path.join(settings.MEDIA_ROOT, "images")
    )

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("news/feed/", include("news.urls")),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttling.page_password_form,
    ),
    # Wagtail's views (its login, its password form) as they are, then its page view routed
    # from the cache (caching.routing): last, since its pattern matches ``_util/login/`` too.
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
)
