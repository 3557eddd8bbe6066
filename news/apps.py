from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News: the news index, dated news items and their RSS and Atom feeds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "News"
