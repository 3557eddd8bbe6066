"""Serializer fields of the page API: images, documents, snippets and page links as clients need them.

No client ever has to resolve an id: images come with renditions and alt text,
snippets and tagged pages in the language of the page that refers to them.
"""

from rest_framework.fields import Field

from home.blocks import document_representation, image_representation
from home.i18n import TranslationCache


def translation_cache(context):
    return context.setdefault("translation_cache", TranslationCache())


def visible_ids(context, model):
    """Ids of the visible pages of ``model``, loaded once per request.

    Tag targets such as thematic areas are a short list, so one query for all of them
    is cheaper than checking expiry and view restrictions page by page.
    """
    from home.querysets import visible

    ids = context.setdefault("visible_ids", {})
    if model not in ids:
        ids[model] = set(visible(model.objects.all()).values_list("pk", flat=True))
    return ids[model]


def page_link(page, request=None):
    """A page as other pages refer to it: id, title and its URL path on the site."""
    return {"id": page.pk, "title": page.title, "url": page.get_url(request=request)}


class DocumentField(Field):
    """A document as ``{"id", "title", "url", "file_extension"}``."""

    def to_representation(self, document):
        return document_representation(document)


class ImageField(Field):
    """An image with alt text, size and rendition URLs. Example::

    {"id": 3, "title": "…", "alt": "…", "width": 1600, "height": 900,
     "renditions": {"thumbnail": {"url": "/media/images/….fill-400x250.png", "width": 400, "height": 250}, …}}
    """

    def to_representation(self, image):
        return image_representation(image)


class TaxonomyField(Field):
    """A snippet (EventType, Organization, FieldOfWork) in the page's language: ``{"id", "name", "slug"}``.

    With ``many=True`` the field is a list of such objects, in the order of the relation.
    """

    def __init__(self, many=False, **kwargs):
        self.many = many
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        cache = translation_cache(self.context)
        value = getattr(page, self.field_name)
        terms = value.all() if self.many else [value]
        result = [
            cache.localized(term, page.locale_id).api_representation()
            for term in terms
            if term is not None
        ]
        return result if self.many else (result[0] if result else None)


class PageLinksField(Field):
    """Tagged pages (e.g. thematic areas) in the page's language, as ``[{"id", "title", "url"}]``.

    Pages that visitors cannot see (draft, private, expired) are left out.
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        cache = translation_cache(self.context)
        request = self.context.get("request")
        links = []
        for linked in getattr(page, self.field_name).all():
            linked = cache.localized(linked, page.locale_id)
            if linked.pk in visible_ids(self.context, type(linked)):
                links.append(page_link(linked, request))
        return links


class TranslationsField(Field):
    """``meta.translations``: the page in every other language it is published in."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        from home.querysets import visible

        translations = visible(page.get_translations()).select_related("locale")
        return [
            {
                "locale": translation.locale.language_code,
                "id": translation.pk,
                "title": translation.title,
                "html_url": translation.get_full_url(request=self.context.get("request")),
            }
            for translation in translations.order_by("locale__language_code")
        ]


class BreadcrumbsField(Field):
    """``meta.breadcrumbs``: the visible ancestors from the home page down to the parent."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context.get("request")
        from home.querysets import visible

        ancestors = visible(page.get_ancestors().filter(depth__gte=2))
        return [page_link(ancestor, request) for ancestor in ancestors.order_by("depth")]


class CountryCodeField(Field):
    """A country as its ISO 3166-1 alpha-2 code (``"RO"``), or null when none is set."""

    def to_representation(self, country):
        return country.code or None
