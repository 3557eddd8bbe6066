"""What a list of pages refers to, fetched once for the whole list.

Rich text stores links as ids (``<a linktype="page" id="3">``) and StreamField
blocks store image and document ids. Wagtail resolves them one value at a time: a
listing of N events with bodies costs queries per event (each rich text value's
links, their active-language translations, each body's images, each image's
renditions). ``prefetch_references(pages)`` fetches all of it for the whole list in a
fixed number of queries:

- every StreamField of the pages is converted in one ``bulk_to_python`` call per
  field, so each chooser block fetches its objects once for all pages;
- the renditions of every image in those bodies are prefetched together;
- every page and document linked from rich text (in StreamFields and in
  ``RichTextField``\\ s), with the translations of the pages in the active language,
  is loaded once and kept in ``LinkTargets``, which the link handlers below read.

The link handlers replace Wagtail's own for ``page`` and ``document`` links (see
``wagtail_hooks.py``) and behave exactly like them, reading ``LinkTargets`` first when
one is active and falling back to Wagtail's lookups otherwise.
"""

import contextlib
import contextvars
from collections import defaultdict

from django.db.models import prefetch_related_objects
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.rich_text.pages import PageLinkHandler

_link_targets = contextvars.ContextVar("link_targets", default=None)


class LinkTargets:
    """Pages (already in the active language) and documents that rich text links to."""

    def __init__(self):
        self.pages = {}
        self.documents = {}

    def load(self, page_ids, document_ids):
        page_ids = {int(pk) for pk in page_ids} - self.pages.keys()
        if page_ids:
            pages = Page.objects.filter(id__in=page_ids).defer_streamfields().specific()
            self.pages.update(localized_pages(list(pages)))
        document_ids = {int(pk) for pk in document_ids} - self.documents.keys()
        if document_ids:
            self.documents.update(get_document_model().objects.in_bulk(document_ids))

    def get_many(self, store, attrs_list, fetch):
        """The objects for ``attrs_list`` from ``store``, fetching what is not there yet."""
        missing = {attrs.get("id") for attrs in attrs_list if _as_int(attrs.get("id")) not in store}
        missing.discard(None)
        if missing:
            fetch({pk for pk in missing if _as_int(pk) is not None})
        return [store.get(_as_int(attrs.get("id"))) for attrs in attrs_list]


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def localized_pages(pages):
    """``{id: page.localized}`` for ``pages``, with two queries instead of two per page."""
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return {page.pk: page for page in pages}
    elsewhere = [page for page in pages if page.locale_id != locale.pk]
    translations = {}
    if elsewhere:
        translations = {
            page.translation_key: page
            for page in Page.objects.filter(
                translation_key__in=[page.translation_key for page in elsewhere], locale=locale
            )
            .defer_streamfields()
            .specific()
        }
    return {page.pk: translations.get(page.translation_key, page) for page in pages}


@contextlib.contextmanager
def link_targets():
    """Within the block, rich text links are resolved from one shared ``LinkTargets``."""
    token = _link_targets.set(LinkTargets())
    try:
        yield _link_targets.get()
    finally:
        _link_targets.reset(token)


def prefetch_references(pages, field_names=None):
    """Load what ``pages`` refer to in their rich text and StreamFields, for all at once.

    ``field_names`` limits the work to the fields about to be shown.
    """
    targets = _link_targets.get()
    by_class = defaultdict(list)
    for page in pages:
        by_class[type(page)].append(page)
    sources = []
    images = []
    for model, group in by_class.items():
        for field in model._meta.concrete_fields:
            if field_names is not None and field.name not in field_names:
                continue
            if isinstance(field, StreamField):
                raw = [list(field.value_from_object(page).raw_data) for page in group]
                for page, value in zip(group, field.stream_block.bulk_to_python(raw), strict=True):
                    setattr(page, field.attname, value)
                    images.extend(_images_in(value))
                sources.extend(_strings_in(raw))
            elif isinstance(field, RichTextField):
                sources.extend(field.value_from_object(page) or "" for page in group)
    # Every instance, not one per image: an image used by several items is a separate
    # object in each, and one left without its renditions reads them again (from the
    # cache, or from the database when there is none).
    prefetch_related_objects(list({id(image): image for image in images}.values()), "renditions")
    if targets is not None:
        page_ids, document_ids = set(), set()
        for source in sources:
            if "linktype=" not in source:
                continue
            for model, object_id, *_rest in extract_references_from_rich_text(source):
                if issubclass(model, Page):
                    page_ids.add(object_id)
                elif model is get_document_model():
                    document_ids.add(object_id)
        targets.load(page_ids, document_ids)


def _strings_in(raw):
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, dict):
        for value in raw.values():
            yield from _strings_in(value)
    elif isinstance(raw, (list, tuple)):
        for value in raw:
            yield from _strings_in(value)


def _images_in(value):
    """Every image in a converted StreamField value, however deeply nested."""
    if isinstance(value, AbstractImage):
        yield value
    elif isinstance(value, dict):  # StructValue
        for child in value.values():
            yield from _images_in(child)
    elif hasattr(value, "raw_data") or isinstance(value, (list, tuple)):  # Stream/ListValue
        for child in value:
            yield from _images_in(getattr(child, "value", child))


class PrefetchedPageLinkHandler(PageLinkHandler):
    """Wagtail's page links, read from the active ``LinkTargets`` when there is one."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        targets = _link_targets.get()
        if targets is None:
            return super().expand_db_attributes_many(attrs_list)
        pages = targets.get_many(
            targets.pages, attrs_list, lambda ids: targets.load(page_ids=ids, document_ids=())
        )
        return [_opening_tag(page.url) if page else "<a>" for page in pages]


class PrefetchedDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's document links, read from the active ``LinkTargets`` when there is one."""

    @classmethod
    def get_many(cls, attrs_list):
        targets = _link_targets.get()
        if targets is None:
            return super().get_many(attrs_list)
        return targets.get_many(
            targets.documents, attrs_list, lambda ids: targets.load(page_ids=(), document_ids=ids)
        )


def _opening_tag(url):
    return f'<a href="{escape(url)}">'
