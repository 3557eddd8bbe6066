from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.permissions import register_permission_policy

from core.permissions import SuperusersOnlyPermissionPolicy
from worker.views import TaskResultsReportView

# Before any view asks: a task's arguments and traceback may name anything.
register_permission_policy(DBTaskResult, SuperusersOnlyPermissionPolicy(DBTaskResult))


@hooks.register("register_admin_urls")
def register_task_results_url():
    return [
        path(
            "reports/background-tasks/",
            TaskResultsReportView.as_view(),
            name="worker_task_results",
        ),
        path(
            "reports/background-tasks/results/",
            TaskResultsReportView.as_view(results_only=True),
            name="worker_task_results_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_task_results_menu_item():
    return AdminOnlyMenuItem(
        _("Background tasks"),
        reverse("worker_task_results"),
        name="background-tasks",
        icon_name="cogs",
        order=1500,
    )
