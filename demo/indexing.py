"""Bulk loads indexed once, at their end, rather than at every save.

A page the demo loader creates is saved several times (created, revised, published,
translated), and every save queues Wagtail's search and reference indexing for it, which
the immediate task backend runs on the spot: two thirds of the load went there. Inside
``indexed_at_the_end()`` those saves index nothing; each object saved is indexed once
when the body succeeds, with Wagtail's own tasks and the search backends' bulk insert.
"""

import contextlib
from collections import defaultdict

from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published
from wagtail.tasks import update_reference_index_task

from search.apps import REINDEX_ON_PUBLISH
from search.signals import reindex_published_page

_UID = "demo.indexing.remember_saved"


def searchable_models():
    """The models whose saves update the search index (modelsearch's own choice)."""
    return [model for model in get_indexed_models() if getattr(model, "search_auto_update", True)]


@contextlib.contextmanager
def indexed_at_the_end():
    """Saves in the body leave the search and reference indexes alone; every object
    saved is indexed once after the body, unless it raised (its transaction is undone).

    Meant for a management command's bulk load: the search signal handlers (Wagtail's
    on save, ours on publish: ``search.signals``) are disconnected for the whole
    process while the body runs. What the body saved is indexed from the database as
    it is at the end, relations included.
    """
    saved = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    models = searchable_models()
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    page_published.disconnect(dispatch_uid=REINDEX_ON_PUBLISH)
    post_save.connect(remember, weak=False, dispatch_uid=_UID)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid=_UID)
        page_published.connect(reindex_published_page, dispatch_uid=REINDEX_ON_PUBLISH)
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    index_objects(saved, models)


def index_objects(saved, searchable):
    """Index ``saved`` ({model: pks}) for references and, for ``searchable`` models, search."""
    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in saved.items():
        if model in ReferenceIndex.tracked_models:
            # Not those deleted since (an inline child replaced): their parent's own
            # indexing records what it refers to now.
            for pk in model._default_manager.filter(pk__in=pks).values_list("pk", flat=True):
                update_reference_index_task.call(model._meta.app_label, model._meta.model_name, pk)
        if model in searchable:
            # As the save would have: a page saved through its base class is indexed as
            # its specific type.
            by_type = defaultdict(list)
            for obj in model.get_indexed_objects().filter(pk__in=pks):
                indexed = obj.get_indexed_instance()
                if indexed is not None:
                    by_type[type(indexed)].append(indexed)
            for indexed_model, objects in by_type.items():
                for backend in backends:
                    backend.add_bulk(indexed_model, objects)
