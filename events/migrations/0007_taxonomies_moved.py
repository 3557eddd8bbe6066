"""Fields of work and organisations now live in ``taxonomies`` (see taxonomies 0001): the
event's relations point there. State only: the tables and columns stay as they are."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_event_times_and_time_zone"),
        ("taxonomies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventpage",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="taxonomies.organization",
                        verbose_name="source",
                    ),
                ),
                migrations.AlterField(
                    model_name="eventpage",
                    name="fields_of_work",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        related_name="events",
                        to="taxonomies.fieldofwork",
                        verbose_name="fields of work",
                    ),
                ),
                migrations.DeleteModel(name="FieldOfWork"),
                migrations.DeleteModel(name="Organization"),
            ],
            database_operations=[],
        ),
    ]
