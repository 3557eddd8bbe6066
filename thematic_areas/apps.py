from django.apps import AppConfig


class ThematicAreasConfig(AppConfig):
    """ "Our work": the thematic areas and the index that lists them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "thematic_areas"
    verbose_name = "Thematic areas"
