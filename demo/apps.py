from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content and the large-site generator: management commands only, which
    nothing the site runs imports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo content"
