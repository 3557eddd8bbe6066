"""Translating content from a table of strings, as a translator would in the admin: the
demo's Russian pages and the tests' translations go through wagtail-localize this way."""

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource


def translate_from_strings(instance, locale, strings):
    """Translate a page or snippet into ``locale`` with wagtail-localize, as a translator would.

    Exports the object's PO file, fills each message from ``strings`` (keyed by the
    source text), imports it and saves the translation, so the result stays linked
    to its source and is synchronised when the source changes. Messages without an
    entry (slugs, codes) keep the source text. Returns the translated object.
    """
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = strings.get(entry.msgid, "")
    translation.import_po(po)
    if isinstance(instance, Page):
        # wagtail-localize publishes pages on transaction commit, from the object as it
        # was then; publishing the saved revision now, from a fresh copy, keeps the
        # tree's child counts right when many pages are translated in one transaction.
        translation.save_target(publish=False)
        instance.get_translation(locale).get_latest_revision().publish()
    else:
        translation.save_target(publish=True)
    return instance.get_translation(locale)
