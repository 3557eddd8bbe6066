"""The editorial roles and the moderation workflow.

Wagtail's own migrations already create "Editors" and "Moderators" (with page,
image and document permissions on the tree root and root collection) and a
"Moderators approval" workflow on the root page; wagtail-localize gives both groups
``submit_translation``. This migration makes the three roles of this site explicit:

- Editors: create and edit pages, submit them for moderation; never publish.
- Moderators: everything editors do, plus publish, approve and unlock.
- Translators: translate through wagtail-localize (``submit_translation`` and edit
  on pages, which the translation editor needs); never publish.

and adds the "Moderators approve" workflow (one GroupApprovalTask for Moderators).
The workflow is assigned to the Events and News index pages by ``editorial.workflows``
(the demo loader and a first-publication signal), because those pages are content,
not schema: no migration creates them.

Permissions of models created in this same ``migrate`` run do not exist yet (Django
creates them after the last migration, in ``post_migrate``), so they are created here
with Django's own names; ``post_migrate`` then finds them and adds nothing.
"""

from django.db import migrations

ROOT_PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Translators": ["change_page"],
}
# Publishing rights a role must never hold on the root, whatever was granted before.
WITHHELD_PAGE_PERMISSIONS = {
    "Editors": ["publish_page", "bulk_delete_page", "unlock_page"],
    "Translators": ["add_page", "publish_page", "bulk_delete_page", "unlock_page"],
}
# Images and documents in the root collection (Wagtail's groups already have these,
# except Translators, who only pick existing ones).
ROOT_COLLECTION_PERMISSIONS = {
    "Editors": [
        ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
    ],
    "Moderators": [
        ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
    ],
    "Translators": [
        ("wagtailimages", "image", ["choose_image"]),
        ("wagtaildocs", "document", ["choose_document"]),
    ],
}
TAXONOMIES = [("eventtype", "event type"), ("fieldofwork", "field of work"), ("organization", "organization")]
# Global (model) permissions: admin access, translations, and the event taxonomies
# (snippets), which editors may add to while writing an event and translators translate.
MODEL_PERMISSIONS = {
    "Editors": [("wagtailadmin", "admin", "access_admin"), ("wagtail_localize", "translation", "submit_translation")]
    + [("events", model, f"{action}_{model}") for model, _ in TAXONOMIES for action in ("add", "change", "view")],
    "Moderators": [("wagtailadmin", "admin", "access_admin"), ("wagtail_localize", "translation", "submit_translation")]
    + [
        ("events", model, f"{action}_{model}")
        for model, _ in TAXONOMIES
        for action in ("add", "change", "delete", "view")
    ],
    "Translators": [("wagtailadmin", "admin", "access_admin"), ("wagtail_localize", "translation", "submit_translation")]
    + [("events", model, f"{action}_{model}") for model, _ in TAXONOMIES for action in ("change", "view")],
}
PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "submit_translation": "Can submit translations",
    "add_page": "Can add page",
    "change_page": "Can change page",
    "publish_page": "Publish any page",
    "lock_page": "Lock/unlock pages you've locked",
    "unlock_page": "Unlock any page",
    "bulk_delete_page": "Delete pages with children",
    **{
        f"{action}_{model}": f"Can {action} {verbose_name}"
        for model, verbose_name in TAXONOMIES
        for action in ("add", "change", "delete", "view")
    },
}

WORKFLOW_NAME = "Moderators approve"
TASK_NAME = "Moderators approve"


def get_permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": PERMISSION_NAMES.get(codename, codename)},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROOT_PAGE_PERMISSIONS}

    for name, group in groups.items():
        group.permissions.add(
            *(get_permission(apps, *spec) for spec in MODEL_PERMISSIONS[name])
        )
        if root_page is not None:
            for codename in ROOT_PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=get_permission(apps, "wagtailcore", "page", codename),
                )
            GroupPagePermission.objects.filter(
                group=group,
                page=root_page,
                permission__codename__in=WITHHELD_PAGE_PERMISSIONS.get(name, []),
            ).delete()
        if root_collection is not None:
            for app_label, model, codenames in ROOT_COLLECTION_PERMISSIONS[name]:
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=get_permission(apps, app_label, model, codename),
                    )

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME,
            active=True,
            content_type=ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )[0],
        )
    task.groups.add(groups["Moderators"])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_roles(apps, schema_editor):
    """Back to Wagtail's defaults: no Translators, no taxonomy permissions, no workflow.

    The workflow and its task are deleted only while nothing was ever moderated with
    them (deleting would take the moderation history along); otherwise they are
    deactivated and unassigned, as Wagtail's own "Disable" does.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    Group.objects.filter(name="Translators").delete()
    taxonomy_permissions = Permission.objects.filter(
        content_type__app_label="events", content_type__model__in=[model for model, _ in TAXONOMIES]
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.remove(*taxonomy_permissions)

    for workflow in Workflow.objects.filter(name=WORKFLOW_NAME):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        if WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.active = False
            workflow.save(update_fields=["active"])
        else:
            workflow.delete()
    for task in Task.objects.filter(name=TASK_NAME):
        if TaskState.objects.filter(task=task).exists():
            task.active = False
            task.save(update_fields=["active"])
        else:
            task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("events", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
