from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's root: home page, plain pages, shared blocks and page mixins."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"
