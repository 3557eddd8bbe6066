"""The OpenAPI 3.1 document of the read API, generated from the code that serves it.

``config/api.py`` mounts ``OpenAPIView`` with the router and the URLconf it describes;
nothing here imports the apps above ``api``. The document is built on the first
request and reused for the life of the process (``OpenAPIDocument``).

Each piece declares its own schema next to its code, as a model declares its
``api_fields``; this module walks the API and asks each class for its declaration:

- paths: the router's endpoints (listing, detail, find) and every other view of the
  URLconf, whose class has a classmethod ``openapi_operation(builder)``;
- query parameters: each name an endpoint accepts is declared by a class of the view
  (its MRO), of its filter backends or of its pagination, as ``openapi_parameters``:
  a mapping ``{name: (schema, description)}``, or a classmethod
  ``openapi_parameters(builder, view)`` returning one;
- payloads: every field of the serializer an endpoint builds for ``?fields=*`` is
  asked for ``openapi_schema(builder, model_field)``;
- StreamField bodies: each block's ``openapi_schema(builder)``; a block with its own
  ``get_api_representation`` must declare one.

Third-party classes (Django REST framework's and Wagtail's fields, blocks, filters and
views) cannot carry a method, so their schemas are in the ``*_DEFAULTS`` tables below,
keyed by class and looked up by MRO: a subclass without a declaration of its own
inherits its parent's. Anything without a declaration fails generation with
ImproperlyConfigured instead of being left undocumented.

``tests/api/test_openapi_schema.py`` validates the document and runs Schemathesis
against the live app, so a payload or a parameter that no longer matches fails the suite.
"""

import json
import re
import threading
import typing

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models
from django.db import router as db_router
from django.http import HttpResponse
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.encoding import force_str
from django.views import View
from rest_framework import fields as drf_fields
from rest_framework import serializers as drf_serializers
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, get_page_models
from wagtail.snippets.blocks import SnippetChooserBlock

from api.utils import API_CACHE_CONTROL

OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json"
JSON = "application/json"
# Parameters every endpoint accepts that clients should not use: jQuery's cache
# buster and Django REST framework's renderer switch (there is only JSON).
UNDOCUMENTED_PARAMETERS = {"_", "format"}
SENTINEL_PK = 987654321  # reversed into detail URLs, then replaced by "{id}"


# --- The vocabulary declarations use ----------------------------------------------


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


def query_parameter(name, schema, description, required=False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The `ETag` of a copy the client holds; an unchanged answer is a 304.",
    "schema": {"type": "string"},
}


def cached_json(schema, description):
    """A 200 that carries ``ETag`` and ``Cache-Control``."""
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


def summary_line(view):
    """The first line of a view's docstring, the operation's description."""
    return (view.__doc__ or "").strip().splitlines()[0]


def language_codes():
    return [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]


def page_type_name(model):
    """A page type as Wagtail's API names it: ``events.EventPage``."""
    return f"{model._meta.app_label}.{model.__name__}"


# --- Defaults for third-party serializer fields ------------------------------------


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


def streamfield_schema(builder, field, model_field):
    return builder.block_schema(model_field.stream_block)


def child_relation_schema(builder, field, model_field):
    model = field.serializer_class.Meta.model
    schema = builder.serializer_schema(field.serializer_class, model)
    return {"type": "array", "items": schema}


def related_schema(builder, field, model_field):
    model = field.serializer_class.Meta.model
    return nullable(builder.serializer_schema(field.serializer_class, model))


def nested_page_schema(builder):
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


def nested_page(builder, field, model_field):
    return nullable(builder.component("NestedPage", nested_page_schema))


FIELD_DEFAULTS = {
    # Django REST framework's own fields, as ModelSerializer builds them
    drf_fields.BooleanField: simple({"type": "boolean"}),
    drf_fields.IntegerField: simple(INTEGER),
    drf_fields.FloatField: simple({"type": "number"}),
    drf_fields.DecimalField: simple({"type": "string", "format": "decimal"}),
    drf_fields.DateTimeField: simple({"type": "string", "format": "date-time"}),
    drf_fields.DateField: simple({"type": "string", "format": "date"}),
    drf_fields.URLField: simple({"type": "string", "format": "uri"}),
    drf_fields.CharField: simple(STRING),
    drf_fields.ChoiceField: lambda b, f, m: {**STRING, "enum": [str(key) for key in f.choices]},
    # Wagtail API v2's fields
    wagtail_serializers.TypeField: fixed({**STRING, "examples": ["wagtailimages.Image"]}),
    wagtail_serializers.PageTypeField: fixed({**STRING, "examples": ["events.EventPage"]}),
    wagtail_serializers.DetailUrlField: fixed({"type": "string", "format": "uri"}),
    wagtail_serializers.PageHtmlUrlField: lambda b, f, m: nullable(
        {"type": "string", "format": "uri"}
    ),
    wagtail_serializers.PageLocaleField: fixed({**STRING, "examples": ["en"]}),
    wagtail_serializers.PageParentField: nested_page,
    wagtail_serializers.PageAliasOfField: nested_page,
    wagtail_serializers.RichTextFieldSerializer: simple(
        {**STRING, "description": "Rich text, as HTML unless `rich_text_format` says otherwise."}
    ),
    wagtail_serializers.StreamField: streamfield_schema,
    wagtail_serializers.TagsField: fixed({"type": "array", "items": STRING}),
    wagtail_serializers.ChildRelationField: child_relation_schema,
    wagtail_serializers.RelatedField: related_schema,
    DocumentDownloadUrlField: fixed(
        {
            "type": "string",
            "format": "uri",
            "description": "Download through the site, which checks the document's privacy.",
        }
    ),
}


# --- Defaults for Wagtail's blocks --------------------------------------------------

# Leaf blocks: the value get_api_representation returns (ids for choosers).
BLOCK_DEFAULTS = {
    blocks.RichTextBlock: {**STRING, "contentMediaType": "text/html"},
    EmbedBlock: {"type": "string", "format": "uri"},
    ImageChooserBlock: {**INTEGER, "description": "Image id."},
    DocumentChooserBlock: {**INTEGER, "description": "Document id."},
    blocks.PageChooserBlock: {**INTEGER, "description": "Page id."},
    SnippetChooserBlock: {**INTEGER, "description": "Snippet id."},
    blocks.BooleanBlock: {"type": "boolean"},
    blocks.IntegerBlock: INTEGER,
    blocks.FloatBlock: {"type": "number"},
    blocks.DateBlock: {"type": "string", "format": "date"},
    blocks.URLBlock: {"type": "string", "format": "uri"},
    blocks.CharBlock: STRING,
    blocks.TextBlock: STRING,
    blocks.EmailBlock: {"type": "string", "format": "email"},
    blocks.RawHTMLBlock: STRING,
}


# --- Defaults for Wagtail API v2's parameters ----------------------------------------


def limit_parameter(builder, view):
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    return (
        {"type": "integer", "minimum": 0, "maximum": limit_max, "default": min(20, limit_max)},
        f"How many items to return (at most {limit_max}).",
    )


def fields_parameter(builder, view):
    """``?fields=``: only the names this endpoint accepts, as Wagtail parses them.

    The names are the endpoint model's (``wagtailcore.Page``'s for the pages endpoint:
    a type's own fields need ``type``); a listing does not offer the detail-only ones.
    ``*`` or ``_`` may only come first.
    """
    model = view.model
    names = list(
        dict.fromkeys(view.get_body_fields_names(model) + view.get_meta_fields_names(model))
    )
    if not builder.detail:
        names = [name for name in names if name not in view.detail_only_fields]
    name = "(" + "|".join(re.escape(name) for name in names) + ")"
    return (
        {
            "type": "string",
            # Wagtail's parser: `*` may only be followed by removals, `_` by additions.
            "pattern": f"^(|\\*(,-{name})*|_(,{name})*|-?{name}(,-?{name})*)$",
            "examples": ["*", "_,title", "-title"],
        },
        "Comma-separated fields to add to the default ones; `-name` removes one, `*` (first, "
        "then only removals) starts from all fields, `_` (first, then no removals) from none; "
        f"`image(title)` picks nested fields. Fields: {', '.join(names)}.",
    )


def order_parameter(builder, view):
    names = list(view.get_available_fields(view.model, db_fields_only=True))
    field = "-?(" + "|".join(re.escape(n) for n in names) + ")"
    return (
        {
            "type": "string",
            "pattern": f"^(|random|{field}(,{field})*)$",
            "examples": ["-id", "title"],
        },
        "Comma-separated fields to order by, `-` for descending, or `random` (not with `offset`). "
        f"Fields: {', '.join(names)}.",
    )


def type_parameter(builder, view):
    labels = [page_type_name(model) for model in builder.page_models(view)]
    label = "(" + "|".join(re.escape(name) for name in labels) + ")"
    return (
        {
            "type": "string",
            "pattern": f"^({label}(,{label})*)?$",
            "examples": [name for name in labels if name == "events.EventPage"] or labels[:1],
        },
        "Page types as `app_label.ModelName`, comma-separated; with exactly one type the "
        "type's own fields can be requested, filtered and ordered by.",
    )


PAGE_ID_OR_ROOT = {"type": "string", "pattern": "^([0-9]+|root)$"}
# The API refuses a null character in any text it looks up (PostgreSQL cannot store one).
NO_NULL = "^[^\\u0000]*$"
# A host name, optionally with :port, as ``SiteFilterValidator`` reads it.
SITE = {"type": "string", "pattern": "^[^:\\u0000]*(:[0-9]+)?$", "examples": ["127.0.0.1:8000"]}

PARAMETER_DEFAULTS = {
    BaseAPIViewSet: {
        "fields": fields_parameter,
        "rich_text_format": (
            {"type": "string", "enum": sorted(typing.get_args(RichTextOutputFormat))},
            f"Format of rich text (default `{settings.WAGTAILAPI_RICH_TEXT_FORMAT}`): `html` has "
            "links and embeds resolved.",
        ),
        "id": ({"type": "integer", "minimum": 0}, "The id of the object to find."),
    },
    PagesAPIViewSet: {
        "type": type_parameter,
        "site": (
            SITE,
            "The site, by host name or `host:port`; default: the site serving the request. "
            "A site that does not exist is a 400.",
        ),
        "html_path": (
            {"type": "string", "pattern": NO_NULL, "examples": ["/en/events/", "/ru/about-us/"]},
            "The URL path of the page to find (a language prefix selects the language).",
        ),
    },
    RedirectsAPIViewSet: {
        "html_path": (
            {"type": "string", "pattern": NO_NULL, "examples": ["/old-page/"]},
            "The URL path whose redirect to find.",
        ),
    },
    WagtailPagination: {
        "limit": limit_parameter,
        "offset": ({"type": "integer", "minimum": 0, "default": 0}, "How many items to skip."),
    },
    wagtail_filters.FieldsFilter: lambda builder, view: field_filter_parameters(builder, view),
    wagtail_filters.OrderingFilter: {"order": order_parameter},
    wagtail_filters.SearchFilter: {
        "search": (
            {"type": "string", "pattern": NO_NULL},
            "Full-text search; results come by relevance unless `order` is given. Not with "
            "tag filters, nor with filters or an order on fields the search index does not "
            "filter by (a 400 names the field).",
        ),
        "search_operator": (
            {"type": "string", "enum": ["and", "or"]},
            "How search terms combine (default `or`).",
        ),
    },
    wagtail_filters.ChildOfFilter: {
        "child_of": (
            PAGE_ID_OR_ROOT,
            "Children of this page (id, or `root` for the site's home page).",
        )
    },
    wagtail_filters.DescendantOfFilter: {
        "descendant_of": (
            PAGE_ID_OR_ROOT,
            "Descendants of this page (id, or `root`); cannot be combined with `child_of`.",
        )
    },
    wagtail_filters.AncestorOfFilter: {
        "ancestor_of": ({"type": "integer", "minimum": 0}, "Ancestors of this page (id).")
    },
    wagtail_filters.TranslationOfFilter: {
        "translation_of": (PAGE_ID_OR_ROOT, "Translations of this page (id, or `root`).")
    },
}


def field_filter_parameters(builder, view, bounded=False):
    """Exact-match filters on the endpoint model's database fields (``?slug=events``).

    ``bounded``: integers outside their column's range are refused (``StrictFieldsFilter``);
    Wagtail's own filter answers them with no match.
    """
    names = view.get_available_fields(view.model, db_fields_only=True)
    return {
        name: field_filter_parameter(view.model, name, bounded)
        for name in names
        if name != "locale"
    }


def integer_range(field):
    """``minimum`` and ``maximum`` of an integer column (a relation's: its target's), as the
    database in use stores it; ``api.utils.fits_column`` refuses a value outside them."""
    internal_type = (field.target_field if field.is_relation else field).get_internal_type()
    ops = connections[db_router.db_for_read(field.model)].ops
    if internal_type not in ops.integer_field_ranges:
        return {}
    low, high = ops.integer_field_range(internal_type)
    return {
        **({"minimum": low} if low is not None else {}),
        **({"maximum": high} if high is not None else {}),
    }


def field_filter_parameter(model, name, bounded=False):
    """An exact-match filter on a database field, typed as the field's filter parses it."""
    field = model._meta.get_field(name)
    if isinstance(field, TaggableManager):
        schema = {"type": "string", "pattern": NO_NULL, "examples": ["report,2025"]}
        return schema, "Tag names, comma-separated: items with all of them (not with `search`)."
    if isinstance(field, models.BooleanField):
        schema = dict(BOOLEAN_PARAMETER)
    elif isinstance(field, (models.IntegerField, models.AutoField)) or field.is_relation:
        schema = {"type": "integer", **(integer_range(field) if bounded else {})}
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string", "pattern": NO_NULL}
    label = force_str(getattr(field, "verbose_name", name))
    return schema, f"Exact match on {label} (`{name}`)."


# --- The builder every declaration receives --------------------------------------------


def declared(cls, attribute, defaults):
    """``cls``'s own declaration (``attribute`` in its body) or its default, by MRO.

    Returns ``(owner, declaration)``, or ``(None, None)`` when no class declares one.
    """
    for klass in cls.__mro__:
        if attribute in vars(klass):
            return klass, getattr(cls, attribute)
        if klass in defaults:
            return klass, defaults[klass]
    return None, None


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


class SchemaBuilder:
    """Collects component schemas while it asks fields, blocks and views for theirs.

    Declarations receive it as ``builder``: ``builder.component(name, factory)`` registers
    a shared schema once and returns its ``$ref``; ``builder.nullable``, ``builder.object``
    and ``builder.parameter`` spell the common shapes.
    """

    nullable = staticmethod(nullable)
    object = staticmethod(obj)
    ref = staticmethod(ref)
    parameter = staticmethod(query_parameter)
    if_none_match = IF_NONE_MATCH
    cached_json = staticmethod(cached_json)
    responses = staticmethod(responses)
    summary_line = staticmethod(summary_line)
    language_codes = staticmethod(language_codes)

    def __init__(self, router):
        self.router = router
        self.detail = False
        self.components = {
            "Error": obj(
                {"message": {**STRING, "examples": ["limit cannot be higher than 100"]}},
                description="Every error answer of the API.",
            ),
        }

    def add(self, name, schema):
        """Register a component once; the same name for two different shapes is a bug."""
        if name in self.components and self.components[name] != schema:
            raise ImproperlyConfigured(f"two different OpenAPI components named {name}")
        self.components[name] = schema
        return ref(name)

    def component(self, name, factory):
        """The ``$ref`` of component ``name``, built by ``factory(builder)`` the first time."""
        if name not in self.components:
            self.components[name] = factory(self)
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
        owner, declaration = declared(type(field), "openapi_schema", FIELD_DEFAULTS)
        if owner is None:
            raise ImproperlyConfigured(
                f"no OpenAPI schema for serializer field {type(field).__name__} "
                f"({model.__name__}.{field.field_name}); give it a method "
                "openapi_schema(self, builder, model_field)"
            )
        if owner in FIELD_DEFAULTS and "openapi_schema" not in vars(owner):
            schema = declaration(self, field, model_field)
        else:
            schema = field.openapi_schema(self, model_field)
        if "$ref" not in schema:
            description = model_field_description(model_field)
            if description:
                schema = {**schema, "description": description}
        return schema

    def model_schema(self, model, names, extra_properties=None):
        """``model``'s fields ``names`` (e.g. a snippet's ``api_fields``), as a component.

        ``extra_properties``: what the representation adds beyond model fields.
        """

        class Meta:
            fields = names

        Meta.model = model
        serializer = type("S", (drf_serializers.ModelSerializer,), {"Meta": Meta})()
        return self.add(
            model.__name__,
            obj(
                {
                    **{name: self.field_schema(serializer.fields[name], model) for name in names},
                    **(extra_properties or {}),
                },
                description=force_str(model.__doc__ or "").strip() or None,
            ),
        )

    # Blocks

    def block_schema(self, block):
        """The schema of a block's ``get_api_representation``.

        A block's own ``openapi_schema`` wins; otherwise a Wagtail leaf block's default,
        found by MRO, so a subclass that keeps the value's shape (``HeadingBlock``, a
        rich text block that cleans its HTML) inherits it. Structural blocks (stream,
        struct, list) are walked; one with a representation of its own must declare it.
        """
        cls = type(block)
        owner, declaration = declared(cls, "openapi_schema", BLOCK_DEFAULTS)
        representer = next(k for k in cls.__mro__ if "get_api_representation" in vars(k))
        own_representation = not representer.__module__.startswith("wagtail.")
        if owner is not None and "openapi_schema" in vars(owner):
            if own_representation and cls.__mro__.index(owner) > cls.__mro__.index(representer):
                raise ImproperlyConfigured(
                    f"{cls.__name__} has its own get_api_representation; declare its output "
                    "in an openapi_schema(self, builder) method beside it"
                )
            return self.add(cls.__name__, block.openapi_schema(self))
        if owner is not None:
            schema = {**declaration}
            description = block_description(block)
            if description:
                schema["description"] = description
            return schema if getattr(block, "required", True) else nullable(schema)
        if own_representation:
            raise ImproperlyConfigured(
                f"{cls.__name__} has its own get_api_representation; declare its output "
                "in an openapi_schema(self, builder) method beside it"
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
        raise ImproperlyConfigured(
            f"no OpenAPI schema for block {cls.__name__}; give it a method "
            "openapi_schema(self, builder)"
        )

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
        }
        if description := block_description(block):
            schema["description"] = description
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

    # Endpoints' items

    def page_models(self, view):
        """The page types an endpoint serves, in Wagtail's order."""
        page_models = [m for m in get_page_models() if m is not Page]
        if view.model is not Page:
            page_models = [m for m in page_models if issubclass(m, view.model)]
        return page_models

    def item_schema(self, view):
        """The schema of one item of an endpoint (a page union for page endpoints)."""
        if not issubclass(view, PagesAPIViewSet):
            serializer = view._get_serializer_class(
                self.router, view.model, [("*", False, None)], show_details=True
            )
            return self.add(
                f"{view.model.__name__}Item",
                self.serializer_schema(serializer, view.model, meta_type=view.model._meta.label),
            )
        refs = [self.page_schema(view, model) for model in self.page_models(view)]
        return refs[0] if len(refs) == 1 else {"anyOf": refs}

    def page_schema(self, view, model):
        serializer = view._get_serializer_class(
            self.router, model, [("*", False, None)], show_details=True
        )
        schema = self.serializer_schema(
            serializer,
            model,
            meta_type=model._meta.label,
            description=force_str((model.__doc__ or "").strip()),
        )
        return self.add(model.__name__, schema)

    # Parameters

    def parameters(self, view, names, *, detail=False, extra_from=()):
        """Query parameters ``names`` of ``view``, each from the class that declares it.

        ``detail``: for a detail (or find, or preview) request rather than a listing; the
        declarations read it as ``builder.detail``. ``extra_from``: classes whose other
        declared parameters are added too (the exact-match field filters).
        """
        self.detail = detail
        table = self.declared_parameters(view)
        result = []
        for name in sorted(names):
            if name not in table:
                raise ImproperlyConfigured(
                    f"query parameter {name!r} of {view.__name__} is not documented; declare "
                    "it in openapi_parameters on the view, its filter or its pagination class"
                )
            result.append(query_parameter(name, *table[name]))
        for cls in extra_from:
            for name, spec in self.declarations_of(cls, view).items():
                if name not in names:
                    result.append(query_parameter(name, *spec))
        return result

    def declared_parameters(self, view):
        """``{name: (schema, description)}`` from the view, its filters and its pagination."""
        classes = [view, *view.filter_backends, view.pagination_class]
        table = {}
        for cls in classes:
            if cls is None:
                continue
            for name, spec in self.declarations_of(cls, view).items():
                table.setdefault(name, spec)
        return table

    def declarations_of(self, cls, view):
        """Every parameter a class and its bases declare; the most derived one wins."""
        table = {}
        for klass in cls.__mro__:
            declaration = vars(klass).get("openapi_parameters", PARAMETER_DEFAULTS.get(klass))
            if declaration is None:
                continue
            if isinstance(declaration, classmethod):
                declaration = declaration.__get__(None, cls)
            if callable(declaration):
                declaration = declaration(self, view)
            for name, spec in declaration.items():
                if name not in table:
                    table[name] = spec(self, view) if callable(spec) else spec
        return table


# --- The document -------------------------------------------------------------------


def listing_schema(items):
    return obj(
        {
            "meta": obj({"total_count": {**INTEGER, "description": "Items matching, all pages."}}),
            "items": {"type": "array", "items": items},
        }
    )


def view_class(pattern):
    """The class behind a URL pattern's view (Django's ``as_view``, DRF's or a viewset's)."""
    callback = pattern.callback
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


class DocumentGenerator:
    """Builds the whole document from a router and the URL patterns that mount it."""

    def __init__(self, router, urlpatterns):
        self.router = router
        self.urlpatterns = urlpatterns
        self.builder = SchemaBuilder(router)

    def generate(self):
        paths = {}
        # The router's registry is private API, but it is the one list of endpoints the
        # URLs are built from; reading it is what keeps this document in step.
        for name, view in self.router._endpoints.items():
            paths.update(self.endpoint_paths(name, view))
        paths.update(self.other_paths())
        webhooks = self.webhooks()
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
            "webhooks": webhooks,
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
        builder = self.builder
        listing = reverse(f"{self.router.url_namespace}:{name}:listing")
        detail = reverse(f"{self.router.url_namespace}:{name}:detail", args=[SENTINEL_PK])
        detail = detail.replace(str(SENTINEL_PK), "{id}")
        find = reverse(f"{self.router.url_namespace}:{name}:find")
        item = builder.item_schema(view)
        title = (view.__doc__ or name).strip().splitlines()[0]
        detail_names = self.detail_parameter_names(view)
        detail_parameters = builder.parameters(view, detail_names, detail=True)
        listing_names = set(view.known_query_parameters) - UNDOCUMENTED_PARAMETERS
        return {
            listing: {
                "get": {
                    "operationId": f"{name}_listing",
                    "tags": [name],
                    "summary": f"List {name}",
                    "description": title,
                    "parameters": builder.parameters(
                        view, listing_names, extra_from=view.filter_backends
                    )
                    + [IF_NONE_MATCH],
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
                    "responses": responses(cached_json(item, "The object."), not_found=True),
                }
            },
            find: {
                "get": {
                    "operationId": f"{name}_find",
                    "tags": [name],
                    "summary": f"Find one of the {name}",
                    "description": "Redirects to the detail URL of the object found; other "
                    "parameters are passed on.",
                    "parameters": builder.parameters(view, view.find_query_parameters, detail=True)
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

    # Views outside the router

    def other_views(self):
        """Every other view of the URLconf; one without ``openapi_operation`` fails."""
        for pattern in self.urlpatterns:
            if isinstance(pattern, URLResolver):
                continue  # the router's endpoints, documented above
            view = view_class(pattern)
            if not hasattr(view, "openapi_operation"):
                raise ImproperlyConfigured(
                    f"the API view {pattern.name!r} has no OpenAPI operation; give "
                    f"{getattr(view, '__name__', view)} a classmethod openapi_operation(builder)"
                )
            yield pattern, view

    def other_paths(self):
        return {
            reverse(pattern.name): {"get": view.openapi_operation(self.builder)}
            for pattern, view in self.other_views()
        }

    def webhooks(self):
        """What the site sends to receivers, from the views that declare it
        (``openapi_webhooks(builder)``: the change feed's webhooks)."""
        webhooks = {}
        for _pattern, view in self.other_views():
            if hasattr(view, "openapi_webhooks"):
                webhooks.update(view.openapi_webhooks(self.builder))
        return webhooks


class OpenAPIDocument:
    """The document of one router and URLconf, built on first use and then reused.

    ``builds`` counts the builds (the tests check that a second request reuses the first).
    """

    def __init__(self, router, urlconf):
        self.router = router
        self.urlconf = urlconf
        self.builds = 0
        self._document = None
        self._lock = threading.Lock()

    def build(self):
        """A fresh document. In the site's default language, whatever the request's."""
        self.builds += 1
        urlpatterns = get_resolver(self.urlconf).url_patterns
        with translation.override(settings.LANGUAGE_CODE):
            document = DocumentGenerator(self.router, urlpatterns).generate()
        # Lazy translations and other str subclasses become plain JSON here, once.
        return json.dumps(document, indent=2, cls=DjangoJSONEncoder).encode()

    def get(self):
        """The document as indented JSON bytes, built once per process."""
        if self._document is None:
            with self._lock:
                if self._document is None:
                    self._document = self.build()
        return self._document


class OpenAPIView(View):
    """``/api/v2/schema/``: this document, as JSON.

    ``application/vnd.oai.openapi+json`` when the client asks for it, plain
    ``application/json`` otherwise, so browsers show it instead of downloading it.
    """

    http_method_names = ["get", "head"]
    document = None  # an OpenAPIDocument, given to as_view()

    def get(self, request):
        accept = request.headers.get("Accept", "")
        content_type = OPENAPI_MEDIA_TYPE if OPENAPI_MEDIA_TYPE in accept else JSON
        response = HttpResponse(self.document.get(), content_type=content_type)
        patch_cache_control(response, **API_CACHE_CONTROL)
        return response

    @classmethod
    def openapi_operation(cls, builder):
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
