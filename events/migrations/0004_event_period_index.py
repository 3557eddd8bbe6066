"""A GiST index on each event's period, for the date-range filter (PostgreSQL only).

``?date_from=…&date_to=…`` asks for the events whose period (start date to end date,
or the start date alone) overlaps the range. A B-tree index on ``start_date`` cannot
answer that: each bound alone matches about half the events, so PostgreSQL read the
whole table (docs/benchmarks.md). A range index can, and ``events.filters`` queries
with exactly this expression on PostgreSQL. SQLite has no range types: nothing to do.
"""

from django.db import migrations

INDEX = "events_eventpage_period_gist"
EXPRESSION = "daterange(start_date, COALESCE(end_date, start_date), '[]')"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_eventpage USING gist ({EXPRESSION})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0003_taxonomy_slug_constraints")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
