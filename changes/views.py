"""The webhooks in the admin: Settings > Webhooks (the endpoints) and Reports > Webhook
deliveries (the log, with Resend). Superusers only: a secret signs what the site sends."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import get_page_models
from wagtail.permissions import policy_registry

from api.openapi import page_type_name
from changes import webhooks
from changes.models import Change, WebhookDelivery, WebhookEndpoint


def page_type_choices():
    names = sorted({page_type_name(model) for model in get_page_models()} - {"wagtailcore.Page"})
    return [(name, name) for name in names]


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Change.EVENTS, widget=forms.CheckboxSelectMultiple
    )
    page_types = forms.MultipleChoiceField(
        label=_("Page types"),
        choices=page_type_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every page type."),
    )
    locales = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=lambda: settings.WAGTAIL_CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every language."),
    )


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["name", "url", BooleanColumn("active", label=_("Active"))]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("secret"),
            FieldPanel("events"),
            FieldPanel("page_types"),
            FieldPanel("locales"),
            FieldPanel("active"),
        ],
        base_form_class=WebhookEndpointForm,
    )


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.STATUSES, label=_("Status"))

    class Meta:
        model = WebhookDelivery
        fields = ["status", "endpoint"]


class ResendColumn(Column):
    cell_template_name = "changes/resend_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class DeliveryReportView(ReportView):
    page_title = _("Webhook deliveries")
    header_icon = "link-external"
    index_url_name = "changes_webhook_deliveries"
    index_results_url_name = "changes_webhook_deliveries_results"
    filterset_class = DeliveryFilterSet
    model = WebhookDelivery
    paginate_by = 50
    # Asked of the policy registered for WebhookDelivery (wagtail_hooks): superusers only.
    permission_required = "view"
    columns = [
        Column("endpoint", label=_("Webhook")),
        Column("event", label=_("Event"), accessor="get_event_display"),
        Column("page", label=_("Page"), accessor="page_id"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("status_code", label=_("HTTP status")),
        Column("attempts", label=_("Attempts")),
        Column("duration_ms", label=_("Duration (ms)")),
        Column("last_error", label=_("Last error")),
        DateColumn("created_at", label=_("Created")),
        DateColumn("finished_at", label=_("Finished")),
        ResendColumn("resend", label=""),
    ]

    def get_queryset(self):
        return WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-pk")

    def decorate_paginated_queryset(self, object_list):
        for delivery in object_list:
            delivery.page_id = delivery.payload.get("id")
        return object_list


@require_POST
def resend_delivery(request, pk):
    """Queue the same payload again to the same endpoint, as a new delivery in the log."""
    policy = policy_registry.get_by_type(WebhookDelivery)
    if not policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
    webhooks.resend(delivery)
    messages.success(request, _("Delivery queued again to %(name)s.") % {"name": delivery.endpoint})
    return redirect("changes_webhook_deliveries")
