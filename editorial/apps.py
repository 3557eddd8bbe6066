from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Who may do what in the admin: the editor groups, moderation, moderated translation."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial roles and workflow"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_published

        from editorial.roles import grant_on_new_language_root
        from editorial.workflows import assign_on_first_publication

        # New Events and News index pages get the "Moderators approve" workflow.
        page_published.connect(
            assign_on_first_publication, dispatch_uid="editorial.assign_moderation_workflow"
        )
        # Translators get the tree of each new language's home page (editorial/roles.py).
        post_save.connect(grant_on_new_language_root, dispatch_uid="editorial.grant_translators")
