"""``/api/v2/images/`` and ``/api/v2/documents/``: the files visitors may reach, as the site shows them."""

from django.db.models import prefetch_related_objects
from wagtail.api.v2.serializers import BaseSerializer, TagsField
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from api.views import CachingHeadersMixin, CompactJSONMixin, StrictInputMixin
from core.querysets import public_files
from core.serializers import ImageAltField, ImageRenditionsField


class PublicFilesMixin:
    """Only files visitors may reach (``core.querysets.public_files``), for every client alike.

    Uploads that no published page uses are drafts of a kind: they stay out, and so do
    files in a private collection.

    Wagtail's own queryset asks each collection restriction whether the request passes
    it, which reads ``request.user``: our API has no authentication, so it has no user,
    and one private collection made both endpoints a 500 for everyone. The filter is
    applied as ``pk__in`` so that ``?search=`` still works (the search backend accepts
    only filters on its indexed fields).
    """

    prefetch = ["tags"]

    def get_queryset(self):
        files = public_files(self.model.objects.all())
        return self.model.objects.filter(pk__in=files.values("pk")).order_by("id")

    def paginate_queryset(self, queryset):
        """The page of files with what they show: a query per relation, not per file."""
        files = super().paginate_queryset(queryset)
        prefetch_related_objects(files, *self.prefetch)
        return files


class PrefetchedTagsField(TagsField):
    """Tag names in alphabetical order, read from prefetched tags: Wagtail's own field
    makes a query per item, 100 in a listing of 100."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class LibraryImageSerializer(BaseSerializer):
    """An image of ``/api/v2/images/``: alt text and renditions, what the site itself
    shows; the original file, as large as it was uploaded, is not offered."""

    alt = ImageAltField(read_only=True)
    renditions = ImageRenditionsField(read_only=True)
    tags = PrefetchedTagsField(read_only=True)


class LibraryDocumentSerializer(DocumentSerializer):
    tags = PrefetchedTagsField(read_only=True)


class SiteImagesAPIViewSet(
    CompactJSONMixin, CachingHeadersMixin, StrictInputMixin, PublicFilesMixin, ImagesAPIViewSet
):
    """``/api/v2/images/``: images that published pages show, with renditions and alt text.

    Like the images in pages (``core.serializers.ImageField``), each comes with the
    named renditions of ``core.blocks.IMAGE_RENDITIONS`` instead of Wagtail's
    ``download_url`` of the original. Example item::

        {"id": 3, "meta": {"type": "wagtailimages.Image", "detail_url": "…", "tags": []},
         "title": "Training room", "alt": "Participants at a training",
         "renditions": {"thumbnail": {"url": "/media/images/….fill-400x250.png",
                                      "width": 400, "height": 250}, "medium": …, "large": …}}
    """

    base_serializer_class = LibraryImageSerializer
    body_fields = ImagesAPIViewSet.body_fields + ["alt", "renditions"]
    meta_fields = [name for name in ImagesAPIViewSet.meta_fields if name != "download_url"]
    listing_default_fields = [
        *(name for name in ImagesAPIViewSet.listing_default_fields if name != "download_url"),
        "alt",
        "renditions",
    ]
    nested_default_fields = [
        *(name for name in ImagesAPIViewSet.nested_default_fields if name != "download_url"),
        "alt",
        "renditions",
    ]
    prefetch = [*PublicFilesMixin.prefetch, "renditions"]

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        """``renditions`` is also the name of the image's relation to its renditions,
        which would make it an exact-match filter (``?renditions=<id>``); it is none."""
        fields = super().get_available_fields(model, db_fields_only)
        return [name for name in fields if not (db_fields_only and name == "renditions")]


class SiteDocumentsAPIViewSet(
    CompactJSONMixin, CachingHeadersMixin, StrictInputMixin, PublicFilesMixin, DocumentsAPIViewSet
):
    """``/api/v2/documents/``: documents that published pages link to or list.

    ``download_url`` is Wagtail's serve view (``/documents/<id>/<file name>``), which
    checks the document's collection privacy on every download.
    """

    base_serializer_class = LibraryDocumentSerializer
