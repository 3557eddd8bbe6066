"""Uploads in an S3-compatible bucket (django-storages), when AWS_STORAGE_BUCKET_NAME is set.

The bucket is shared by every app server, so a file uploaded through one, and a rendition
made by one, is there for all. What is public stays as it is on the local disk
(config/settings/base.py, docs/deployment.md):

- Renditions (``images/``) are the public files: their URL is a plain, stable one, on
  ``AWS_S3_CUSTOM_DOMAIN`` (a CDN in front of the bucket) when set, otherwise the
  bucket's own. The bucket lets anyone read ``images/*`` and nothing else (a bucket
  policy; or the CDN is the only reader). Pages and API answers that show them are
  cached, so their URLs must not expire.
- Everything else, documents and original images, is private: no object is written
  with a public ACL, and their URL is signed and short-lived (``AWS_QUERYSTRING_EXPIRE``),
  always on the bucket's endpoint, never on the custom domain, whose URLs carry no
  signature. Documents are downloaded through Wagtail's view, which checks their
  collection's privacy and only then redirects to such a URL (WAGTAILDOCS_SERVE_METHOD).
"""

import posixpath
from mimetypes import guess_type
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage

from caching.degraded import is_degraded, mark_degraded
from uploads.files import DOCUMENTS, ObjectStoreUnavailable, SafeNameMixin

PUBLIC_PREFIX = "images/"  # Wagtail's folder for renditions
RENDITION_CACHE_CONTROL = "public, max-age=86400"


class SafeNameS3Storage(SafeNameMixin, S3Storage):
    """The default storage when the media live in a bucket: safe names and clean originals
    as on the local disk, public renditions, signed URLs for everything else."""

    def get_object_parameters(self, name):
        """Documents are downloaded from the bucket as from the app: inline or as an
        attachment, under their readable name; renditions may be kept by browsers and CDNs."""
        parameters = super().get_object_parameters(name)
        if name.startswith(PUBLIC_PREFIX):
            parameters.setdefault("CacheControl", RENDITION_CACHE_CONTROL)
        else:
            parameters.setdefault("CacheControl", "private")
        if name.startswith(DOCUMENTS + "/"):
            parameters.setdefault("ContentDisposition", document_content_disposition(name))
        return parameters

    def _open(self, name, mode="rb"):
        """The object, read now: a store that cannot be reached (or an object that is gone)
        is an ``OSError`` here, as a missing file on disk is, which Wagtail's image code
        answers with a missing image rather than a server error; the answer is not kept
        (caching.degraded), so the image is made once the store is back."""
        if is_degraded():  # the store already failed this request: no second wait
            raise ObjectStoreUnavailable(f"The object store could not give {name}")
        try:
            file = super()._open(name, mode)
            if "r" in mode:
                file.file  # noqa: B018 - downloads it
        except (BotoCoreError, ClientError) as error:
            mark_degraded()
            raise ObjectStoreUnavailable(
                f"The object store could not give {name}: {error}"
            ) from error
        return file

    def save(self, name, content, max_length=None):
        """An upload the store cannot take is ``ObjectStoreUnavailable``: a 503 "try again"
        (config.errors), with nothing half-saved (the row is saved after its file)."""
        try:
            return super().save(name, content, max_length)
        except (BotoCoreError, ClientError) as error:
            raise ObjectStoreUnavailable(
                f"The object store could not take {name}: {error}"
            ) from error

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.is_public(name):
            if self.custom_domain:
                return super().url(name, parameters, expire, http_method)
            return self._bucket_url(name, parameters, expire, http_method, signed=False)
        return self._bucket_url(name, parameters, expire, http_method, signed=True)

    @staticmethod
    def is_public(name):
        return name.lstrip("/").startswith(PUBLIC_PREFIX)

    def _bucket_url(self, name, parameters, expire, http_method, signed):
        """The object's URL on the bucket's endpoint, signed (valid ``expire`` seconds,
        ``AWS_QUERYSTRING_EXPIRE`` by default) or plain."""
        params = {**(parameters or {}), "Bucket": self.bucket_name}
        params["Key"] = self._normalize_name(name.lstrip("/"))
        connection = self.connection if signed else self.unsigned_connection
        return connection.meta.client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )

    @cached_property
    def public_origin(self):
        """Where pages' images come from (``https://media.example.org``), for the
        Content-Security-Policy (config.csp)."""
        parts = urlsplit(self.url(PUBLIC_PREFIX + "x.png"))
        return f"{parts.scheme}://{parts.netloc}"


def document_content_disposition(name):
    """As Wagtail's serve view says it: PDFs (WAGTAILDOCS_INLINE_CONTENT_TYPES) inline,
    anything else as an attachment; the stored name is ASCII, the readable one."""
    filename = posixpath.basename(name)
    extension = posixpath.splitext(filename)[1].lstrip(".").lower()
    content_type = (
        getattr(settings, "WAGTAILDOCS_CONTENT_TYPES", {}).get(extension)
        or guess_type(filename)[0]
        or "application/octet-stream"
    )
    inline = getattr(settings, "WAGTAILDOCS_INLINE_CONTENT_TYPES", ["application/pdf"])
    disposition = "inline" if content_type in inline else "attachment"
    return f'{disposition}; filename="{filename}"'
