from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_locales(**kwargs):
    """One Wagtail Locale per language in settings, so adding a language is a setting."""
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def use_typed_date_inputs():
    """Every date and date-time field of the admin keeps what the editor typed (core/widgets.py)."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    from core.widgets import TypedDateInput, TypedDateTimeInput, TypedTimeInput

    register_form_field_override(models.DateField, override={"widget": TypedDateInput})
    register_form_field_override(models.TimeField, override={"widget": TypedTimeInput})
    register_form_field_override(models.DateTimeField, override={"widget": TypedDateTimeInput})


class CoreConfig(AppConfig):
    """The foundation every content app builds on: abstract pages, mixins, shared blocks,
    API field serializers, what visitors may see, languages, rich text sanitising."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    def ready(self):
        post_migrate.connect(sync_locales, sender=self)
        use_typed_date_inputs()
