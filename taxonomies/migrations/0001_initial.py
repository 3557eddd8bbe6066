"""Fields of work and organisations move here from ``events``, with everything they hold.

Nothing changes in the database: the models take over the tables, rows and constraints
they had (taxonomies 0002 then renames them), and their content types change app, so
the groups' permissions on them, their revisions, translations and usage records follow.
"""

import uuid

import django.db.models.deletion
import modelsearch.index
from django.db import migrations, models

MOVED = ("fieldofwork", "organization")


def content_types_to(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        # A content type made for the new app before its models moved here holds nothing.
        ContentType.objects.filter(app_label=target, model__in=MOVED).delete()
        ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)

    return move


def taxonomy_fields():
    return [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
        ("name", models.CharField(max_length=255, verbose_name="name")),
        (
            "slug",
            models.SlugField(
                blank=True,
                help_text="Used in filters and URLs. Leave blank to derive it from the name.",
                max_length=255,
                verbose_name="slug",
            ),
        ),
        (
            "locale",
            models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
    ]


def taxonomy_options(model, verbose_name, verbose_name_plural):
    return {
        "verbose_name": verbose_name,
        "verbose_name_plural": verbose_name_plural,
        "ordering": ["name"],
        "abstract": False,
        "db_table": f"events_{model}",
        "unique_together": {("translation_key", "locale")},
        "constraints": [
            models.UniqueConstraint(
                fields=("slug", "locale"), name=f"events_{model}_unique_slug_locale"
            )
        ],
    }


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("events", "0006_event_times_and_time_zone"),
        # The editor groups' permissions on the moved models are granted there, by app label.
        ("home", "0004_moderators_change_published_terms_and_files"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FieldOfWork",
                    fields=taxonomy_fields(),
                    options=taxonomy_options("fieldofwork", "field of work", "fields of work"),
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="Organization",
                    fields=taxonomy_fields()
                    + [
                        ("acronym", models.CharField(blank=True, max_length=32, verbose_name="acronym")),
                        ("url", models.URLField(blank=True, verbose_name="website")),
                    ],
                    options=taxonomy_options("organization", "organization", "organizations"),
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            content_types_to("events", "taxonomies"), content_types_to("taxonomies", "events")
        ),
    ]
