from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.permissions import register_permission_policy

from changes.models import WebhookDelivery, WebhookEndpoint
from changes.views import DeliveryReportView, WebhookEndpointViewSet, resend_delivery
from core.permissions import SuperusersOnlyPermissionPolicy

# Before any view asks: a secret signs what the site sends, so only superusers see it.
register_permission_policy(WebhookEndpoint, SuperusersOnlyPermissionPolicy(WebhookEndpoint))
register_permission_policy(WebhookDelivery, SuperusersOnlyPermissionPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_webhooks_viewset():
    return WebhookEndpointViewSet("webhooks")


@hooks.register("register_admin_urls")
def register_webhook_delivery_urls():
    return [
        path(
            "reports/webhook-deliveries/",
            DeliveryReportView.as_view(),
            name="changes_webhook_deliveries",
        ),
        path(
            "reports/webhook-deliveries/results/",
            DeliveryReportView.as_view(results_only=True),
            name="changes_webhook_deliveries_results",
        ),
        path(
            "reports/webhook-deliveries/<int:pk>/resend/",
            resend_delivery,
            name="changes_webhook_resend",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_webhook_deliveries_menu_item():
    return AdminOnlyMenuItem(
        _("Webhook deliveries"),
        reverse("changes_webhook_deliveries"),
        name="webhook-deliveries",
        icon_name="link-external",
        order=1510,
    )
