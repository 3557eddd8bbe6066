"""``manage.py run_worker``: django-tasks-db's ``db_worker``, with scheduled publishing.

It takes every option of ``db_worker`` (``--batch``, ``--interval``, ``--max-tasks``,
``--queue-name``, ...) and first queues the scheduled-publishing job unless one is
waiting (worker.tasks), so a fresh database or a chain broken by a killed worker starts
again with the worker, and queues again the tasks a stopped worker left running.
"""

import datetime

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from worker.tasks import requeue_abandoned_tasks, schedule_publishing


class Command(DBWorkerCommand):
    help = "Run the background worker (db_worker) and the scheduled publishing it runs"

    def handle(self, *args, **options):
        # Due now: a worker that starts publishes what came due while none was running.
        schedule_publishing(delay=datetime.timedelta(0))
        requeue_abandoned_tasks()
        return super().handle(*args, **options)
