from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News: the news index and dated news items."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "News"
