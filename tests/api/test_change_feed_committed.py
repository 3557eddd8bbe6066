"""The change feed with real commits: the client loop of docs/api.md over HTTP, the worker's
task, and entries numbered in commit order when two transactions race (PostgreSQL)."""

import re
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Site

from changes.feed import reconcile
from changes.models import Change
from changes.tasks import reconcile_task
from tests import factories
from tests.api.test_change_feed import listed_pages
from tests.api.utils import translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def docs_sync_loop():
    """The Python block under "A client's sync loop" in docs/api.md."""
    docs = (Path(django_settings.BASE_DIR) / "docs" / "api.md").read_text()
    section = docs[docs.index("A client's sync loop") :]
    return re.search(r"```python\n(.*?)```", section, re.S)[1]


def test_the_sync_loop_of_the_docs_keeps_a_copy_over_http(site_tree, live_server):
    site = Site.objects.get()
    site.port = int(live_server.url.rsplit(":", 1)[1])
    site.save()
    event = factories.EventPageFactory(parent=site_tree.events, title="Training")
    code = docs_sync_loop().replace("http://127.0.0.1:8000", live_server.url)
    namespace = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)  # noqa: S102 - our own docs' code
    client = Client()
    assert namespace["copy"] == listed_pages(client)
    assert event.pk in namespace["copy"]

    event.unpublish()
    translate(site_tree.about, title="О нас")
    news = factories.NewsPageFactory(parent=site_tree.news, title="Statement")
    cursor = namespace["sync"](namespace["copy"], namespace["cursor"])

    assert namespace["copy"] == listed_pages(client)
    assert event.pk not in namespace["copy"] and news.pk in namespace["copy"]
    assert cursor != namespace["cursor"]


def test_the_worker_appends_the_entries_of_a_commit(site_tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reconcile(force=True)
    event = factories.EventPageFactory(parent=site_tree.events, title="Training")
    assert DBTaskResult.objects.filter(task_path=reconcile_task.module_path).exists()
    assert not Change.objects.filter(page_id=event.pk).exists()

    call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert list(Change.objects.filter(page_id=event.pk).values_list("action", flat=True)) == [
        "upsert"
    ]


def test_entries_are_numbered_in_commit_order_when_two_transactions_race(site_tree):
    """A transaction that appended entries holds the feed until it commits: another one's
    entries, numbered after, cannot be read before them (a client would skip them)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time: the race cannot happen there")
    reconcile(force=True)
    holding = threading.Event()
    release = threading.Event()

    def slow_transaction():
        try:
            with transaction.atomic():
                page = factories.StandardPageFactory(parent=site_tree.about, title="First")
                reconcile(force=True)
                holding.set()
                release.wait(10)
            first.append(page.pk)
        finally:
            connection.close()

    def other_transaction():
        try:
            # Committed at once; the reconcile after its commit waits for the first.
            factories.NewsPageFactory(parent=site_tree.news, title="Second")
        finally:
            connection.close()

    first = []
    slow = threading.Thread(target=slow_transaction)
    slow.start()
    assert holding.wait(10)
    other = threading.Thread(target=other_transaction)
    other.start()
    other.join(2)
    try:
        # Waiting for the first to commit, with nothing of its own readable yet.
        assert other.is_alive()
        second = [Page.objects.get(title="Second").pk]
        assert not Change.objects.filter(page_id=second[0]).exists()
    finally:
        release.set()
        slow.join(10)
        other.join(10)
    entries = list(Change.objects.filter(page_id__in=first + second).order_by("pk"))
    assert [(entry.page_id, entry.action) for entry in entries] == [
        (first[0], "upsert"),
        (second[0], "upsert"),
    ]
