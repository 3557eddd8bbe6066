"""Moderated translation views, the file replacement permissions, and publishing actions
offered only to those who may publish."""

from django.urls import path
from wagtail import hooks

from editorial import localize_views, roles


@hooks.register("register_admin_urls", order=-1)
def register_moderated_translation_urls():
    """wagtail-localize's publishing views, replaced by ones that respect publish rights.

    Registered before wagtail-localize's own URLs (order -1), on the same paths, so its
    links and ``reverse("wagtail_localize:…")`` reach ours (editorial/localize_views.py).
    """
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            localize_views.ModeratedUpdateTranslationsView.as_view(),
            name="moderated_update_translations",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            localize_views.convert_to_alias,
            name="moderated_convert_to_alias",
        ),
        path(
            "localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
            localize_views.edit_string_translation,
            name="moderated_edit_string_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
            localize_views.edit_override,
            name="moderated_edit_override",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            localize_views.upload_pofile,
            name="moderated_upload_pofile",
        ),
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            localize_views.machine_translate,
            name="moderated_machine_translate",
        ),
    ]


@hooks.register("register_permissions")
def register_file_replacement_permissions():
    """Replacing the file of a document or image in use (editorial.roles), in Settings → Groups."""
    return roles.replace_permissions()


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias_from_non_publishers(menu_items, request, context):
    """The "Convert to alias page" action publishes the alias: offered to publishers only."""
    if context.get("view") != "edit":
        return
    if not context["page"].permissions_for_user(request.user).can_publish():
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]
