"""Translators edit the trees of the languages they translate into, not the whole site.

0002 gave them ``change_page`` on the tree root, which let them change English pages.
This moves it to each home page under the root in a language other than the default
(the ones that exist now; ``editorial.roles`` covers those created later). Reversing gives
the root permission back.
"""

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant

GROUP = "Translators"
CODENAME = "change_page"


def translated_language_roots(apps):
    Page = apps.get_model("wagtailcore", "Page")
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return Page.objects.filter(depth=2).exclude(locale__language_code=default)


def by_language(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    group = Group.objects.filter(name=GROUP).first()
    permission = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename=CODENAME
    ).first()
    if group is None or permission is None:
        return
    GroupPagePermission.objects.filter(group=group, page__depth=1).delete()
    for page in translated_language_roots(apps):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def whole_tree(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    group = Group.objects.filter(name=GROUP).first()
    permission = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename=CODENAME
    ).first()
    root = Page.objects.filter(depth=1).order_by("path").first()
    if group is None or permission is None or root is None:
        return
    GroupPagePermission.objects.filter(group=group, page__depth=2).delete()
    GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [("home", "0002_editor_groups")]

    operations = [migrations.RunPython(by_language, whole_tree)]
