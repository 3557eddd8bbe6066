from django.apps import AppConfig


class TaxonomiesConfig(AppConfig):
    """The vocabularies shared by events, news and resources: fields of work and
    organisations (translatable snippets), and the admin menu that holds every term list."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "taxonomies"
    verbose_name = "Taxonomies"
