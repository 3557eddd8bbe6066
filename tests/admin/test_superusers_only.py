"""Webhooks, webhook deliveries and background tasks are for active superusers only, whatever
an editor's groups or permissions: a webhook's secret signs what the site sends, a task's
arguments and traceback may name anything (core/permissions.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from changes.models import WebhookDelivery, WebhookEndpoint
from core.permissions import SuperusersOnlyPermissionPolicy

pytestmark = pytest.mark.django_db

DENIED = "Sorry, you do not have permission to access this area."
MENU_ITEMS = ["webhooks:index", "changes_webhook_deliveries", "worker_task_results"]


@pytest.fixture
def delivery():
    endpoint = WebhookEndpoint.objects.create(
        name="Partner portal", url="https://partner.example/", events=["published"]
    )
    return WebhookDelivery.objects.create(endpoint=endpoint, event="published", payload={"id": 1})


def screens(delivery):
    return [
        reverse("webhooks:index"),
        reverse("webhooks:add"),
        reverse("webhooks:edit", args=[delivery.endpoint.pk]),
        reverse("webhooks:delete", args=[delivery.endpoint.pk]),
        reverse("changes_webhook_deliveries"),
        reverse("changes_webhook_deliveries_results"),
        reverse("worker_task_results"),
        reverse("worker_task_results_results"),
    ]


@pytest.fixture
def editor_with_every_permission(editor):
    """An editor given every permission on the models behind these screens."""
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["changes", "django_tasks_db"])
    )
    return editor


def test_an_editor_gets_wagtails_permission_denied_on_every_screen(
    delivery, editor_with_every_permission, client_for
):
    for url in screens(delivery):
        response = client_for(editor_with_every_permission).get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), url
        assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [DENIED], url

    client = client_for(editor_with_every_permission)
    response = client.post(reverse("changes_webhook_resend", args=[delivery.pk]))
    assert response.url == reverse("wagtailadmin_home")
    assert WebhookDelivery.objects.count() == 1


def test_the_menu_hides_them_from_an_editor_and_shows_them_to_a_superuser(
    editor_with_every_permission, admin_client, client_for
):
    home = reverse("wagtailadmin_home")
    editors_menu = client_for(editor_with_every_permission).get(home).content.decode()
    superusers_menu = admin_client.get(home).content.decode()

    for name in MENU_ITEMS:
        assert reverse(name) not in editors_menu
        assert reverse(name) in superusers_menu


def test_a_superuser_opens_every_screen(delivery, admin_client):
    for url in screens(delivery):
        assert admin_client.get(url).status_code == 200, url


def test_the_policy_grants_active_superusers_only(admin_user, editor_with_every_permission):
    policy = SuperusersOnlyPermissionPolicy(WebhookEndpoint)
    retired = get_user_model().objects.create_superuser("retired", is_active=False)

    assert policy.user_has_permission(admin_user, "change")
    assert policy.user_has_any_permission(admin_user, ["view", "delete"])
    for user in (editor_with_every_permission, retired):
        assert not policy.user_has_permission(user, "view")
        assert not policy.user_has_any_permission(user, ["view", "change"])
    assert list(policy.users_with_permission("change")) == [admin_user]
    assert list(policy.users_with_any_permission(["view"])) == [admin_user]
