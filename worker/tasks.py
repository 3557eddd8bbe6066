"""Scheduled publishing, run by the worker instead of a cron line.

``publish_scheduled_task`` runs Wagtail's ``publish_scheduled`` command (pages whose
go-live time has come are published, expired ones unpublished) and queues its own next
run a minute later, before doing the work, so a run that fails or a worker killed
midway does not end the chain. ``run_worker`` starts the chain (``schedule_publishing``)
each time a worker starts. At most one run waits at a time: a run queues the next only
if none is waiting, and starting a worker queues one only if none is waiting, so
several workers share one chain (two started at the same moment may queue one each;
the next runs then find one waiting and the chain is single again).
"""

import datetime

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

PUBLISH_INTERVAL = datetime.timedelta(minutes=1)


def _waiting_runs(backend):
    return DBTaskResult.objects.filter(
        task_path=publish_scheduled_task.module_path,
        backend_name=backend.alias,
        status=TaskResultStatus.READY,
    )


def schedule_publishing(delay=PUBLISH_INTERVAL):
    """Queue the next run of ``publish_scheduled_task`` unless one is waiting.

    Returns the queued result, or None: when one is waiting, or when the backend cannot
    run a task later (the immediate backend, with no worker).
    """
    backend = publish_scheduled_task.get_backend()
    if not backend.supports_defer:
        return None
    with transaction.atomic():
        if _waiting_runs(backend).exists():
            return None
        return publish_scheduled_task.using(run_after=timezone.now() + delay).enqueue()


@task()
def publish_scheduled_task():
    """Publish the pages whose time has come and unpublish expired ones, every minute."""
    schedule_publishing()
    call_command("publish_scheduled", verbosity=0)
