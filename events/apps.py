from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events: the index, event pages, the event taxonomies and their feeds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"
