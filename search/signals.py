"""Keeps the search index in step with what is published.

Wagtail indexes a page on every save, from the database row. A page's many-to-many
fields (``ParentalManyToManyField``: fields of work, thematic areas) and child
objects (a resource's files) are written *after* that save, so the index would
hold the previous publication's terms until the next save. Indexing again once the
publication is complete fixes that.
"""

from wagtail.search.index import class_is_indexed
from wagtail.search.tasks import insert_or_update_object_task


def reindex_published_page(sender, instance, **kwargs):
    """Index a page again once publishing it has written its relations."""
    if class_is_indexed(type(instance)):
        # The same task Wagtail's own save handler enqueues: it loads the page afresh.
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )
