from django.apps import AppConfig


class UploadsConfig(AppConfig):
    """Uploaded images and documents: safe names, content checks, metadata stripped, and
    the API endpoints that list the ones visitors may reach."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "uploads"
    verbose_name = "Uploads"
