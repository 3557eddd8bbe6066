from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Resources: the resources index and publication pages, each carrying its files."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = "Resources"
