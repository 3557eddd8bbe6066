from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The content version, the response cache and CDN purges, wired to what changes content."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
        from django_tasks.signals import task_finished
        from treebeard.mp_tree import path_updated
        from wagtail.models import Collection
        from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

        from caching import frontend, version
        from core.kept import keep_with

        # Any change visitors can see starts a new content version (caching/version.py).
        post_save.connect(version.on_content_saved, dispatch_uid="caching.saved")
        post_delete.connect(version.on_content_deleted, dispatch_uid="caching.deleted")
        m2m_changed.connect(version.on_content_m2m_changed, dispatch_uid="caching.m2m")
        path_updated.connect(
            version.on_tree_path_updated, sender=Collection, dispatch_uid="caching.moved"
        )
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(version.on_page_changed, dispatch_uid=f"caching.{id(signal)}")
        # ...and a purge of every URL that shows it from the CDN (caching/frontend.py).
        for signal in (page_published, page_unpublished):
            signal.connect(
                frontend.on_page_published_or_unpublished,
                dispatch_uid=f"caching.purge.{id(signal)}",
            )
        pre_page_move.connect(frontend.on_page_moving, dispatch_uid="caching.purge.moving")
        post_page_move.connect(frontend.on_page_moved, dispatch_uid="caching.purge.moved")
        pre_delete.connect(frontend.on_page_deleting, dispatch_uid="caching.purge.deleting")
        # What every request reads alike (core.kept), kept per content version.
        keep_with(version.cached_for_the_request)
        # Search indexing runs in the worker after the publish: a search answered before it
        # finished must not stay cached under the version the publish started.
        task_finished.connect(version.on_task_finished, dispatch_uid="caching.task_finished")
