"""Each resource's publisher text becomes an organisation, and the editor groups get the
same rights on collections as on fields of work.

The text is matched, in the page's language, to an organisation by name or acronym
("Name (ACRONYM)" is read as both); the text resources had by default is the institution
(``INSTITUTION_ACRONYM``), in any language if not in the page's. A text that matches
nothing becomes a new organisation of its own (an external partner, the institution for
the default text), so no publisher is lost. Saved revisions (drafts, history) get the
same organisation, so they still open. Backwards, each organisation becomes its text
again ("Name (ACRONYM)").
"""

import re

from django.conf import settings
from django.db import migrations
from django.db.models import Q
from django.utils.text import slugify

DEFAULT_TEXT = "OSCE Office for Democratic Institutions and Human Rights (ODIHR)"
NAME_AND_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]{1,32})\)$")
GROUPS = ("Editors", "Moderators", "Translators")


class Publishers:
    """Publisher texts to organisations, each text looked up (or made) once per language."""

    def __init__(self, apps):
        self.Organization = apps.get_model("taxonomies", "Organization")
        self.found = {}

    def pk(self, text, locale_id):
        text = " ".join((text or "").split()) or DEFAULT_TEXT
        if (text, locale_id) not in self.found:
            self.found[text, locale_id] = self.find_or_make(text, locale_id).pk
        return self.found[text, locale_id]

    def find_or_make(self, text, locale_id):
        match = NAME_AND_ACRONYM.match(text)
        name, acronym = (match["name"], match["acronym"]) if match else (text, "")
        if text == DEFAULT_TEXT:
            institution = self.institution(locale_id)
            if institution is not None:
                return institution
        in_locale = self.Organization.objects.filter(locale_id=locale_id).order_by("pk")
        candidates = [Q(name__iexact=text), Q(acronym__iexact=text), Q(name__iexact=name)]
        if acronym:
            candidates.append(Q(acronym__iexact=acronym))
        for condition in candidates:
            organization = in_locale.filter(condition).first()
            if organization is not None:
                return organization
        return self.Organization.objects.create(
            locale_id=locale_id,
            name=name,
            acronym=acronym,
            slug=self.free_slug(name, locale_id),
            kind="institution" if text == DEFAULT_TEXT else "external-partner",
        )

    def institution(self, locale_id):
        acronym = getattr(settings, "INSTITUTION_ACRONYM", "ODIHR")
        key = self.Organization.objects.filter(acronym=acronym).values("translation_key")[:1]
        translations = self.Organization.objects.filter(translation_key__in=key).order_by("pk")
        return translations.filter(locale_id=locale_id).first() or translations.first()

    def free_slug(self, name, locale_id):
        base = slugify(name)[:240] or "organization"
        slug, number = base, 1
        while self.Organization.objects.filter(slug=slug, locale_id=locale_id).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug


def text_of(organization):
    if organization.acronym:
        return f"{organization.name} ({organization.acronym})"
    return organization.name


def resource_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="resources", model="resourcepage").first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


def publisher_texts_to_organizations(apps, schema_editor):
    ResourcePage = apps.get_model("resources", "ResourcePage")
    publishers = Publishers(apps)
    for page in ResourcePage.objects.only("pk", "locale_id", "publisher"):
        page.publisher_organization_id = publishers.pk(page.publisher, page.locale_id)
        page.save(update_fields=["publisher_organization"])
    pages = dict(ResourcePage.objects.values_list("pk", "locale_id"))
    for revision in resource_revisions(apps):
        content = revision.content
        if isinstance(content.get("publisher"), str) or "publisher" not in content:
            locale_id = content.get("locale") or pages.get(int(revision.object_id))
            if locale_id is None:
                continue
            content["publisher"] = publishers.pk(content.get("publisher"), locale_id)
            revision.save(update_fields=["content"])


def organizations_to_publisher_texts(apps, schema_editor):
    ResourcePage = apps.get_model("resources", "ResourcePage")
    Organization = apps.get_model("taxonomies", "Organization")
    for page in ResourcePage.objects.select_related("publisher_organization"):
        if page.publisher_organization is not None:
            page.publisher = text_of(page.publisher_organization)[:255]
            page.save(update_fields=["publisher"])
    for revision in resource_revisions(apps):
        content = revision.content
        if isinstance(content.get("publisher"), int):
            organization = Organization.objects.filter(pk=content["publisher"]).first()
            content["publisher"] = text_of(organization)[:255] if organization else DEFAULT_TEXT
            revision.save(update_fields=["content"])


def collection_permissions(apps):
    """Each group's rights on fields of work, paired with the same right on collections.

    The collection permissions do not exist yet when this runs in the ``migrate`` that
    creates the model (Django adds them in ``post_migrate``): they are made here under
    Django's own names, and ``post_migrate`` then finds them.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    collection_type, _ = ContentType.objects.get_or_create(
        app_label="resources", model="resourcecollection"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        for codename in group.permissions.filter(
            content_type__app_label="taxonomies", content_type__model="fieldofwork"
        ).values_list("codename", flat=True):
            action = codename.removesuffix("_fieldofwork")
            permission, _ = Permission.objects.get_or_create(
                content_type=collection_type,
                codename=f"{action}_resourcecollection",
                defaults={"name": f"Can {action} collection"},
            )
            yield group, permission


def grant_collection_permissions(apps, schema_editor):
    for group, permission in collection_permissions(apps):
        group.permissions.add(permission)


def withdraw_collection_permissions(apps, schema_editor):
    for group, permission in collection_permissions(apps):
        group.permissions.remove(permission)


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0004_collections_fields_of_work_publisher_organization"),
        ("taxonomies", "0002_organisation_kind_closed_and_own_tables"),
        ("home", "0004_moderators_change_published_terms_and_files"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(publisher_texts_to_organizations, organizations_to_publisher_texts),
        migrations.RunPython(grant_collection_permissions, withdraw_collection_permissions),
    ]
