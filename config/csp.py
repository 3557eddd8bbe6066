"""Content-Security-Policy: django-csp's middleware, with the admin's allowances under /admin/.

Visitors' pages get ``CONTENT_SECURITY_POLICY`` as it is. Wagtail's admin cannot work
under it (its widgets write inline scripts and styles), so its responses get
``ADMIN_CONTENT_SECURITY_POLICY`` added; keeping that to the admin's path means a page
of the site never runs an inline script, whoever wrote it. With the media in a bucket,
images may also come from the bucket's (or its CDN's) origin, on both.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.core.files.storage import default_storage

ADMIN_PATH_PREFIX = "/admin/"


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PATH_PREFIX):
            allowances = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", {})
            parts.update = {**allowances, **(parts.update or {})}
        # Renditions in a bucket (uploads.s3) come from its origin or its CDN's.
        media_origin = getattr(default_storage, "public_origin", None)
        if media_origin:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", ()), media_origin]
            parts.update = update
        return parts
