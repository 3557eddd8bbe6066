"""The page API's serializers: Wagtail's, with page URLs built once per request and rich
text cleaned."""

from django.urls import NoReverseMatch
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    RichTextFieldSerializer,
    get_serializer_class,
)
from wagtail.fields import RichTextField

from core.sanitize import api_representation


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


class RequestPageParentField(RelatedPageMixin, PageParentField):
    """The parent when visitors can see it: one query (Wagtail's reads the parent, then
    checks it against the visible pages)."""

    def get_attribute(self, instance):
        if instance.depth <= 1:
            return None
        parent_path = instance.path[: -instance.steplen]
        return self.context["base_queryset"].filter(path=parent_path).first()


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
