from django.apps import AppConfig


class APIConfig(AppConfig):
    """The page API (Wagtail API v2): base views, filters, pagination, rich text resolved in
    bulk, headless preview and the OpenAPI document."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"
