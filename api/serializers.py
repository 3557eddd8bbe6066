"""The page API's serializers: Wagtail's, with page URLs built once per request and rich
text cleaned."""

import copy

from django.urls import NoReverseMatch
from django.utils.translation import get_language
from rest_framework.fields import Field
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    RichTextFieldSerializer,
    get_serializer_class,
)
from wagtail.fields import RichTextField

from caching.version import cached
from core.querysets import one_or_none, visible
from core.sanitize import api_representation
from core.serializers import page_link, page_link_openapi_schema


class SanitizedRichTextField(RichTextFieldSerializer):
    """A ``RichTextField`` in the request's ``?rich_text_format=``, cleaned (core/sanitize.py).

    ``SitePageSerializer`` maps every ``RichTextField`` to it. A subclass of Wagtail's,
    so it reads as one everywhere Wagtail's is looked for.
    """

    def to_representation(self, value):
        return api_representation(str(value), self.context)


class RequestPageHtmlUrlField(PageHtmlUrlField):
    """``meta.html_url``, with the sites' root paths read once per request.

    Wagtail's field asks each page for its URL without the request, so every page reads
    the root paths again: from the cache, or, with no cache to read (Redis down), from
    the database, two queries per item of a listing.
    """

    def to_representation(self, page):
        try:
            return page.get_full_url(request=self.context.get("request"))
        except NoReverseMatch:
            return None


class RelatedPageMixin:
    """``meta.parent`` and ``meta.alias_of`` as Wagtail serializes them, with
    ``RequestPageHtmlUrlField`` too."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=SitePageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


def shared_by_siblings(context, name, page, compute):
    """``compute()``, cached for the content version and shared by every page under the
    same parent: what the detail shows of a page's ancestors (an event's parent and
    breadcrumbs are those of every other event). Keyed on what the answer is built from:
    the parent, the requested site (its visible pages), the host and scheme (absolute
    URLs) and the language."""
    request = context["request"]
    return cached(
        name,
        page.path[: -page.steplen],
        context["view"].get_requested_site().pk,
        request.scheme,
        request.get_host(),
        get_language(),
        compute=compute,
    )


class RequestPageParentField(RelatedPageMixin, PageParentField):
    """The parent when visitors can see it, shared by its children until the content
    changes (Wagtail's reads the parent, then checks it against the visible pages)."""

    def get_attribute(self, instance):
        return None if instance.depth <= 1 else instance

    def to_representation(self, page):
        def parent():
            found = one_or_none(
                self.context["base_queryset"].filter(path=page.path[: -page.steplen])
            )
            return (
                None
                if found is None
                else super(RequestPageParentField, self).to_representation(found)
            )

        return shared_by_siblings(self.context, "api-parent", page, parent)


class BreadcrumbsField(Field):
    """``meta.breadcrumbs``: the visible ancestors from the home page down to the parent,
    shared by the parent's children until the content changes."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context.get("request")

        def ancestors():
            found = visible(page.get_ancestors().filter(depth__gte=2)).order_by("depth")
            return [page_link(ancestor, request) for ancestor in found]

        return shared_by_siblings(self.context, "api-breadcrumbs", page, ancestors)

    def openapi_schema(self, builder, model_field):
        return {
            "type": "array",
            "items": builder.component("PageLink", page_link_openapi_schema),
            "description": "Visible ancestors from the home page down to the parent (detail only).",
        }


class RequestPageAliasOfField(RelatedPageMixin, PageAliasOfField):
    pass


class SitePageSerializer(PageSerializer):
    """Wagtail's page serializer, with the sites' root paths read once per request, and
    every ``RichTextField`` cleaned (``SanitizedRichTextField``)."""

    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        RichTextField: SanitizedRichTextField,
    }

    html_url = RequestPageHtmlUrlField(read_only=True)
    parent = RequestPageParentField(read_only=True)
    alias_of = RequestPageAliasOfField(read_only=True)

    def get_fields(self):
        """The fields, built from the model once per serializer class, then copied.

        Django REST framework builds a model serializer's fields on every request (a
        twelfth of an API detail); they depend on the class alone (its model, fields and
        declared fields), so each class builds them once and every request gets a copy, as
        the framework copies declared fields.
        """
        cls = type(self)
        prototypes = cls.__dict__.get("_field_prototypes")
        if prototypes is None:
            prototypes = super().get_fields()
            cls._field_prototypes = prototypes
        return copy.deepcopy(prototypes)
