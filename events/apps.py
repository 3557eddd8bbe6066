from django.apps import AppConfig
from django.core import checks

from events.timing import default_time_zone, is_known_time_zone


class EventsConfig(AppConfig):
    """Events: the index, event pages, the event taxonomies, the events API endpoint and its
    filters, the iCalendar feeds and the admin's event listing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"

    def ready(self):
        checks.register(check_default_time_zone)


def check_default_time_zone(app_configs=None, **kwargs):
    """EVENT_DEFAULT_TIME_ZONE, when set, must be a zone new events can be saved with."""
    name = default_time_zone()
    if is_known_time_zone(name):
        return []
    return [
        checks.Error(
            f"EVENT_DEFAULT_TIME_ZONE is {name!r}, which is not an IANA time zone name.",
            hint="Use a name such as 'Europe/Warsaw' (zoneinfo.available_timezones()).",
            id="events.E001",
        )
    ]
