from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The root of each language's tree: the home page, and plain pages such as "About us"."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"
