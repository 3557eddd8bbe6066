from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Resources: publications and other documents, grouped on resource pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = "Resources"
