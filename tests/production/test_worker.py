"""The background worker: Wagtail's tasks stored in the database and run by ``run_worker``.

With ``TASKS=database`` (production's default) publishing a page queues its search and
reference indexing and its CDN purge as rows of django-tasks-db's table instead of running
them in the editor's request; ``manage.py run_worker --batch`` (django-tasks-db's
``db_worker``, which it extends) runs them. A failed purge is recorded as failed, listed
in the admin's report and tried again later; scheduled publishing runs in the worker.
Everything here is real: the table, the worker command, a CDN on loopback, commits.
"""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.tasks import update_reference_index_task

from caching.frontend import purge_urls_task
from events.models import EventPage
from tests import factories
from tests.helpers import event_form_data, loopback_cdn, publish
from tests.search.utils import result_titles, search_page
from worker.tasks import publish_scheduled_task

# Committed for real: the worker closes a connection left in a transaction (as after a
# request), so the test's own rolled-back transaction cannot hold it (on PostgreSQL).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """Run every task that is due, as the worker does, then return."""
    call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def rows(task):
    return DBTaskResult.objects.filter(task_path=task.module_path).order_by("enqueued_at")


@pytest.fixture
def cdn(settings):
    with loopback_cdn(settings) as server:
        yield server


def test_publishing_in_the_admin_queues_the_tasks_and_the_worker_runs_them(
    site_tree, admin_client, database_tasks, cdn
):
    event = factories.EventPageFactory(parent=site_tree.events, title="Quokka", live=False)
    data = event_form_data(
        slug=event.slug,
        title="Quokka workshop",
        event_type=event.event_type_id,
        source=event.source_id,
        fields_of_work=[term.pk for term in event.fields_of_work.all()],
        **{"action-publish": "action-publish"},
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors

    # The request is over: its tasks wait in the table, none has run.
    for task in (insert_or_update_object_task, update_reference_index_task, purge_urls_task):
        assert rows(task).exists(), task.module_path
        assert set(rows(task).values_list("status", flat=True)) == {TaskResultStatus.READY}
    assert cdn.purged == []
    assert result_titles(search_page(q="Quokka")) == []

    run_worker()

    assert not DBTaskResult.objects.exclude(task_path=publish_scheduled_task.module_path).exclude(
        status=TaskResultStatus.SUCCESSFUL
    )
    assert "http://localhost/en/events/" in cdn.purged
    assert f"http://localhost/api/v2/pages/{event.pk}/" in cdn.purged
    assert result_titles(search_page(q="Quokka")) == ["Quokka workshop"]


def test_a_search_cached_before_indexing_finished_is_not_served_after(
    site_tree, database_tasks, settings
):
    settings.RESPONSE_CACHE = True
    event = factories.EventPageFactory(parent=site_tree.events, title="Wombat", live=False)
    publish(event)
    # Published, not yet indexed: the search finds nothing, and its page is cached.
    assert result_titles(search_page(q="Wombat")) == []
    assert result_titles(search_page(q="Wombat")) == []

    run_worker()

    assert result_titles(search_page(q="Wombat")) == ["Wombat"]


@pytest.fixture
def moderator(db):
    user = User.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_a_failed_purge_is_recorded_shown_to_administrators_and_retried(
    site_tree, database_tasks, cdn, admin_client, client, moderator
):
    cdn.failing = True
    urls = ["http://localhost/en/events/", "http://localhost/api/v2/events/"]
    purge_urls_task.enqueue(urls)

    run_worker()

    first, second = rows(purge_urls_task)
    assert first.status == TaskResultStatus.FAILED
    assert first.exception_class_path == "caching.frontend.PurgeFailed"
    assert "attempt 2 queued" in first.traceback
    assert "503" in first.traceback
    # The next attempt waits its minute: running the worker now leaves it alone.
    assert second.status == TaskResultStatus.READY
    assert second.args_kwargs == {"args": [urls], "kwargs": {"attempt": 2}}
    wait = second.run_after - first.finished_at
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)
    run_worker()
    second.refresh_from_db()
    assert second.status == TaskResultStatus.READY

    # Administrators see the failure in the admin, with its error.
    report = admin_client.get(reverse("worker_task_results"), {"status": "FAILED"})
    assert report.status_code == 200
    html = report.content.decode()
    assert "purge_urls_task" in html
    assert "PurgeFailed" in html
    assert "attempt 2 queued" in html
    export = admin_client.get(reverse("worker_task_results"), {"export": "csv"})
    assert "caching.frontend.PurgeFailed" in b"".join(export.streaming_content).decode()
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("worker_task_results") in menu
    # Editors do not: arguments and tracebacks are for administrators.
    client.force_login(moderator)
    assert client.get(reverse("worker_task_results")).status_code in (302, 403)

    # A minute later the CDN answers again, and the second attempt purges.
    cdn.failing = False
    DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())
    run_worker()
    second.refresh_from_db()
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert set(urls) <= set(cdn.purged)
    assert rows(purge_urls_task).count() == 2  # nothing more queued


def test_purges_stop_after_the_last_attempt(site_tree, database_tasks, cdn, settings):
    settings.PURGE_ATTEMPTS = 2
    cdn.failing = True
    purge_urls_task.enqueue(["http://localhost/en/"], attempt=2)

    run_worker()

    (last,) = rows(purge_urls_task)
    assert last.status == TaskResultStatus.FAILED
    assert "giving up after attempt 2" in last.traceback


def test_the_worker_publishes_due_pages_and_unpublishes_expired_ones(site_tree, database_tasks):
    past = timezone.now() - datetime.timedelta(minutes=5)
    due = factories.EventPageFactory(parent=site_tree.events, title="Due", live=False)
    due.go_live_at = past
    due.save_revision(approved_go_live_at=past)
    expired = factories.EventPageFactory(parent=site_tree.events, title="Expired")
    Page.objects.filter(pk=expired.pk).update(expire_at=past)

    run_worker()

    assert EventPage.objects.get(pk=due.pk).live
    assert not EventPage.objects.get(pk=expired.pk).live
    assert EventPage.objects.get(pk=expired.pk).expired
    # The job ran once and queued its next run a minute later: one waits, never two.
    done, waiting = rows(publish_scheduled_task)
    assert done.status == TaskResultStatus.SUCCESSFUL, done.traceback
    assert waiting.status == TaskResultStatus.READY
    assert waiting.run_after > timezone.now() + datetime.timedelta(seconds=50)
    run_worker()  # a second worker start, or a restart, adds no second chain
    assert rows(publish_scheduled_task).filter(status=TaskResultStatus.READY).count() == 1


def test_with_the_immediate_backend_tasks_run_in_the_request(site_tree, cdn):
    """Tests and ``make run`` (TASKS=immediate): no worker, nothing stored, done at once."""
    event = factories.EventPageFactory(parent=site_tree.events, title="Koala", live=False)
    publish(event)
    assert result_titles(search_page(q="Koala")) == ["Koala"]
    assert "http://localhost/en/events/koala/" in cdn.purged  # Wagtail's own purge
    cdn.purged.clear()
    purge_urls_task.enqueue(["http://localhost/en/"])
    assert sorted(cdn.purged) == ["http://localhost/en/", "http://localhost/ru/"]
    assert not DBTaskResult.objects.exists()


def deploy_check(**env):
    """``manage.py check --deploy`` with the production settings, in a fresh process."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "RESPONSE_", "TASKS"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="worker-test-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="www.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",  # never connected to
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_queues_tasks_for_the_worker_and_warns_when_told_not_to():
    assert deploy_check().returncode == 0  # TASKS unset: the database backend
    immediate = deploy_check(TASKS="immediate")
    assert immediate.returncode == 1
    assert "worker.W001" in immediate.stderr
    wrong = deploy_check(TASKS="celery")
    assert "TASKS must be one of immediate, database, not 'celery'" in wrong.stderr


def stuck_purge(settings, minutes_running):
    """A purge claimed by a worker that then stopped, ``minutes_running`` minutes ago."""
    purge_urls_task.enqueue(["http://localhost/en/events/"])
    row = rows(purge_urls_task).get()
    row.claim("worker-killed-midway")  # as db_worker claims it before running it
    started = timezone.now() - datetime.timedelta(minutes=minutes_running)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)
    return row


def test_a_task_left_running_by_a_stopped_worker_is_run_again(
    site_tree, database_tasks, cdn, settings
):
    """A worker killed midway (a deploy, a machine lost) left its purge "running": without
    this, nothing would ever run it and the CDN would keep the old page."""
    stuck_purge(settings, minutes_running=settings.TASK_RUNNING_LIMIT + 1)

    run_worker()  # a worker that starts queues it again, then runs it

    assert rows(purge_urls_task).get().status == TaskResultStatus.SUCCESSFUL
    assert "http://localhost/en/events/" in cdn.purged


def test_the_scheduled_chain_queues_abandoned_tasks_again(site_tree, database_tasks, settings):
    """With workers on several machines, none may start again soon: the chain that runs
    every minute on whichever is alive queues the abandoned tasks too."""
    row = stuck_purge(settings, minutes_running=settings.TASK_RUNNING_LIMIT + 1)

    publish_scheduled_task.call()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.run_after <= timezone.now()


def test_a_task_running_within_the_limit_is_left_to_its_worker(
    site_tree, database_tasks, cdn, settings
):
    stuck_purge(settings, minutes_running=settings.TASK_RUNNING_LIMIT - 1)

    run_worker()

    assert rows(purge_urls_task).get().status == TaskResultStatus.RUNNING
    assert cdn.purged == []


def test_clearing_the_site_cache_leaves_the_purge_to_the_worker(site_tree, database_tasks, cdn):
    """After a restore the whole site's purge goes through the worker, which tries it again
    if the CDN refuses it, as a publish's purge does."""
    publish(factories.EventPageFactory(parent=site_tree.events, title="Quokka"))
    DBTaskResult.objects.all().delete()
    out = io.StringIO()
    call_command("clear_site_cache", stdout=out)

    assert "queued for the worker" in out.getvalue()
    assert rows(purge_urls_task).get().status == TaskResultStatus.READY
    run_worker()
    assert rows(purge_urls_task).get().status == TaskResultStatus.SUCCESSFUL
    assert "http://localhost/api/v2/events/" in cdn.purged
