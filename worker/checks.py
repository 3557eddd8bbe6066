from django.conf import settings
from django.core import checks
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend


@checks.register(checks.Tags.compatibility, deploy=True)
def tasks_leave_the_request(app_configs, **kwargs):
    """``check --deploy``: in production, tasks belong in the worker."""
    if settings.DEBUG or isinstance(task_backends["default"], DatabaseBackend):
        return []
    return [
        checks.Warning(
            "Background tasks run inside editors' requests (TASKS=immediate): CDN purges "
            "are not retried and scheduled pages are not published.",
            hint="Set TASKS=database and run `manage.py run_worker` (docs/deployment.md).",
            id="worker.W001",
        )
    ]
