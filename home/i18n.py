"""Helpers for content in several languages."""


def localized(objects, locale_id):
    """Each translatable object in the given locale where a translation exists, else itself.

    Tags (snippets, thematic areas) may point at the source-language objects they
    were chosen from; visitors must see them in the page's language. One query for
    the whole list, whatever its length.
    """
    objects = list(objects)
    if not objects:
        return []
    model = type(objects[0])
    manager = model.objects
    translations = {
        obj.translation_key: obj
        for obj in manager.filter(
            translation_key__in=[obj.translation_key for obj in objects], locale_id=locale_id
        )
    }
    return [translations.get(obj.translation_key, obj) for obj in objects]
