"""The OpenAPI 3.1 document of the read API, generated from the code that serves it.

It lives in ``config/`` beside ``api.py`` because it describes the whole API surface
that module mounts (pages, events, images, documents, redirects, navigation, search),
which no single app owns.

Nothing in it is copied by hand, so it cannot drift from the API:

- paths come from the router's registered endpoints and their URL names, and from the
  other views of ``config.api.urlpatterns``, each of which needs an operation in
  ``EXTRA_OPERATIONS``;
- query parameters from each endpoint's ``known_query_parameters``, its exact-match
  field filters (``get_available_fields(db_fields_only=True)``) and its ordering
  fields; every parameter must have an entry in ``parameters_table`` (or be a field
  filter), otherwise generation fails;
- payloads from the serializer each endpoint builds for ``?fields=*``: every
  serializer field is mapped by its class (``FIELD_SCHEMAS``), and a field class
  without a mapping fails generation instead of being left undocumented;
- StreamField bodies by walking each StreamBlock's ``child_blocks``; blocks with
  their own ``get_api_representation`` must have a documented schema in
  ``BLOCK_SCHEMAS``, otherwise generation fails.

``tests/api/test_openapi_schema.py`` validates the document and runs Schemathesis
against the live app, so a payload that no longer matches fails the suite.
"""

import re
import typing

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.http import JsonResponse
from django.urls import URLResolver, reverse
from django.utils.cache import patch_cache_control
from django.utils.encoding import force_str
from django.views.decorators.http import require_safe
from rest_framework import fields as drf_fields
from rest_framework import serializers as drf_serializers
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.api.v2.serializers import ImageDownloadUrlField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, get_page_models
from wagtail.snippets.blocks import SnippetChooserBlock

from events.filters import SLUG_LIST
from home import blocks as home_blocks
from home import serializers as home_serializers
from home.api import API_CACHE_CONTROL

OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json"
JSON = "application/json"
# Parameters every endpoint accepts that clients should not use: jQuery's cache
# buster and Django REST framework's renderer switch (there is only JSON).
UNDOCUMENTED_PARAMETERS = {"_", "format"}
SENTINEL_PK = 987654321  # reversed into detail URLs, then replaced by "{id}"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    """``schema`` or null (JSON Schema 2020-12, as OpenAPI 3.1 uses)."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    return schema


def obj(properties, required=None, **extra):
    """A closed object: documented properties only, all required unless said otherwise."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN_PARAMETER = {"type": "string", "enum": ["1", "0", "true", "false"]}


# --- Shared value shapes (home/serializers.py and home/blocks.py produce these) ---


def image_schema():
    """``home.blocks.image_representation``: renditions named by ``IMAGE_RENDITIONS``."""
    rendition = obj({"url": STRING, "width": INTEGER, "height": INTEGER})
    return obj(
        {
            "id": INTEGER,
            "title": STRING,
            "alt": {**STRING, "description": "Alternative text; empty when the image has none."},
            "width": INTEGER,
            "height": INTEGER,
            "renditions": obj(
                {
                    name: {**rendition, "description": f"Rendition `{spec}`."}
                    for name, spec in home_blocks.IMAGE_RENDITIONS.items()
                }
            ),
        },
        description="An image with alt text, size and rendition URLs.",
    )


def document_schema():
    """``home.blocks.document_representation``."""
    return obj(
        {
            "id": INTEGER,
            "title": STRING,
            "url": {**STRING, "description": "Download URL."},
            "file_extension": {**STRING, "examples": ["pdf"]},
        },
        description="A document from the library.",
    )


def page_link_schema():
    """``home.serializers.page_link``."""
    return obj(
        {
            "id": INTEGER,
            "title": STRING,
            "url": {**nullable(STRING), "description": "Path of the page on its site."},
        },
        description="A page as other pages refer to it.",
    )


def translation_schema():
    return obj(
        {
            "locale": {**STRING, "examples": ["ru"]},
            "id": INTEGER,
            "title": STRING,
            "html_url": nullable({**STRING, "format": "uri"}),
        },
        description="The page in another language.",
    )


def nested_page_schema():
    """Wagtail's nested page (``parent``, ``alias_of``): id, meta and title."""
    return obj(
        {
            "id": INTEGER,
            "meta": obj(
                {
                    "type": STRING,
                    "detail_url": {**STRING, "format": "uri"},
                    "html_url": nullable({**STRING, "format": "uri"}),
                }
            ),
            "title": STRING,
        }
    )


def error_schema():
    return obj(
        {"message": {**STRING, "examples": ["limit cannot be higher than 100"]}},
        description="Every error answer of the API.",
    )


def navigation_item_schema():
    """``navigation.menu.MenuItem.as_dict``: recursive through ``children``."""
    return obj(
        {
            "id": INTEGER,
            "title": STRING,
            "url": nullable(STRING),
            "type": {**STRING, "examples": ["home.StandardPage"]},
            "children": {"type": "array", "items": ref("NavigationItem")},
        },
        description="A menu entry; the page's menu children in tree order.",
    )


# --- Serializer fields -------------------------------------------------------


class SchemaBuilder:
    """Collects component schemas while it maps serializers, fields and blocks."""

    def __init__(self, router):
        self.router = router
        self.components = {
            "Error": error_schema(),
            "Image": image_schema(),
            "Document": document_schema(),
            "PageLink": page_link_schema(),
            "Translation": translation_schema(),
            "NestedPage": nested_page_schema(),
            "NavigationItem": navigation_item_schema(),
            "Navigation": obj(
                {
                    "locale": {**STRING, "examples": ["en"]},
                    "items": {"type": "array", "items": ref("NavigationItem")},
                },
                description="The site menu in one language, as the templates render it.",
            ),
        }

    def add(self, name, schema):
        """Register a component once; the same name for two different shapes is a bug."""
        if name in self.components and self.components[name] != schema:
            raise ImproperlyConfigured(f"two different OpenAPI components named {name}")
        self.components[name] = schema
        return ref(name)

    # Serializers

    def serializer_schema(self, serializer_class, model, meta_type=None, description=None):
        """An object with one property per serializer field; ``meta`` fields nested.

        Nothing is required: ``?fields=`` can remove any field, ``meta`` included.
        """
        serializer = serializer_class(context={})
        meta_fields = set(serializer_class.meta_fields)
        properties = {}
        meta = {}
        for name, field in serializer.fields.items():
            if name == "detail_url" and self.router.get_model_endpoint(model) is None:
                continue  # DetailUrlField skips itself when no endpoint serves the model
            schema = self.field_schema(field, model)
            if name == "type" and meta_type:
                schema = {"type": "string", "const": meta_type}
            (meta if name in meta_fields else properties)[name] = schema
        if meta:
            properties = {"id": properties.pop("id"), "meta": obj(meta, required=[]), **properties}
        return obj(properties, required=[], **({"description": description} if description else {}))

    def field_schema(self, field, model):
        try:
            model_field = model._meta.get_field(field.source or field.field_name)
        except FieldDoesNotExist:
            model_field = None
        for cls in type(field).__mro__:
            if cls in FIELD_SCHEMAS:
                schema = FIELD_SCHEMAS[cls](self, field, model_field)
                break
        else:
            raise ImproperlyConfigured(
                f"no OpenAPI schema for serializer field {type(field).__name__} "
                f"({model.__name__}.{field.field_name}); add it to config.openapi.FIELD_SCHEMAS"
            )
        if "$ref" not in schema:
            description = model_field_description(model_field)
            if description:
                schema = {**schema, "description": description}
        return schema

    def taxonomy_schema(self, related_model):
        """A snippet as ``api_representation`` returns it: id and the model's ``api_fields``."""
        names = ["id"] + [getattr(f, "name", f) for f in related_model.api_fields]

        class Meta:
            model = related_model
            fields = names

        serializer = type("S", (drf_serializers.ModelSerializer,), {"Meta": Meta})()
        return self.add(
            related_model.__name__,
            obj(
                {name: self.field_schema(serializer.fields[name], related_model) for name in names},
                description=force_str(related_model.__doc__ or "").strip() or None,
            ),
        )

    # Blocks

    def block_schema(self, block):
        cls = type(block)
        if cls in BLOCK_SCHEMAS:
            return self.add(cls.__name__, BLOCK_SCHEMAS[cls](self, block))
        owner = next(klass for klass in cls.__mro__ if "get_api_representation" in vars(klass))
        if not owner.__module__.startswith("wagtail."):
            raise ImproperlyConfigured(
                f"{cls.__name__} has its own get_api_representation; document its output "
                "in config.openapi.BLOCK_SCHEMAS"
            )
        if isinstance(block, blocks.StreamBlock):
            return self.stream_block_schema(block)
        if isinstance(block, blocks.StructBlock):
            schema = obj(
                {name: self.block_schema(child) for name, child in block.child_blocks.items()},
                description=block_description(block),
            )
            return self.add(cls.__name__, schema) if cls is not blocks.StructBlock else schema
        if isinstance(block, blocks.ListBlock):
            return {"type": "array", "items": self.block_schema(block.child_block)}
        for block_class, schema in LEAF_BLOCK_SCHEMAS:
            if isinstance(block, block_class):
                schema = {**schema}
                description = block_description(block)
                if description:
                    schema["description"] = description
                return schema if getattr(block, "required", True) else nullable(schema)
        raise ImproperlyConfigured(f"no OpenAPI schema for block {cls.__name__}")

    def stream_block_schema(self, block):
        """An array of ``{"type", "value", "id"}`` items, one ``oneOf`` branch per block type."""
        stream_name = type(block).__name__
        branches = {}
        for name, child in block.child_blocks.items():
            branches[name] = self.add(
                f"{stream_name}.{name}",
                obj(
                    {
                        "type": {"type": "string", "const": name},
                        "value": self.block_schema(child),
                        "id": {"type": "string", "format": "uuid"},
                    },
                    description=block_description(child),
                ),
            )
        schema = {
            "type": "array",
            "items": {
                "oneOf": list(branches.values()),
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {name: branch["$ref"] for name, branch in branches.items()},
                },
            },
            "description": block_description(block),
        }
        if block.meta.min_num is not None:
            schema["minItems"] = block.meta.min_num
        if block.meta.max_num is not None:
            schema["maxItems"] = block.meta.max_num
        counts = [
            {
                "contains": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "minContains": limits.get("min_num") or 0,
                **({"maxContains": limits["max_num"]} if limits.get("max_num") else {}),
            }
            for name, limits in (block.meta.block_counts or {}).items()
        ]
        if counts:
            schema["allOf"] = counts
        return self.add(stream_name, schema)


def model_field_description(model_field):
    if model_field is None or not hasattr(model_field, "verbose_name"):
        return None
    if getattr(model_field, "primary_key", False):
        return None
    text = force_str(model_field.verbose_name).capitalize()
    if getattr(model_field, "help_text", ""):
        text += f". {force_str(model_field.help_text)}"
    return text


def block_description(block):
    meta = block.meta
    text = force_str(getattr(meta, "description", "") or getattr(meta, "label", "") or "")
    return text or force_str((type(block).__doc__ or "").strip()) or None


def streamfield_schema(builder, field, model_field):
    return builder.block_schema(model_field.stream_block)


def taxonomy_field_schema(builder, field, model_field):
    schema = builder.taxonomy_schema(model_field.related_model)
    if field.many:
        return {"type": "array", "items": schema}
    return nullable(schema) if model_field.null else schema


def nullable_if(schema_factory):
    """A field that answers null when its model field is empty (``ImageField``, ``DocumentField``)."""

    def build(builder, field, model_field):
        schema = schema_factory(builder)
        return nullable(schema) if model_field is None or model_field.null else schema

    return build


def simple(schema):
    """A DRF field with a fixed JSON type.

    Wagtail's serializer answers null for any attribute that is None, so a field is
    nullable when the serializer allows null or no non-null model field backs it
    (e.g. a redirect's ``location``, the URL of a page that may have none).
    """

    def build(builder, field, model_field):
        result = dict(schema)
        if result.get("format") == "uri" and getattr(field, "allow_blank", False):
            # A blank URL field answers "", which is no URI.
            del result["format"]
        if getattr(field, "allow_null", False) or model_field is None:
            return nullable(result)
        return result

    return build


def fixed(schema):
    """A Wagtail field whose value always has this shape."""
    return lambda builder, field, model_field: dict(schema)


def child_relation_schema(builder, field, model_field):
    model = field.serializer_class.Meta.model
    schema = builder.serializer_schema(field.serializer_class, model)
    return {"type": "array", "items": schema}


def related_schema(builder, field, model_field):
    model = field.serializer_class.Meta.model
    return nullable(builder.serializer_schema(field.serializer_class, model))


FIELD_SCHEMAS = {
    # Django REST framework's own fields, as ModelSerializer builds them
    drf_fields.BooleanField: simple({"type": "boolean"}),
    drf_fields.IntegerField: simple(INTEGER),
    drf_fields.FloatField: simple({"type": "number"}),
    drf_fields.DecimalField: simple({"type": "string", "format": "decimal"}),
    drf_fields.DateTimeField: simple({"type": "string", "format": "date-time"}),
    drf_fields.DateField: simple({"type": "string", "format": "date"}),
    drf_fields.URLField: simple({"type": "string", "format": "uri"}),
    drf_fields.CharField: simple(STRING),
    # Wagtail API v2's fields
    wagtail_serializers.TypeField: fixed({**STRING, "examples": ["wagtailimages.Image"]}),
    wagtail_serializers.PageTypeField: fixed({**STRING, "examples": ["events.EventPage"]}),
    wagtail_serializers.DetailUrlField: fixed({"type": "string", "format": "uri"}),
    wagtail_serializers.PageHtmlUrlField: lambda b, f, m: nullable(
        {"type": "string", "format": "uri"}
    ),
    wagtail_serializers.PageLocaleField: fixed({**STRING, "examples": ["en"]}),
    wagtail_serializers.PageParentField: lambda b, f, m: nullable(ref("NestedPage")),
    wagtail_serializers.PageAliasOfField: lambda b, f, m: nullable(ref("NestedPage")),
    wagtail_serializers.RichTextFieldSerializer: simple(
        {**STRING, "description": "Rich text, as HTML unless `rich_text_format` says otherwise."}
    ),
    wagtail_serializers.StreamField: streamfield_schema,
    wagtail_serializers.TagsField: fixed({"type": "array", "items": STRING}),
    wagtail_serializers.ChildRelationField: child_relation_schema,
    wagtail_serializers.RelatedField: related_schema,
    ImageDownloadUrlField: fixed({"type": "string", "format": "uri-reference"}),
    DocumentDownloadUrlField: fixed({"type": "string", "format": "uri"}),
    # This project's fields (home/serializers.py)
    home_serializers.ImageField: nullable_if(lambda builder: ref("Image")),
    home_serializers.DocumentField: nullable_if(lambda builder: ref("Document")),
    home_serializers.TaxonomyField: taxonomy_field_schema,
    home_serializers.PageLinksField: lambda b, f, m: {"type": "array", "items": ref("PageLink")},
    home_serializers.TranslationsField: lambda b, f, m: {
        "type": "array",
        "items": ref("Translation"),
        "description": "The page in every other language it is published in (detail only).",
    },
    home_serializers.BreadcrumbsField: lambda b, f, m: {
        "type": "array",
        "items": ref("PageLink"),
        "description": "Visible ancestors from the home page down to the parent (detail only).",
    },
    home_serializers.CountryCodeField: lambda b, f, m: {
        "type": ["string", "null"],
        "pattern": "^[A-Z]{2}$",
        "description": "ISO 3166-1 alpha-2 code of the country, or null.",
        "examples": ["RO"],
    },
}

# --- Blocks --------------------------------------------------------------------

LEAF_BLOCK_SCHEMAS = [
    (blocks.RichTextBlock, {**STRING, "contentMediaType": "text/html"}),
    (EmbedBlock, {"type": "string", "format": "uri"}),
    (ImageChooserBlock, {**INTEGER, "description": "Image id."}),
    (DocumentChooserBlock, {**INTEGER, "description": "Document id."}),
    (blocks.PageChooserBlock, {**INTEGER, "description": "Page id."}),
    (SnippetChooserBlock, {**INTEGER, "description": "Snippet id."}),
    (blocks.BooleanBlock, {"type": "boolean"}),
    (blocks.IntegerBlock, INTEGER),
    (blocks.FloatBlock, {"type": "number"}),
    (blocks.DateBlock, {"type": "string", "format": "date"}),
    (blocks.URLBlock, {"type": "string", "format": "uri"}),
    (blocks.CharBlock, STRING),
    (blocks.TextBlock, STRING),
    (blocks.EmailBlock, {"type": "string", "format": "email"}),
    (blocks.RawHTMLBlock, STRING),
]

# Blocks whose get_api_representation is their own (home/blocks.py): the documented shapes.
BLOCK_SCHEMAS = {
    home_blocks.CaptionedImageBlock: lambda builder, block: obj(
        {
            "image": nullable(ref("Image")),
            "caption": nullable(STRING),
            "attribution": nullable(STRING),
        },
        description="An image with caption and credit; `alt` is the block's alternative text when set.",
    ),
    home_blocks.DocumentBlock: lambda builder, block: obj(
        {
            "document": nullable(ref("Document")),
            "title": {**STRING, "description": "Link text; the document's title when left blank."},
        },
        description="A link to a document from the library.",
    ),
    home_blocks.VideoEmbedBlock: lambda builder, block: {
        **nullable(obj({"url": {"type": "string", "format": "uri"}})),
        "description": "Embedded media by its URL; the client renders the player.",
    },
}


# --- Parameters ----------------------------------------------------------------


def language_codes():
    return [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]


def parameters_table():
    """Schema and description of every documented query parameter, by name."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    slugs = {"type": "string", "pattern": SLUG_LIST.pattern}
    return {
        "limit": (
            {"type": "integer", "minimum": 0, "maximum": limit_max, "default": min(20, limit_max)},
            f"How many items to return (at most {limit_max}).",
        ),
        "offset": ({"type": "integer", "minimum": 0, "default": 0}, "How many items to skip."),
        "fields": (
            {"type": "string", "examples": ["title,start_date", "*", "_,title", "-summary"]},
            "Comma-separated fields to add to the default ones; `-name` removes one, `*` starts "
            "from all fields, `_` from none; `image(title)` picks nested fields.",
        ),
        "order": None,  # per endpoint: its ordering fields
        "search": (
            {"type": "string"},
            "Full-text search; results come by relevance unless `order` is given.",
        ),
        "search_operator": (
            {"type": "string", "enum": ["and", "or"]},
            "How search terms combine (default `or`).",
        ),
        "rich_text_format": (
            {"type": "string", "enum": sorted(typing.get_args(RichTextOutputFormat))},
            f"Format of rich text (default `{settings.WAGTAILAPI_RICH_TEXT_FORMAT}`): `html` has "
            "links and embeds resolved.",
        ),
        "locale": (
            {"type": "string", "enum": language_codes()},
            "Only pages in this language (a language code of the site).",
        ),
        "site": (
            {"type": "string", "examples": ["localhost", "127.0.0.1:8000"]},
            "The site, by host name or `host:port`; default: the site serving the request.",
        ),
        "type": (
            {"type": "string", "pattern": r"^[a-z_]+\.[A-Za-z]+(,[a-z_]+\.[A-Za-z]+)*$"},
            "Page types as `app_label.ModelName`, comma-separated; with exactly one type the "
            "type's own fields can be requested, filtered and ordered by.",
        ),
        "child_of": (
            {"type": "string", "pattern": "^([0-9]+|root)$"},
            "Children of this page (id, or `root` for the site's home page).",
        ),
        "descendant_of": (
            {"type": "string", "pattern": "^([0-9]+|root)$"},
            "Descendants of this page (id, or `root`); cannot be combined with `child_of`.",
        ),
        "ancestor_of": ({"type": "integer", "minimum": 0}, "Ancestors of this page (id)."),
        "translation_of": (
            {"type": "string", "pattern": "^([0-9]+|root)$"},
            "Translations of this page (id, or `root`).",
        ),
        "upcoming": (BOOLEAN_PARAMETER, "`1`: events that have not ended yet (today's included)."),
        "past": (
            BOOLEAN_PARAMETER,
            "`1`: events that have ended; cannot be combined with `upcoming`.",
        ),
        "date_from": (
            {"type": "string", "format": "date"},
            "Events that take place (at least partly) on or after this day, `YYYY-MM-DD`.",
        ),
        "date_to": (
            {"type": "string", "format": "date"},
            "Events that start on or before this day, `YYYY-MM-DD`; not before `date_from`.",
        ),
        "event_type": (slugs, "Event type slugs, comma-separated (any of them)."),
        "field_of_work": (slugs, "Field of work slugs, comma-separated (any of them)."),
        "thematic_area": (
            {"type": "string", "pattern": "^([0-9]+|[-a-z0-9_]+)$"},
            "A thematic area by id or slug; matches its translations too.",
        ),
        "country": (
            {"type": "string", "pattern": "^[A-Za-z]{2}$", "examples": ["RO"]},
            "ISO 3166-1 alpha-2 code of the country, any case.",
        ),
        "id": ({"type": "integer", "minimum": 0}, "The id of the object to find."),
        "html_path": (
            {"type": "string", "examples": ["/en/events/", "/ru/about-us/"]},
            "The URL path to look up: for pages, the page at that path (a language prefix "
            "selects the language); for redirects, the redirect from that path.",
        ),
    }


def query_parameter(name, schema, description, required=False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def field_filter_parameter(model, name):
    """An exact-match filter on a database field, typed as the field's filter parses it."""
    field = model._meta.get_field(name)
    if isinstance(field, TaggableManager):
        schema = {"type": "string", "examples": ["report,2025"]}
        return query_parameter(
            name, schema, "Tag names, comma-separated: items with all of them (not with `search`)."
        )
    if isinstance(field, models.BooleanField):
        schema = dict(BOOLEAN_PARAMETER)
    elif isinstance(field, (models.IntegerField, models.AutoField)) or field.is_relation:
        schema = {"type": "integer"}
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string"}
    label = force_str(getattr(field, "verbose_name", name))
    return query_parameter(name, schema, f"Exact match on {label} (`{name}`).")


def order_parameter(view, model):
    names = [n for n in view.get_available_fields(model, db_fields_only=True)]
    field = "-?(" + "|".join(re.escape(n) for n in names) + ")"
    return query_parameter(
        "order",
        {
            "type": "string",
            "pattern": f"^(random|{field}(,{field})*)$",
            "examples": ["-id", "title"],
        },
        "Comma-separated fields to order by, `-` for descending, or `random` (not with `offset`). "
        f"Fields: {', '.join(names)}.",
    )


# What the navigation endpoint's parameters mean there (their schemas are the shared ones).
NAVIGATION_PARAMETERS = {
    "locale": "The language of the menu; default: the site's default language.",
    "site": "The site, by host name or `host:port`; default: the site serving the request.",
}

IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The `ETag` of a copy the client holds; an unchanged answer is a 304.",
    "schema": {"type": "string"},
}


# --- The document --------------------------------------------------------------


def cached_json(schema, description):
    return {
        "description": description,
        "headers": {
            "ETag": {"$ref": "#/components/headers/ETag"},
            "Cache-Control": {"$ref": "#/components/headers/Cache-Control"},
        },
        "content": {JSON: {"schema": schema}},
    }


def responses(ok, *, bad_request=True, not_found=False):
    result = {"200": ok, "304": {"$ref": "#/components/responses/NotModified"}}
    if bad_request:
        result["400"] = {"$ref": "#/components/responses/BadRequest"}
    if not_found:
        result["404"] = {"$ref": "#/components/responses/NotFound"}
    return result


def listing_schema(items):
    return obj(
        {
            "meta": obj({"total_count": {**INTEGER, "description": "Items matching, all pages."}}),
            "items": {"type": "array", "items": items},
        }
    )


class DocumentGenerator:
    """Builds the whole document from the router of ``config.api``."""

    def __init__(self, router, urlpatterns):
        self.router = router
        self.urlpatterns = urlpatterns
        self.builder = SchemaBuilder(router)
        self.parameters = parameters_table()

    def generate(self):
        paths = {}
        # The router's registry is private API, but it is the one list of endpoints the
        # URLs are built from; reading it is what keeps this document in step.
        for name, view in self.router._endpoints.items():
            paths.update(self.endpoint_paths(name, view))
        paths.update(self.extra_paths())
        return {
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {
                "title": f"{settings.WAGTAIL_SITE_NAME}: page API",
                "version": "2",
                "description": (
                    "Read-only JSON API of the site (Wagtail API v2). Every error answers "
                    '`{"message": "..."}`; unknown query parameters are a 400. Successful answers '
                    "carry `ETag` and `Cache-Control`; a matching `If-None-Match` gets a 304. "
                    "See docs/api.md for examples."
                ),
            },
            "paths": paths,
            "components": {
                "schemas": dict(sorted(self.builder.components.items())),
                "responses": {
                    "BadRequest": {
                        "description": "A parameter is unknown or its value is invalid.",
                        "content": {JSON: {"schema": ref("Error")}},
                    },
                    "NotFound": {
                        "description": "No such object (or it is not published).",
                        "content": {JSON: {"schema": ref("Error")}},
                    },
                    "NotModified": {
                        "description": "The copy named by `If-None-Match` is current.",
                        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                    },
                    "Found": {
                        "description": "Redirect to the object's detail URL (query string kept).",
                        "headers": {
                            "Location": {
                                "required": True,
                                "schema": {"type": "string", "format": "uri-reference"},
                            }
                        },
                    },
                },
                "headers": {
                    "ETag": {"required": True, "schema": {"type": "string"}},
                    "Cache-Control": {
                        "required": True,
                        "schema": {
                            "type": "string",
                            "examples": ["public, max-age=0, s-maxage=300, must-revalidate"],
                        },
                    },
                },
            },
        }

    # Router endpoints

    def endpoint_paths(self, name, view):
        listing = reverse(f"{self.router.url_namespace}:{name}:listing")
        detail = reverse(f"{self.router.url_namespace}:{name}:detail", args=[SENTINEL_PK])
        detail = detail.replace(str(SENTINEL_PK), "{id}")
        find = reverse(f"{self.router.url_namespace}:{name}:find")
        is_pages = issubclass(view, PagesAPIViewSet)
        item, detail_item = self.item_schemas(name, view, is_pages)
        title = (view.__doc__ or name).strip().splitlines()[0]
        detail_parameters = [self.parameter(view, p) for p in self.detail_parameter_names(view)]
        return {
            listing: {
                "get": {
                    "operationId": f"{name}_listing",
                    "tags": [name],
                    "summary": f"List {name}",
                    "description": title,
                    "parameters": self.listing_parameters(view) + [IF_NONE_MATCH],
                    "responses": responses(cached_json(listing_schema(item), f"A page of {name}.")),
                }
            },
            detail: {
                "get": {
                    "operationId": f"{name}_detail",
                    "tags": [name],
                    "summary": f"One of the {name} by id",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": "The object's id.",
                            "schema": {"type": "integer", "minimum": 0},
                        },
                        *detail_parameters,
                        IF_NONE_MATCH,
                    ],
                    "responses": responses(cached_json(detail_item, "The object."), not_found=True),
                }
            },
            find: {
                "get": {
                    "operationId": f"{name}_find",
                    "tags": [name],
                    "summary": f"Find one of the {name}",
                    "description": "Redirects to the detail URL of the object found; other "
                    "parameters are passed on.",
                    "parameters": [
                        self.parameter(view, p) for p in sorted(view.find_query_parameters)
                    ]
                    + detail_parameters,
                    "responses": {
                        "302": {"$ref": "#/components/responses/Found"},
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                }
            },
        }

    def detail_parameter_names(self, view):
        # Detail views read only these; pages also resolve the site to scope the lookup.
        names = ["fields", "rich_text_format"]
        if issubclass(view, PagesAPIViewSet):
            names.append("site")
        return names

    def listing_parameters(self, view):
        names = sorted(set(view.known_query_parameters) - UNDOCUMENTED_PARAMETERS)
        parameters = [self.parameter(view, name) for name in names]
        field_filters = [
            field_filter_parameter(view.model, name)
            for name in view.get_available_fields(view.model, db_fields_only=True)
            if name != "locale" and name not in names
        ]
        return parameters + field_filters

    def parameter(self, view, name):
        if name == "order":
            return order_parameter(view, view.model)
        if name not in self.parameters:
            raise ImproperlyConfigured(
                f"query parameter {name!r} of {view.__name__} is not documented; "
                "add it to config.openapi.parameters_table"
            )
        schema, description = self.parameters[name]
        return query_parameter(name, schema, description)

    def item_schemas(self, name, view, is_pages):
        """The listing item and detail schemas of an endpoint."""
        if not is_pages:
            serializer = view._get_serializer_class(
                self.router, view.model, [("*", False, None)], show_details=True
            )
            component = f"{view.model.__name__}Item"
            schema = self.builder.add(
                component,
                self.builder.serializer_schema(
                    serializer, view.model, meta_type=view.model._meta.label
                ),
            )
            return schema, schema
        page_models = [m for m in get_page_models() if m is not Page]
        if view.model is not Page:
            page_models = [m for m in page_models if issubclass(m, view.model)]
        refs = [self.page_schema(view, model) for model in page_models]
        union = refs[0] if len(refs) == 1 else {"anyOf": refs}
        return union, union

    def page_schema(self, view, model):
        serializer = view._get_serializer_class(
            self.router, model, [("*", False, None)], show_details=True
        )
        schema = self.builder.serializer_schema(
            serializer,
            model,
            meta_type=model._meta.label,
            description=force_str((model.__doc__ or "").strip()),
        )
        return self.builder.add(model.__name__, schema)

    # Views outside the router

    def extra_paths(self):
        """Every other view of ``config.api``; one without a documented operation fails."""
        paths = {}
        for pattern in self.urlpatterns:
            if isinstance(pattern, URLResolver):
                continue  # the router's endpoints, documented above
            build = EXTRA_OPERATIONS.get(pattern.name)
            if build is None:
                raise ImproperlyConfigured(
                    f"the API view {pattern.name!r} has no OpenAPI operation; add one to "
                    "config.openapi.EXTRA_OPERATIONS"
                )
            paths[reverse(pattern.name)] = {"get": build(self, pattern)}
        return paths

    def shared_parameters(self, names, descriptions=None):
        """Query parameters with the shared schemas; ``descriptions`` override the shared ones."""
        descriptions = descriptions or {}
        result = []
        for name in sorted(names):
            schema, description = self.parameters[name]
            result.append(query_parameter(name, schema, descriptions.get(name, description)))
        return result

    def navigation_operation(self, pattern):
        view = view_class(pattern)
        return {
            "operationId": "navigation",
            "tags": ["navigation"],
            "summary": "The site menu",
            "description": (view.__doc__ or "").strip().splitlines()[0],
            "parameters": self.shared_parameters(view.known_parameters, NAVIGATION_PARAMETERS)
            + [IF_NONE_MATCH],
            "responses": responses(cached_json(ref("Navigation"), "The menu tree.")),
        }

    def search_operation(self, pattern):
        from search.api import MAX_LIMIT

        view = view_class(pattern)
        self.builder.add("SearchResults", search_results_schema())
        table = search_parameters(MAX_LIMIT)
        undocumented = set(view.known_parameters) - set(table)
        if undocumented:
            raise ImproperlyConfigured(
                f"search parameters {sorted(undocumented)} are not documented in "
                "config.openapi.search_parameters"
            )
        return {
            "operationId": "search",
            "tags": ["search"],
            "summary": "Site search, grouped by page type",
            "description": (view.__doc__ or "").strip().splitlines()[0],
            "parameters": [
                query_parameter(name, *table[name], required=name == "q")
                for name in sorted(view.known_parameters)
            ]
            + [IF_NONE_MATCH],
            "responses": responses(cached_json(ref("SearchResults"), "The results.")),
        }

    def preview_operation(self, pattern):
        view = view_class(pattern)
        names = set(view.known_query_parameters) - UNDOCUMENTED_PARAMETERS
        page = self.item_schemas("pages", view, is_pages=True)[1]
        return {
            "operationId": "preview",
            "tags": ["pages"],
            "summary": "The draft a preview token names",
            "description": (view.__doc__ or "").strip().splitlines()[0],
            "parameters": [
                query_parameter(
                    "token",
                    {"type": "string"},
                    "A preview token from the admin (`/admin/headless-preview/<page id>/`).",
                    required=True,
                ),
                *self.shared_parameters(names - {"token"}),
            ],
            "responses": {
                "200": {
                    "description": "The draft, as the pages endpoint shows pages; never cached.",
                    "headers": {"Cache-Control": {"$ref": "#/components/headers/Cache-Control"}},
                    "content": {JSON: {"schema": page}},
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
                "403": {
                    "description": "The token is expired, altered or not a token.",
                    "content": {JSON: {"schema": ref("Error")}},
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }

    def schema_operation(self, pattern):
        return {
            "operationId": "schema",
            "tags": ["schema"],
            "summary": "This document",
            "parameters": [IF_NONE_MATCH],
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "headers": {
                        "ETag": {"$ref": "#/components/headers/ETag"},
                        "Cache-Control": {"$ref": "#/components/headers/Cache-Control"},
                    },
                    "content": {
                        JSON: {"schema": {"type": "object"}},
                        OPENAPI_MEDIA_TYPE: {"schema": {"type": "object"}},
                    },
                },
                "304": {"$ref": "#/components/responses/NotModified"},
            },
        }


def view_class(pattern):
    """The class behind a URL pattern's view (Django's ``as_view``, DRF's or a viewset's)."""
    callback = pattern.callback
    return getattr(callback, "cls", None) or callback.view_class


# The views of config.api outside the router, by URL name.
EXTRA_OPERATIONS = {
    "api-schema": DocumentGenerator.schema_operation,
    "api-navigation": DocumentGenerator.navigation_operation,
    "api-search": DocumentGenerator.search_operation,
    "api-preview": DocumentGenerator.preview_operation,
}


def search_parameters(max_limit):
    """``search.api.SearchAPIView``'s parameters (the search page's filters)."""
    return {
        "q": (
            {
                "type": "string",
                "examples": ["Sibiu", '"hate crime" -webinar', "police OR prosecutors"],
            },
            "The query: words, phrases in double quotes, `OR`, `-word` to exclude.",
        ),
        "locale": (
            {"type": "string", "enum": language_codes()},
            "The language searched; default: the site's default language.",
        ),
        "type": (
            {"type": "string", "examples": ["events.EventPage"]},
            "Only this page type (`app_label.ModelName`, any case).",
        ),
        "area": (
            {"type": "string", "pattern": "^[-a-z0-9_]+$", "examples": ["hate-crime"]},
            "Only pages tagged with this thematic area (its slug).",
        ),
        "year": (
            {"type": "integer", "examples": [2025]},
            "Only pages dated in this year (a year with content).",
        ),
        "limit": (
            {"type": "integer", "minimum": 1, "maximum": max_limit, "default": 5},
            f"Items per group (at most {max_limit}).",
        ),
    }


def search_results_schema():
    """``search.api.SearchAPIView.get_results``."""
    nullable_url = nullable({"type": "string", "format": "uri"})
    hit = obj(
        {
            "id": INTEGER,
            "type": {**STRING, "examples": ["events.EventPage"]},
            "title": STRING,
            "title_html": {**STRING, "description": "Escaped HTML; `<mark>` around matches."},
            "url": nullable_url,
            "date": nullable({"type": "string", "format": "date"}),
            "excerpt": nullable(
                obj(
                    {
                        "label": {
                            **nullable(STRING),
                            "description": "The field the passage comes from; null for a plain summary.",
                        },
                        "html": {**STRING, "description": "Escaped HTML; `<mark>` around matches."},
                    }
                )
            ),
        }
    )
    return obj(
        {
            "query": STRING,
            "locale": STRING,
            "total_count": INTEGER,
            "promoted": {
                "type": "array",
                "description": "Results an editor promoted for the query.",
                "items": obj(
                    {
                        "id": nullable(INTEGER),
                        "type": nullable(STRING),
                        "title": STRING,
                        "url": nullable(STRING),
                        "description": STRING,
                    }
                ),
            },
            "groups": {
                "type": "array",
                "description": "One group per page type, largest first.",
                "items": obj(
                    {
                        "type": STRING,
                        "label": STRING,
                        "count": INTEGER,
                        "items": {"type": "array", "items": hit},
                    }
                ),
            },
        },
        description="Search results, grouped by page type.",
    )


def build_openapi_document():
    """The OpenAPI document of the API mounted by ``config.api``."""
    # Imported here: config.api mounts this module's view.
    from config import api

    return DocumentGenerator(api.api_router, api.urlpatterns).generate()


@require_safe
def openapi_view(request):
    """``/api/v2/schema/``: the document as JSON.

    ``application/vnd.oai.openapi+json`` when the client asks for it, plain
    ``application/json`` otherwise, so browsers show it instead of downloading it.
    """
    accept = request.headers.get("Accept", "")
    content_type = OPENAPI_MEDIA_TYPE if OPENAPI_MEDIA_TYPE in accept else JSON
    response = JsonResponse(
        build_openapi_document(), content_type=content_type, json_dumps_params={"indent": 2}
    )
    patch_cache_control(response, **API_CACHE_CONTROL)
    return response
