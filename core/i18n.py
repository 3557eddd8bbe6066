"""Helpers for content in several languages."""

import contextlib
import contextvars

# A TranslationCache that ``localized`` uses while ``shared_translations()`` is active.
_shared_cache = contextvars.ContextVar("shared_translation_cache", default=None)


@contextlib.contextmanager
def shared_translations():
    """Within the block, ``localized`` looks terms up in one cache: one query per model and locale.

    For bulk work over many pages, such as indexing thousands of them for search, where
    each page's ``localized_*`` methods would otherwise cost a query per call. Nothing
    must rename or translate terms inside the block.
    """
    token = _shared_cache.set(TranslationCache())
    try:
        yield
    finally:
        _shared_cache.reset(token)


def localized(objects, locale_id):
    """Each translatable object in the given locale where a translation exists, else itself.

    Tags (snippets, thematic areas) may point at the source-language objects they
    were chosen from; visitors must see them in the page's language. One query for
    the whole list, whatever its length.
    """
    objects = list(objects)
    if not objects:
        return []
    shared = _shared_cache.get()
    if shared is not None:
        return [shared.localized(obj, locale_id) for obj in objects]
    elsewhere = [obj for obj in objects if obj.locale_id != locale_id]
    if not elsewhere:  # all in the locale already (most pages' own terms): no query
        return objects
    model = type(objects[0])
    manager = model.objects
    translations = {
        obj.translation_key: obj
        for obj in manager.filter(
            translation_key__in=[obj.translation_key for obj in elsewhere], locale_id=locale_id
        )
    }
    return [
        obj if obj.locale_id == locale_id else translations.get(obj.translation_key, obj)
        for obj in objects
    ]


class TranslationCache:
    """Per-request lookup of translatable objects in a locale, one query per model and locale.

    Used by the API so that a listing of any length localises its tags without a
    query per item. Taxonomies and thematic areas are short lists, so loading a whole
    locale's worth of one model is cheaper than a query per page.
    """

    def __init__(self):
        self._tables = {}

    def _table(self, model, locale_id):
        key = (model, locale_id)
        if key not in self._tables:
            manager = model._default_manager
            self._tables[key] = {
                obj.translation_key: obj for obj in manager.filter(locale_id=locale_id)
            }
        return self._tables[key]

    def localized(self, obj, locale_id):
        if obj is None or obj.locale_id == locale_id:
            return obj
        return self._table(type(obj), locale_id).get(obj.translation_key, obj)
