from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from worker.views import TaskResultsReportView


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
