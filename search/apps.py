from django.apps import AppConfig

# The dispatch_uid of the page_published handler that indexes a page again.
REINDEX_ON_PUBLISH = "site_search_reindex"


class SearchConfig(AppConfig):
    """Site search: the search page, its API endpoint and the per-language search backends."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "site_search"
    verbose_name = "Search"

    def ready(self):
        from wagtail.signals import page_published

        from search.signals import reindex_published_page

        page_published.connect(reindex_published_page, dispatch_uid=REINDEX_ON_PUBLISH)
