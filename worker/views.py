"""Reports > Background tasks: the task results the worker keeps, failures first in mind.

Lists what django-tasks-db stored (TASKS=database): each task's name, state, times and,
for a failed one, its error (the traceback's last line; the whole one in the export), so
an administrator sees a CDN purge that failed and the attempt queued after it. Only
superusers see it: arguments and tracebacks may name anything.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView


class TaskResultFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=TaskResultStatus.choices, label=_("Status"))

    class Meta:
        model = DBTaskResult
        fields = ["status"]


def error_of(result):
    """``ExceptionClass: message``, the traceback's last line; empty unless failed."""
    if result.status != TaskResultStatus.FAILED:
        return ""
    lines = [line for line in result.traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else result.exception_class_path


class TaskResultsReportView(ReportView):
    page_title = _("Background tasks")
    header_icon = "cogs"
    index_url_name = "worker_task_results"
    index_results_url_name = "worker_task_results_results"
    filterset_class = TaskResultFilterSet
    model = DBTaskResult
    paginate_by = 50
    # Asked of the policy registered for DBTaskResult (wagtail_hooks): superusers only.
    permission_required = "view"
    columns = [
        Column("task_name", label=_("Task")),
        Column("status", label=_("Status")),
        Column("arguments", label=_("Arguments"), accessor="args_kwargs"),
        DateColumn("enqueued_at", label=_("Queued")),
        DateColumn("run_after_display", label=_("Not before")),
        DateColumn("finished_at", label=_("Finished")),
        Column("error", label=_("Error")),
    ]
    list_export = ["task_path", "status", "enqueued_at", "finished_at", "error", "traceback"]

    def get_queryset(self):
        return DBTaskResult.objects.order_by("-enqueued_at")

    def decorate_paginated_queryset(self, object_list):
        for result in object_list:
            result.error = error_of(result)
            # django-tasks-db's "whenever": a date in the year 9999.
            result.run_after_display = (
                None if result.run_after == get_date_max() else result.run_after
            )
        return object_list
