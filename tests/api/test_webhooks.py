"""Webhooks: feed entries POSTed, signed, to a real HTTP receiver on loopback; retried by
the worker; logged and resent in the admin, by superusers only."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from changes.feed import reconcile
from changes.models import Change, WebhookDelivery, WebhookEndpoint
from changes.webhooks import deliver_webhook_task
from tests import factories
from tests.api.test_openapi_schema import SCHEMA_URL, validate_against
from tests.api.utils import translate
from tests.helpers import publish

EVENTS = ["published", "unpublished", "deleted", "moved"]


def docs_verify():
    """``verify`` from the Python block under "A receiver's signature check" in docs/api.md."""
    docs = (Path(django_settings.BASE_DIR) / "docs" / "api.md").read_text()
    section = docs[docs.index("A receiver's signature check") :]
    namespace = {}
    exec(re.search(r"```python\n(.*?)```", section, re.S)[1], namespace)  # noqa: S102 - our docs
    return namespace["verify"]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        status = self.server.answers.pop(0) if self.server.answers else 200
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", self.server.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # a client following a 302 would GET the new address
        self.server.received.append((dict(self.headers), b""))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Receiver:
    """A real HTTP server on loopback: ``received`` lists (headers, body) of each POST;
    ``answers`` the statuses it gives next (then 200); ``location`` where a 3xx points."""

    def __init__(self, answers=(), location=""):
        self.answers = list(answers)
        self.location = location

    def __enter__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.received = self.received = []
        self._server.answers = self.answers
        self._server.location = self.location
        self.url = f"http://127.0.0.1:{self._server.server_port}/hook"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def receiver():
    with Receiver() as server:
        yield server


def endpoint_for(receiver, **fields):
    return WebhookEndpoint.objects.create(
        name="Partner portal", url=receiver.url, events=fields.pop("events", EVENTS), **fields
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs ``action``, then the feed's reconcile that its commit queues, and what waits for
    that commit (the deliveries), inside the test's transaction."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
            reconcile(force=True)
        return result

    return run


def payloads(receiver):
    return [json.loads(body) for _headers, body in receiver.received]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_delivers_a_signed_post_the_docs_check_verifies(site_tree, receiver):
    """Committed for real: the publish's commit runs the feed's task, whose commit sends."""
    reconcile(force=True)
    endpoint = endpoint_for(receiver)
    event = factories.EventPageFactory(parent=site_tree.events, title="Training", live=False)
    assert receiver.received == []
    publish(event)

    [(headers, body)] = receiver.received
    payload = json.loads(body)
    entry = Change.objects.get(page_id=event.pk)
    assert set(payload) == {
        "event", "cursor", "action", "id", "type", "locale", "html_url", "detail_url"
    }  # fmt: skip
    assert payload["event"] == "published"
    assert payload["id"] == event.pk
    assert payload["action"] == "upsert"
    assert payload["type"] == "events.EventPage"
    assert payload["detail_url"] == f"http://localhost/api/v2/pages/{event.pk}/"
    assert payload["html_url"] == event.get_full_url()
    feed = Client().get("/api/v2/changes/").json()["items"]
    assert {key: value for key, value in payload.items() if key != "event"} in feed
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == f"{django_settings.WAGTAIL_SITE_NAME} webhooks"

    verify = docs_verify()
    timestamp, signature = headers["X-Webhook-Timestamp"], headers["X-Webhook-Signature"]
    now = int(timestamp) + 10
    assert verify(endpoint.secret, body, timestamp, signature, now=now)
    tampered = body.replace(b'"published"', b'"unpublished"')
    assert not verify(endpoint.secret, tampered, timestamp, signature, now=now)
    assert not verify("another secret", body, timestamp, signature, now=now)
    assert not verify(endpoint.secret, body, str(int(timestamp) - 1), signature, now=now)
    # Outside the replay window, the same genuine delivery is refused.
    assert not verify(endpoint.secret, body, timestamp, signature, now=int(timestamp) + 301)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("delivered", 200, 1)
    assert delivery.change_id == entry.pk and delivery.finished_at is not None
    assert delivery.duration_ms is not None


def test_events_published_moved_unpublished_deleted(site_tree, receiver, committed):
    """Each event's delivery, and each matches the OpenAPI document's ``webhooks`` (the
    body as ``WebhookDelivery``, the signature headers their declared form), so a client
    can generate its receiver from the document."""
    reconcile(force=True)
    endpoint_for(receiver)
    page = committed(lambda: factories.NewsPageFactory(parent=site_tree.news, title="Statement"))

    def edit():
        page.title = "Statement, edited"
        publish(page)

    committed(edit)

    def move():
        page.slug = "new-address"
        publish(page)

    committed(move)
    committed(page.unpublish)
    committed(lambda: publish(page))
    committed(page.delete)

    assert [(p["event"], p["action"], p["id"]) for p in payloads(receiver)] == [
        ("published", "upsert", page.pk),
        ("published", "upsert", page.pk),
        ("moved", "upsert", page.pk),
        ("unpublished", "delete", page.pk),
        ("published", "upsert", page.pk),
        ("deleted", "delete", page.pk),
    ]
    assert payloads(receiver)[2]["html_url"].endswith("/new-address/")

    document = Client().get(SCHEMA_URL).json()
    webhook = document["webhooks"]["change"]["post"]
    body = webhook["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/WebhookDelivery"}
    headers = {parameter["name"]: parameter for parameter in webhook["parameters"]}
    for received_headers, raw in receiver.received:
        validate_against(document, "WebhookDelivery", json.loads(raw))
        for name, parameter in headers.items():
            assert parameter["in"] == "header" and parameter["required"]
            assert re.fullmatch(parameter["schema"]["pattern"], received_headers[name]), name
    with pytest.raises(AssertionError):  # the schema is closed: a stray field is caught
        validate_against(document, "WebhookDelivery", {**json.loads(raw), "surprise": 1})


def test_only_the_chosen_events_page_types_and_languages_are_delivered(
    site_tree, receiver, committed
):
    reconcile(force=True)
    endpoint_for(receiver, events=["unpublished"], page_types=["news.NewsPage"], locales=["ru"])
    with Receiver() as everything:
        endpoint_for(everything)
        news = committed(lambda: factories.NewsPageFactory(parent=site_tree.news, title="News"))
        news_ru = committed(lambda: translate(news, title="Новость"))
        event = committed(lambda: factories.EventPageFactory(parent=site_tree.events))
        event_ru = committed(lambda: translate(event, title="Событие"))
        for page in (news, news_ru, event, event_ru):
            committed(page.unpublish)
        assert {(p["event"], p["id"]) for p in payloads(everything)} >= {
            ("unpublished", news.pk),
            ("unpublished", news_ru.pk),
            ("unpublished", event_ru.pk),
        }
    assert [(p["event"], p["id"], p["locale"]) for p in payloads(receiver)] == [
        ("unpublished", news_ru.pk, "ru")
    ]


def test_an_inactive_endpoint_gets_nothing(site_tree, receiver, committed):
    reconcile(force=True)
    endpoint_for(receiver, active=False)
    committed(lambda: factories.NewsPageFactory(parent=site_tree.news))
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_a_redirect_is_not_followed_and_counts_as_a_failure(site_tree, committed):
    reconcile(force=True)
    with Receiver() as elsewhere, Receiver(answers=[302]) as receiver:
        receiver.location = receiver._server.location = elsewhere.url
        endpoint_for(receiver)
        committed(lambda: factories.NewsPageFactory(parent=site_tree.news))
        assert len(receiver.received) == 1
        assert elsewhere.received == []
    delivery = WebhookDelivery.objects.get()
    # TASKS=immediate cannot defer a retry: one attempt, failed.
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("failed", 302, 1)
    assert delivery.last_error == "answered 302"


def test_an_unreachable_receiver_never_fails_the_publish(site_tree, committed):
    reconcile(force=True)
    with Receiver() as gone:
        url = gone.url
    WebhookEndpoint.objects.create(name="Gone", url=url, events=EVENTS)
    news = committed(lambda: factories.NewsPageFactory(parent=site_tree.news, title="Still"))
    assert news.live
    assert Change.objects.filter(page_id=news.pk).exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.status_code is None
    assert "ConnectionRefusedError" in delivery.last_error


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_delivery_is_retried_by_the_worker_and_logged_once(site_tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run_worker():
        call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    reconcile(force=True)
    with Receiver(answers=[500]) as receiver:
        endpoint_for(receiver)
        news = factories.NewsPageFactory(parent=site_tree.news, title="Statement")
        run_worker()  # the feed's reconcile, then the first attempt

        assert len(receiver.received) == 1
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.status_code, delivery.attempts) == ("retrying", 500, 1)
        tasks = DBTaskResult.objects.filter(task_path=deliver_webhook_task.module_path)
        first, second = tasks.order_by("enqueued_at")
        assert first.status == "FAILED" and "attempt 2 queued" in first.traceback
        assert second.status == "READY"
        assert second.args_kwargs == {"args": [delivery.pk], "kwargs": {"attempt": 2}}
        wait = second.run_after - first.finished_at
        assert 50 < wait.total_seconds() <= 60
        # Its minute is made to pass instead of waited for; the retry itself is real.
        DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())
        run_worker()

        assert len(receiver.received) == 2
        first_body, second_body = (body for _headers, body in receiver.received)
        assert json.loads(first_body) == json.loads(second_body)
        assert json.loads(second_body)["id"] == news.pk
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("delivered", 200, 2)
    assert delivery.last_error == "" and delivery.finished_at is not None


# --- The admin ----------------------------------------------------------------------


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def endpoint_form(**fields):
    return {
        "name": "Portal",
        "url": "https://partner.example/hooks",
        "secret": "s3cret-of-the-portal",
        "events": ["published", "moved"],
        "page_types": ["events.EventPage"],
        "locales": ["en"],
        "active": "on",
        **fields,
    }


def test_administrators_register_an_endpoint_with_a_generated_secret(admin_client):
    form = admin_client.get(reverse("webhooks:add"))
    assert form.status_code == 200
    secret = form.context["form"].initial.get("secret") or form.context["form"]["secret"].value()
    assert len(secret) >= 40
    assert secret in form.content.decode()  # shown, to be given to the receiver

    response = admin_client.post(reverse("webhooks:add"), endpoint_form(secret=secret))
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.url == "https://partner.example/hooks"
    assert endpoint.secret == secret
    assert endpoint.events == ["published", "moved"]
    assert (endpoint.page_types, endpoint.locales) == (["events.EventPage"], ["en"])

    listing = admin_client.get(reverse("webhooks:index")).content.decode()
    assert "Portal" in listing and "https://partner.example/hooks" in listing
    assert secret not in listing  # only on the webhook's own form
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("webhooks:index") in menu
    assert reverse("changes_webhook_deliveries") in menu


def test_the_api_base_url_setting_names_the_detail_url(site_tree, receiver, committed, settings):
    settings.WAGTAILAPI_BASE_URL = "https://cms.example.org/ignored/path"
    reconcile(force=True)
    endpoint_for(receiver)
    news = committed(lambda: factories.NewsPageFactory(parent=site_tree.news))
    assert payloads(receiver)[0]["detail_url"] == (
        f"https://cms.example.org/api/v2/pages/{news.pk}/"
    )


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://partner.example/x", "gopher://x", "partner.example"]
)
def test_a_url_that_is_not_http_is_refused_with_a_message(admin_client, url):
    response = admin_client.post(reverse("webhooks:add"), endpoint_form(url=url))
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == [
        "Enter an http:// or https:// address; no other kind is delivered to."
    ]
    assert not WebhookEndpoint.objects.exists()


def test_an_unknown_event_is_refused(admin_client):
    response = admin_client.post(reverse("webhooks:add"), endpoint_form(events=["everything"]))
    assert response.status_code == 200
    assert "events" in response.context["form"].errors


def test_editors_cannot_see_endpoints_secrets_or_the_log(client, editor, admin_user):
    endpoint = WebhookEndpoint.objects.create(
        name="Portal", url="https://partner.example/", events=EVENTS
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="published", payload={"id": 1}
    )
    # Even with the models' permissions given: a secret is for superusers only.
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="changes", codename__contains="webhook")
    )
    client.force_login(editor)
    for url in (
        reverse("webhooks:index"),
        reverse("webhooks:add"),
        reverse("webhooks:edit", args=[endpoint.pk]),
        reverse("changes_webhook_deliveries"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert endpoint.secret not in response.content.decode()
    # Wagtail's admin turns the refusal into a redirect with a message.
    response = client.post(reverse("changes_webhook_resend", args=[delivery.pk]))
    assert response.status_code in (302, 403)
    assert WebhookDelivery.objects.count() == 1
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("webhooks:index") not in menu
    assert reverse("changes_webhook_deliveries") not in menu


def test_the_log_shows_deliveries_and_resend_delivers_again(
    site_tree, receiver, committed, admin_client
):
    reconcile(force=True)
    endpoint_for(receiver)
    news = committed(lambda: factories.NewsPageFactory(parent=site_tree.news, title="Statement"))
    delivery = WebhookDelivery.objects.get()

    log = admin_client.get(reverse("changes_webhook_deliveries"))
    assert log.status_code == 200
    html = log.content.decode()
    assert "Partner portal" in html
    resend_url = reverse("changes_webhook_resend", args=[delivery.pk])
    assert f'action="{resend_url}"' in html
    assert "csrfmiddlewaretoken" in html

    assert admin_client.get(resend_url).status_code == 405
    response = committed(lambda: admin_client.post(resend_url))
    assert response.status_code == 302
    assert len(receiver.received) == 2
    assert payloads(receiver)[1] == payloads(receiver)[0]
    assert payloads(receiver)[1]["id"] == news.pk
    assert WebhookDelivery.objects.count() == 2
    again = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert (again.status, again.attempts) == ("delivered", 1)


def test_resend_needs_the_csrf_token(site_tree, admin_user):
    endpoint = WebhookEndpoint.objects.create(
        name="Portal", url="https://partner.example/", events=EVENTS
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="published", payload={"id": 1}
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(reverse("changes_webhook_resend", args=[delivery.pk]))
    assert response.status_code == 403
    assert WebhookDelivery.objects.count() == 1


def test_the_admin_screens_speak_russian(admin_client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ru"
    profile.save()
    endpoint = WebhookEndpoint.objects.create(
        name="Portal", url="https://partner.example/", events=EVENTS
    )
    WebhookDelivery.objects.create(endpoint=endpoint, event="moved", payload={"id": 1})
    log = admin_client.get(reverse("changes_webhook_deliveries")).content.decode()
    for text in ("Отправки вебхуков", "Отправить снова", "Перемещена", "Ожидает", "Попытки"):
        assert text in log, text
    form = admin_client.get(reverse("webhooks:edit", args=[endpoint.pk])).content.decode()
    for text in ("Ничего не отмечено: все языки.", "Снята с публикации", "секретный ключ"):
        assert text in form.replace("Секретный", "секретный"), text


def test_a_delivery_to_a_webhook_switched_off_since_is_not_sent(site_tree, receiver):
    endpoint = endpoint_for(receiver)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="published", payload={"id": 1}
    )
    endpoint.active = False
    endpoint.save()
    deliver_webhook_task.call(delivery.pk)
    delivery.refresh_from_db()
    assert receiver.received == []
    assert (delivery.status, delivery.attempts) == ("failed", 0)
    assert delivery.last_error == "not sent: the webhook is not active"
