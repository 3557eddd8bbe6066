"""A GIN index on the search index's ``title || body`` (PostgreSQL only).

Wagtail's PostgreSQL backend matches a query against ``title || body`` and ranks the
matches, but its own GIN indexes cover ``title`` and ``body`` separately, so every
search read the whole index table: 16 s for ``/api/v2/search/?q=hate+crime`` with
26 000 pages (docs/benchmarks.md), 0.3 s with this index. SQLite's FTS5 backend keeps
its own index: nothing to do there.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
