"""Changes that take effect on the public site at once are a Moderator's.

- Event taxonomies (event types, fields of work, organizations) have no drafts: renaming
  an organisation or changing its URL shows on every event page and in the API at once.
  Editors and Translators lose ``change_*`` on them. Editors keep ``add_*``: a new term
  shows nowhere public until a moderated page uses it (see docs/editorial.md).
- Replacing the file of a document or image that pages use changes those pages at once.
  Two permissions express that right, ``wagtaildocs.replace_document`` and
  ``wagtailimages.replace_image``, granted to Moderators and checked by the admin's
  document and image forms (``editorial.roles.FileReplacementMixin``).
"""

from django.db import migrations

TAXONOMIES = ("eventtype", "fieldofwork", "organization")
WITHDRAWN = {"Editors": ["change"], "Translators": ["change"]}
REPLACE_PERMISSIONS = [
    ("wagtaildocs", "document", "replace_document", "Can replace the file of a document in use"),
    ("wagtailimages", "image", "replace_image", "Can replace the file of an image in use"),
]


def taxonomy_permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="events",
        codename__in=[f"{action}_{model}" for model in TAXONOMIES for action in actions],
    )


def to_moderators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")

    for name, actions in WITHDRAWN.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*taxonomy_permissions(apps, actions))
    moderators = Group.objects.filter(name="Moderators").first()
    for app_label, model, codename, label in REPLACE_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": label}
        )
        if moderators is not None:
            moderators.permissions.add(permission)


def back_to_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for name, actions in WITHDRAWN.items():
        for group in Group.objects.filter(name=name):
            group.permissions.add(*taxonomy_permissions(apps, actions))
    for app_label, _model, codename, _label in REPLACE_PERMISSIONS:
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_translators_by_language"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(to_moderators, back_to_editors)]
