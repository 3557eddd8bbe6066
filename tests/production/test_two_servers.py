"""Two app servers, one site: the shape docs/deployment.md describes for more than one machine.

Two gunicorn processes (production settings) on their own loopback ports, each with its own
local media folder, share what a deployment shares: one PostgreSQL database, one Redis, one
S3-compatible object store (moto's server) and one CDN (a loopback server taking purges).
Requests go to one or the other as a load balancer would send them: the same host, so one
browser's cookies reach both. The background worker is ``manage.py run_worker``, as deployed.

What one server does, the other sees on its next request: a published or unpublished page,
an uploaded image (its rendition made from the original in the bucket), a session, a login
throttle; and the worker runs the tasks either server queued.
"""

import contextlib
import http.cookiejar
import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

import pytest
from django.conf import settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage
from wagtail.images.models import Image, Rendition
from wagtail.models import Page

from caching.frontend import purge_urls_task
from events.models import EventIndexPage, EventPage, EventType
from taxonomies.models import FieldOfWork, Organization
from tests.hardening.test_uploads import multipart
from tests.helpers import LoopbackCDN, event_form_data, png
from tests.production.servers import Gunicorn, S3Server, TCPProxy, reachable

POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
ADMIN_PASSWORD = "two-servers-admin-password"
QUICK = 5  # seconds: the slowest acceptable answer while a service is down
STUCK = 25  # seconds: the slowest while the object store hangs (its client's timeouts)
CLIENT_ADDRESS = "203.0.113.7"  # the visitor, as the load balancer names it to both servers

if not (reachable(*POSTGRES) and reachable(*REDIS)):
    pytest.skip(
        "the two-server test needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379",
        allow_module_level=True,
    )
psycopg = pytest.importorskip("psycopg")


@dataclass
class Deployment:
    one: Gunicorn
    other: Gunicorn
    store: S3Server
    cdn: LoopbackCDN
    environment: dict
    database_url: str

    def query(self, sql, *params):
        """Rows of the shared database, read as an operator would with psql."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()

    def manage(self, *command, **environment):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env={**os.environ, **self.environment, **environment},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"manage.py {' '.join(command)}:\n{result.stderr}"


@contextlib.contextmanager
def throwaway_database():
    name = f"cms_two_servers_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(
        f"host={POSTGRES[0]} port={POSTGRES[1]} user=postgres dbname=postgres", autocommit=True
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    with contextlib.ExitStack() as stack:
        store = stack.enter_context(S3Server())
        cdn = stack.enter_context(LoopbackCDN())
        database_url = stack.enter_context(throwaway_database())
        environment = {
            "DJANGO_SETTINGS_MODULE": "tests.production.gunicorn_settings",
            "SECRET_KEY": "two-servers-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback
            "CSRF_COOKIE_SECURE": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": "redis://127.0.0.1:6379/13",
            "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex[:8]}",
            "TASKS": "database",
            "FRONTEND_CACHE_PURGE_URL": cdn.url,
            "DEMO_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "LOG_LEVEL": "WARNING",
            **store.environment,
        }
        deployment = Deployment(None, None, store, cdn, environment, database_url)
        # Once per release, before the servers start (the demo's own tasks run at once).
        deployment.manage("migrate", "--noinput", TASKS="immediate")
        deployment.manage("load_demo_content", TASKS="immediate")
        servers = [
            stack.enter_context(
                Gunicorn(
                    {**environment, "MEDIA_ROOT": str(tmp_path_factory.mktemp("server-media"))},
                    tmp_path_factory.mktemp("server-logs"),
                )
            )
            for _ in range(2)
        ]
        deployment.one, deployment.other = servers
        yield deployment


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor's browser: its cookies go to whichever server answers (same host)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirects,
        )

    def request(self, server, path, data=None, content_type=None):
        """``(status, headers, body text)``; redirects are returned, not followed."""
        headers = {"Accept-Language": "en", "X-Forwarded-For": CLIENT_ADDRESS}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(server.url + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def get(self, server, path):
        return self.request(server, path)

    def post(self, server, path, fields):
        """A form posted with the CSRF token the browser holds (fetched first if none)."""
        fields = {"csrfmiddlewaretoken": self.csrf_token(server), **fields}
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        return self.request(server, path, data, "application/x-www-form-urlencoded")

    def upload(self, server, path, fields, filename, content):
        fields = {"csrfmiddlewaretoken": self.csrf_token(server), **fields}
        body, boundary = multipart(fields, filename, content)
        return self.request(server, path, body, f"multipart/form-data; boundary={boundary}")

    def csrf_token(self, server):
        if not self.cookie("csrftoken"):
            self.get(server, "/admin/login/")
        return self.cookie("csrftoken")

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def log_in(self, server, username="admin", password=ADMIN_PASSWORD):
        return self.post(
            server, "/admin/login/", {"username": username, "password": password, "next": ""}
        )


def logged_in(browser, server):
    """Whether ``server`` shows the browser the admin (else it sends it to log in)."""
    status, headers, _ = browser.get(server, "/admin/")
    assert status == 200 or headers["Location"].startswith("/admin/login/"), status
    return status == 200


def publish_event(deployment, browser, server, title, **fields):
    """An event added and published through ``server``'s admin; its id and path."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    (index,) = deployment.query(
        f"SELECT p.id FROM {Page._meta.db_table} p JOIN {EventIndexPage._meta.db_table} i "
        "ON i.page_ptr_id = p.id JOIN wagtailcore_locale l ON l.id = p.locale_id "
        "WHERE l.language_code = 'en'"
    )[0]
    ((organization,),) = deployment.query(f"SELECT min(id) FROM {Organization._meta.db_table}")
    ((field_of_work,),) = deployment.query(f"SELECT min(id) FROM {FieldOfWork._meta.db_table}")
    ((event_type,),) = deployment.query(f"SELECT min(id) FROM {EventType._meta.db_table}")
    data = event_form_data(
        title=title,
        slug=slug,
        event_type=event_type,
        source=organization,
        fields_of_work=[field_of_work],
        **{"action-publish": "action-publish"},
        **fields,
    )
    status, _, body = browser.post(
        server, f"/admin/pages/add/{EventPage._meta.app_label}/eventpage/{index}/", data
    )
    assert status == 302, re.findall(r'class="error-message"[^<]*<[^>]*>([^<]*)', body) or body
    ((page_id,),) = deployment.query(
        f"SELECT id FROM {Page._meta.db_table} WHERE slug = %s AND live", slug
    )
    return page_id, f"/en/events/{slug}/"


def test_a_page_published_through_one_server_is_served_fresh_by_the_other(deployment):
    one, other = deployment.one, deployment.other
    visitor, editor = Browser(), Browser()
    title = "Roundtable on two servers"
    # The other server has answered (and cached, in the shared cache) the listing without it.
    assert visitor.get(other, "/en/events/")[0] == 200
    assert title not in visitor.get(other, "/en/events/")[2]
    assert editor.log_in(one)[0] == 302

    page_id, path = publish_event(deployment, editor, one, title)

    status, _, body = visitor.get(other, "/en/events/")
    assert status == 200 and title in body
    status, _, body = visitor.get(other, path)
    assert status == 200 and title in body
    status, _, body = visitor.get(other, f"/api/v2/pages/{page_id}/")
    assert status == 200 and json.loads(body)["title"] == title

    status, _, _ = editor.post(one, f"/admin/pages/{page_id}/unpublish/", {})
    assert status == 302

    assert visitor.get(other, path)[0] == 404
    assert visitor.get(other, f"/api/v2/pages/{page_id}/")[0] == 404
    assert title not in visitor.get(other, "/en/events/")[2]


def timed(call, *args):
    """``(status, seconds, body)`` of a request."""
    started = time.monotonic()
    status, _, body = call(*args)
    return status, round(time.monotonic() - started, 2), body


def upload_image(deployment, browser, server, title):
    """An image uploaded through ``server``'s admin; its id."""
    status, _, body = browser.upload(
        server, "/admin/images/add/", {"title": title}, "photo.png", png()
    )
    assert status == 302, body
    ((image_id,),) = deployment.query(
        f"SELECT id FROM {Image._meta.db_table} WHERE title = %s", title
    )
    return image_id


def timed_upload(browser, server, title):
    """An image upload through ``server``'s admin: its status, seconds taken and body."""
    return timed(browser.upload, server, "/admin/images/add/", {"title": title}, "photo.png", png())


def test_an_image_uploaded_through_one_server_is_shown_by_the_other(deployment):
    one, other, store = deployment.one, deployment.other, deployment.store
    editor, visitor = Browser(), Browser()
    assert editor.log_in(one)[0] == 302

    status, _, _ = editor.upload(
        one,
        "/admin/images/add/",
        {"title": "Observers at a polling station"},
        "observers.png",
        png(size=(96, 64)),
    )

    assert status == 302
    ((image_id, original),) = deployment.query(
        f"SELECT id, file FROM {Image._meta.db_table} WHERE title = %s",
        "Observers at a polling station",
    )
    assert original in store.keys("original_images/")  # in the bucket, on no server's disk
    page_id, path = publish_event(deployment, editor, one, "Observers briefing", image=image_id)

    # The other server makes the renditions, from the original in the bucket.
    status, _, body = visitor.get(other, path)
    assert status == 200
    renditions = deployment.query(
        f"SELECT file FROM {Rendition._meta.db_table} WHERE image_id = %s", image_id
    )
    assert renditions
    for (file,) in renditions:
        assert file in store.keys("images/")
    shown = re.findall(rf'src="({re.escape(store.endpoint)}/[^"]+)"', body)
    assert shown and all("/images/" in url for url in shown)
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(shown[0]) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert PILImage.open(io.BytesIO(response.read())).size[0] <= 96

    # The first server shows the same renditions, made once for both.
    status, _, body = visitor.get(one, path)
    assert status == 200
    assert set(re.findall(rf'src="({re.escape(store.endpoint)}/[^"]+)"', body)) == set(shown)
    assert (
        deployment.query(
            f"SELECT file FROM {Rendition._meta.db_table} WHERE image_id = %s", image_id
        )
        == renditions
    )


def test_a_session_made_on_one_server_holds_on_the_other(deployment):
    one, other = deployment.one, deployment.other
    editor = Browser()
    assert not logged_in(editor, other)

    assert editor.log_in(one)[0] == 302

    assert logged_in(editor, other)

    # Logged out through the other server: the first one knows it too.
    assert editor.post(other, "/admin/logout/", {})[0] == 302
    assert not logged_in(editor, one)


def test_a_login_throttle_on_one_server_holds_on_the_other(deployment):
    one, other = deployment.one, deployment.other
    deployment.manage(
        "createsuperuser",
        "--noinput",
        "--username=guessed",
        "--email=guessed@example.org",
        DJANGO_SUPERUSER_PASSWORD="the-right-password-for-guessed",
    )
    attacker = Browser()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attacker.log_in(one, "guessed", f"wrong-{attempt}")[0] == 200
    # The last allowed failure, on the other server: it counts the first one's.
    assert attacker.log_in(other, "guessed", "wrong-last")[0] == 429

    # Locked on both, even with the right password.
    for server in (one, other):
        status, headers, _ = attacker.log_in(server, "guessed", "the-right-password-for-guessed")
        assert status == 429 and int(headers["Retry-After"]) > 0
    # Another account from the same address is not locked out.
    assert Browser().log_in(other)[0] == 302


def test_the_worker_runs_tasks_queued_by_either_server(deployment):
    one, other, cdn = deployment.one, deployment.other, deployment.cdn
    editor = Browser()
    assert editor.log_in(one)[0] == 302
    first_id, first_path = publish_event(deployment, editor, one, "Queued on the first server")
    second_id, second_path = publish_event(deployment, editor, other, "Queued on the other server")

    def purged(path):
        return any(url.endswith(path) for url in cdn.purged)

    # The requests are over and their purges wait in the table for the worker.
    waiting = deployment.query(
        f"SELECT count(*) FROM {DBTaskResult._meta.db_table} WHERE task_path = %s AND status = %s",
        purge_urls_task.module_path,
        TaskResultStatus.READY,
    )[0][0]
    assert waiting >= 2
    assert not purged(first_path) and not purged(second_path)

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **deployment.environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not (purged(first_path) and purged(second_path)):
            assert worker.poll() is None, worker.stderr.read().decode()
            assert time.monotonic() < deadline, cdn.purged
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    assert any(url.endswith(f"/api/v2/pages/{first_id}/") for url in cdn.purged)
    assert any(url.endswith(f"/api/v2/pages/{second_id}/") for url in cdn.purged)
    statuses = deployment.query(
        f"SELECT DISTINCT status FROM {DBTaskResult._meta.db_table} WHERE task_path = %s",
        purge_urls_task.module_path,
    )
    assert statuses == [(TaskResultStatus.SUCCESSFUL,)]


def test_with_the_object_store_down_pages_answer_and_uploads_are_a_503(deployment, tmp_path):
    """The fault table's object-store row (docs/faults.md), measured on a third server that
    reaches the store through a proxy the test cuts."""
    store = deployment.store
    proxy = TCPProxy(("127.0.0.1", store.port)).start()
    environment = {
        **deployment.environment,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{proxy.port}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    editor, visitor = Browser(), Browser()
    try:
        with Gunicorn(environment, tmp_path) as server:
            assert editor.log_in(server)[0] == 302
            shown = upload_image(deployment, editor, server, "Shown before the outage")
            _, shown_path = publish_event(deployment, editor, server, "Shown event", image=shown)
            assert visitor.get(server, shown_path)[0] == 200  # its renditions are made
            unseen = upload_image(deployment, editor, server, "Never shown before the outage")
            unseen_page, unseen_path = publish_event(
                deployment, editor, server, "Unseen event", image=unseen
            )

            proxy.cut()

            paths = (
                "/en/",
                "/en/events/",
                shown_path,
                unseen_path,
                f"/api/v2/pages/{unseen_page}/",
            )
            answers = {path: timed(visitor.get, server, path) for path in paths}
            print("object store down:", {path: answer[:2] for path, answer in answers.items()})
            assert [answer[0] for answer in answers.values()] == [200] * len(paths)
            assert max(answer[1] for answer in answers.values()) < QUICK
            # The renditions made before are still shown (their files are the bucket's to serve).
            assert f"/{store.BUCKET}/images/" in answers[shown_path][2]
            # The image never shown is missing from its page, which nobody keeps.
            status, headers, _ = visitor.get(server, unseen_path)
            assert "no-store" in headers["Cache-Control"]
            assert not rendition_files(deployment, unseen)

            status, seconds, body = timed_upload(editor, server, "Uploaded during the outage")
            print("object store down: upload", status, seconds)
            assert status == 503 and seconds < QUICK
            assert "try again" in body
            assert not deployment.query(
                f"SELECT id FROM {Image._meta.db_table} WHERE title = %s",
                "Uploaded during the outage",
            )

            proxy.restore()

            # Back: the page that showed a missing image shows it now.
            status, headers, body = visitor.get(server, unseen_path)
            assert status == 200 and rendition_files(deployment, unseen)
            assert all(
                file in store.keys("images/") for file in rendition_files(deployment, unseen)
            )
            assert upload_image(deployment, editor, server, "Uploaded after the outage")

            # Stuck: connections accepted, nothing answered. The client's timeouts
            # (AWS_S3_CLIENT_CONFIG: 3 s to connect, 5 s per read, 2 tries) bound the wait.
            stuck = upload_image(deployment, editor, server, "Never shown before it stuck")
            _, stuck_path = publish_event(deployment, editor, server, "Stuck event", image=stuck)
            proxy.freeze()
            status, seconds, _ = timed(visitor.get, server, stuck_path)
            print("object store stuck: page", status, seconds)
            assert status == 200 and seconds < STUCK
            status, seconds, _ = timed_upload(editor, server, "Uploaded while it was stuck")
            print("object store stuck: upload", status, seconds)
            assert status == 503 and seconds < STUCK
            proxy.thaw()
    finally:
        proxy.stop()


def rendition_files(deployment, image_id):
    return [
        file
        for (file,) in deployment.query(
            f"SELECT file FROM {Rendition._meta.db_table} WHERE image_id = %s", image_id
        )
    ]
