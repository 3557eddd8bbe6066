"""Serializer fields of the page API: images, documents, snippets and page links as clients need them.

No client ever has to resolve an id: images come with renditions and alt text,
snippets and tagged pages in the language of the page that refers to them.
"""

import datetime

from django.utils import translation
from rest_framework.fields import Field

from core.blocks import (
    document_openapi_schema,
    document_representation,
    image_openapi_schema,
    image_renditions,
    image_representation,
    renditions_openapi_schema,
)
from core.i18n import TranslationCache, localized_tags, visible_translations
from core.querysets import visible


def translation_cache(context):
    return context.setdefault("translation_cache", TranslationCache())


def visible_ids(context, model):
    """Ids of the visible pages of ``model``, loaded once per request.

    Tag targets such as thematic areas are a short list, so one query for all of them
    is cheaper than checking expiry and view restrictions page by page. The context's
    ``load_visible_ids`` (the API's reads them from the cache) replaces the query.
    """
    ids = context.setdefault("visible_ids", {})
    if model not in ids:
        ids[model] = context.get("load_visible_ids", load_visible_ids)(model)
    return ids[model]


def load_visible_ids(model):
    return frozenset(visible(model.objects.all()).values_list("pk", flat=True))


def page_link(page, request=None):
    """A page as other pages refer to it: id, title and its URL path on the site."""
    return {"id": page.pk, "title": page.title, "url": page.get_url(request=request)}


def page_link_openapi_schema(builder):
    """The OpenAPI schema of ``page_link`` (the ``PageLink`` component)."""
    return builder.object(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "url": {"type": ["string", "null"], "description": "Path of the page on its site."},
        },
        description="A page as other pages refer to it.",
    )


def nullable_unless_required(builder, schema, model_field):
    """``schema``, or null too when the model field may be empty (or there is none)."""
    return builder.nullable(schema) if model_field is None or model_field.null else schema


class DocumentField(Field):
    """A document as ``{"id", "title", "url", "file_extension"}``."""

    def to_representation(self, document):
        return document_representation(document)

    def openapi_schema(self, builder, model_field):
        schema = builder.component("Document", document_openapi_schema)
        return nullable_unless_required(builder, schema, model_field)


class ImageField(Field):
    """An image with alt text, size and rendition URLs. Example::

    {"id": 3, "title": "…", "alt": "…", "width": 1600, "height": 900,
     "renditions": {"thumbnail": {"url": "/media/images/….fill-400x250.png", "width": 400, "height": 250}, …}}
    """

    def to_representation(self, image):
        return image_representation(image)

    def openapi_schema(self, builder, model_field):
        schema = builder.component("Image", image_openapi_schema)
        return nullable_unless_required(builder, schema, model_field)


class ImageAltField(Field):
    """The image's alternative text (its description, else its title)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return image.default_alt_text or ""

    def openapi_schema(self, builder, model_field):
        return {"type": "string", "description": "Alternative text; empty when the image has none."}


class ImageRenditionsField(Field):
    """The image's named renditions, as in ``ImageField``. Example::

    {"thumbnail": {"url": "/media/images/….fill-400x250.png", "width": 400, "height": 250},
     "medium": {…}, "large": {…}}
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return image_renditions(image)

    def openapi_schema(self, builder, model_field):
        return {
            **renditions_openapi_schema(builder),
            "description": "Rendition URLs; the original file is not offered.",
        }


FALLBACK_OPENAPI_SCHEMA = {
    "type": "boolean",
    "description": "True when the term has no translation in the page's language and is "
    "given in its source language.",
}


class TaxonomyField(Field):
    """A snippet (EventType, Organization, FieldOfWork) in the page's language:
    ``{"id", "name", "slug", "fallback"}``.

    A term not yet translated into the page's language is given in its source
    language, with ``"fallback": true`` so a client can tell it apart (and, say, mark
    its language). With ``many=True`` the field is a list of such objects, in the order
    of the relation.
    """

    def __init__(self, many=False, **kwargs):
        self.many = many
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        if self.many:
            terms = localized_tags(page, self.field_name, translation_cache(self.context))
            return [self.term(term, page) for term in terms]
        term = getattr(page, self.field_name)
        return self.localized_term(self.context, term, page) if term else None

    @staticmethod
    def term(localized, page):
        """A term already in the page's language where it has one, with its fallback flag."""
        return {**localized.api_representation(), "fallback": localized.locale_id != page.locale_id}

    @staticmethod
    def localized_term(context, term, page):
        """One term in the page's language, with its fallback flag."""
        return TaxonomyField.term(translation_cache(context).localized(term, page.locale_id), page)

    @staticmethod
    def term_schema(builder, model):
        """The snippet's ``api_representation``: its id and its ``api_fields``."""
        names = ["id"] + [getattr(field, "name", field) for field in model.api_fields]
        return builder.model_schema(model, names, {"fallback": FALLBACK_OPENAPI_SCHEMA})

    def openapi_schema(self, builder, model_field):
        schema = self.term_schema(builder, model_field.related_model)
        if self.many:
            return {"type": "array", "items": schema}
        return builder.nullable(schema) if model_field.null else schema


class PageLinksField(Field):
    """Tagged pages (e.g. thematic areas) in the page's language, as ``[{"id", "title", "url"}]``.

    Pages that visitors cannot see (draft, private, expired) are left out.
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context.get("request")
        links = []
        for linked in localized_tags(page, self.field_name, translation_cache(self.context)):
            if linked.pk in visible_ids(self.context, type(linked)):
                links.append(page_link(linked, request))
        return links

    def openapi_schema(self, builder, model_field):
        return {"type": "array", "items": builder.component("PageLink", page_link_openapi_schema)}


class TranslationsField(Field):
    """``meta.translations``: the page in every other language it is published in."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        # Those visitors can open, in the site's order of languages, as the page's hreflang
        # links and language switcher list them (``core.i18n.visible_translations``).
        translations = visible_translations(page)
        return [
            {
                "locale": translation.locale.language_code,
                "id": translation.pk,
                "title": translation.title,
                "html_url": translation.get_full_url(request=self.context.get("request")),
            }
            for translation in translations
        ]

    def openapi_schema(self, builder, model_field):
        translation = builder.object(
            {
                "locale": {"type": "string", "examples": ["ru"]},
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "html_url": {"type": ["string", "null"], "format": "uri"},
            },
            description="The page in another language.",
        )
        return {
            "type": "array",
            "items": builder.component("Translation", lambda builder: translation),
            "description": "The page in every other language it is published in (detail only).",
        }


class CountryCodeField(Field):
    """A country as its ISO 3166-1 alpha-2 code (``"RO"``), or null when none is set."""

    def to_representation(self, country):
        return country.code or None

    def openapi_schema(self, builder, model_field):
        return {
            "type": ["string", "null"],
            "pattern": "^[A-Z]{2}$",
            "description": "ISO 3166-1 alpha-2 code of the country, or null.",
            "examples": ["RO"],
        }


class ChoiceField(Field):
    """A value of a closed set (a model field's ``choices``) with its label in the language
    of the page: ``{"slug": "press-release", "name": "Press release"}`` (``key`` names the
    value's key: ``"code"`` for a language).

    The page is the object serialized, or the ``page`` of a child row (a resource's file).
    """

    def __init__(self, choices, key="slug", **kwargs):
        self.choices = choices
        self.key = key
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, obj):
        page = obj if hasattr(obj, "locale_id") else obj.page
        return self.choice(getattr(obj, self.source), page)

    def choice(self, value, page):
        """``{key: value, "name": label}``, the label in the page's language."""
        labels = dict(self.choices.choices)
        with translation.override(page.locale.language_code):
            return {self.key: value, "name": str(labels.get(value, value))}

    def openapi_schema(self, builder, model_field):
        return {
            "type": "object",
            "properties": {
                self.key: {"type": "string", "enum": list(self.choices.values)},
                "name": {"type": "string", "description": "The label in the page's language."},
            },
            "required": [self.key, "name"],
            "additionalProperties": False,
        }


class DateOrDateTimeField(Field):
    """A day or a moment, ISO 8601: ``"2031-03-10"`` for a date, ``"2031-03-10T15:00:00+01:00"``
    for an aware datetime (with its UTC offset), or null (with ``allow_null=True``)."""

    def to_representation(self, value):
        if isinstance(value, datetime.datetime):
            return value.isoformat(timespec="seconds")
        return value.isoformat()

    def openapi_schema(self, builder, model_field):
        kinds = [
            {"type": "string", "format": "date", "description": "A day (all-day)."},
            {
                "type": "string",
                "format": "date-time",
                "description": "A local time with its UTC offset.",
            },
        ]
        if self.allow_null:
            kinds.append({"type": "null"})
        description = (
            "ISO 8601: a date when no time is given, else a date-time with its UTC offset"
            + (", or null when there is none." if self.allow_null else ".")
        )
        if self.help_text:
            description = f"{self.help_text} {description}"
        return {
            "anyOf": kinds,
            "description": description,
            "examples": ["2031-03-10", "2031-03-10T15:00:00+01:00"],
        }


class FlagField(Field):
    """A yes/no fact of the object, always true or false (never null)."""

    def to_representation(self, value):
        return bool(value)

    def openapi_schema(self, builder, model_field):
        schema = {"type": "boolean"}
        if self.help_text:
            schema["description"] = str(self.help_text)
        return schema
