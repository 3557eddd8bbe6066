from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search: the search page (and, later, its API)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "site_search"
    verbose_name = "Search"
