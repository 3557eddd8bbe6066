"""Content-Security-Policy: django-csp's middleware, with the admin's allowances under /admin/.

Visitors' pages get ``CONTENT_SECURITY_POLICY`` as it is. Wagtail's admin cannot work
under it (its widgets write inline scripts and styles), so its responses get
``ADMIN_CONTENT_SECURITY_POLICY`` added; keeping that to the admin's path means a page
of the site never runs an inline script, whoever wrote it.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings

ADMIN_PATH_PREFIX = "/admin/"


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PATH_PREFIX):
            allowances = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", {})
            parts.update = {**allowances, **(parts.update or {})}
        return parts
