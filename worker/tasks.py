"""Scheduled publishing, run by the worker instead of a cron line, and tasks whose worker
died queued again.

``publish_scheduled_task`` runs Wagtail's ``publish_scheduled`` command (pages whose
go-live time has come are published, expired ones unpublished) and queues its own next
run a minute later, before doing the work, so a run that fails or a worker killed
midway does not end the chain. ``run_worker`` starts the chain (``schedule_publishing``)
each time a worker starts. At most one run waits at a time: a run queues the next only
if none is waiting, and starting a worker queues one only if none is waiting, so
several workers share one chain (two started at the same moment may queue one each;
the next runs then find one waiting and the chain is single again).

A worker killed midway (a deploy, a machine lost) leaves its task "running" for ever, and
nothing would run it: a page's search indexing, a CDN purge, a webhook delivery lost. Each
run of the chain and each worker that starts queue such tasks again once they have been
running longer than any task takes (``TASK_RUNNING_LIMIT``, minutes): purges, indexing,
publishing and the change feed's work are safe to run twice, and a webhook delivery is
sent at least once (its payload names the change, for a receiver to recognise a repeat).
"""

import datetime
import logging

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

PUBLISH_INTERVAL = datetime.timedelta(minutes=1)

logger = logging.getLogger(__name__)


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


def requeue_abandoned_tasks():
    """Queue again, due now, the tasks left running past ``TASK_RUNNING_LIMIT`` minutes;
    returns how many."""
    now = timezone.now()
    limit = now - datetime.timedelta(minutes=settings.TASK_RUNNING_LIMIT)
    abandoned = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=limit)
    count = abandoned.update(status=TaskResultStatus.READY, run_after=now)
    if count:
        logger.warning("%d task(s) left running by a worker that stopped, queued again", count)
    return count


@task()
def publish_scheduled_task():
    """Publish the pages whose time has come and unpublish expired ones, every minute; queue
    again the tasks a stopped worker left running."""
    schedule_publishing()
    requeue_abandoned_tasks()
    call_command("publish_scheduled", verbosity=0)
