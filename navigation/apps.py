from django.apps import AppConfig


class NavigationConfig(AppConfig):
    """The site menu (one function builds it from the page tree for templates and the API),
    breadcrumbs, and what search engines read: sitemap.xml and robots.txt."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "navigation"
    verbose_name = "Navigation"
