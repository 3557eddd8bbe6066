from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_locales(**kwargs):
    """One Wagtail Locale per language in settings, so adding a language is a setting."""
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class HomeConfig(AppConfig):
    """The site's root: home page, plain pages, shared blocks and page mixins."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"

    def ready(self):
        from wagtail.signals import page_published

        from home.workflows import assign_on_first_publication

        post_migrate.connect(sync_locales, sender=self)
        # New Events and News index pages get the "Moderators approve" workflow.
        page_published.connect(
            assign_on_first_publication, dispatch_uid="home.assign_moderation_workflow"
        )
