from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """The change feed: what external clients need to keep a copy of the public pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "changes"
    verbose_name = "Change feed"

    def ready(self):
        from django.db.models.signals import post_save

        from caching.version import content_changed
        from changes import feed, webhooks

        # A live page saved may change its payload without changing anything the feed
        # compares (a body edited in place): it is announced at the next reconcile.
        post_save.connect(feed.on_page_saved, dispatch_uid="changes.page_saved")
        # Once a change to visible content commits, the feed catches up.
        content_changed.connect(feed.on_content_changed, dispatch_uid="changes.content_changed")
        # Entries appended are delivered to the registered webhooks.
        feed.entries_appended.connect(webhooks.on_entries_appended, dispatch_uid="changes.webhooks")
