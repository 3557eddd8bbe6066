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
        from django.db.models.signals import post_delete, post_save, pre_delete
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            pre_page_move,
        )

        from home import caching, frontend_cache, sanitize
        from home.workflows import assign_on_first_publication

        post_migrate.connect(sync_locales, sender=self)
        # Rich text is rendered through an HTML sanitiser (home/sanitize.py).
        sanitize.install()
        # New Events and News index pages get the "Moderators approve" workflow.
        page_published.connect(
            assign_on_first_publication, dispatch_uid="home.assign_moderation_workflow"
        )
        # Any change visitors can see starts a new content version (home/caching.py).
        post_save.connect(caching.on_content_saved, dispatch_uid="home.cache.saved")
        post_delete.connect(caching.on_content_deleted, dispatch_uid="home.cache.deleted")
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(caching.on_page_changed, dispatch_uid=f"home.cache.{id(signal)}")
        # ...and a purge of every URL that shows it from the CDN (home/frontend_cache.py).
        for signal in (page_published, page_unpublished):
            signal.connect(
                frontend_cache.on_page_published_or_unpublished,
                dispatch_uid=f"home.purge.{id(signal)}",
            )
        pre_page_move.connect(frontend_cache.on_page_moving, dispatch_uid="home.purge.moving")
        post_page_move.connect(frontend_cache.on_page_moved, dispatch_uid="home.purge.moved")
        pre_delete.connect(frontend_cache.on_page_deleting, dispatch_uid="home.purge.deleting")
