"""Uploaded files: safe names on disk, and documents whose content matches their extension.

Wagtail checks an image's content against its extension, its size and its pixel
count, and a document's extension (WAGTAILDOCS_EXTENSIONS) and size; the settings are
in config/settings/base.py. Two gaps remain, closed here:

- Names. Django keeps only the last path component and drops most punctuation, but
  leaves unicode letters, case and length as uploaded, so a document called
  ``Доклад 2025 (final).PDF`` was stored as ``Доклад_2025_final.PDF``. Every stored
  name is now ASCII letters, digits, dots, dashes and underscores, with a short stem
  and a lower-case extension: plain to serve, link and back up on any file system.
- Document content. A document is only its extension to Wagtail, so an HTML page
  renamed ``report.pdf`` was accepted; each extension's content is now checked by its
  leading bytes (formats that are plain text must be text), by the admin's document
  form (home.forms.DocumentForm, kept apart because it imports models).
"""

import os
import re

from django.core.files.storage import FileSystemStorage
from wagtail.coreutils import string_to_ascii

MAX_STEM_LENGTH = 60


def safe_file_name(name):
    """``../../Доклад 2025 (final).PDF`` → ``Doklad-2025-final.pdf``; never empty or hidden."""
    stem, extension = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", string_to_ascii(stem))
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_")[:MAX_STEM_LENGTH].rstrip(".-_") or "file"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{stem}.{extension}" if extension else stem


class SafeNameStorage(FileSystemStorage):
    """The default storage, storing every upload (and rendition) under a ``safe_file_name``."""

    def get_valid_name(self, name):
        return safe_file_name(name)


ZIP = (b"PK\x03\x04",)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "rtf": (b"{\\rtf",),
    "zip": ZIP + (b"PK\x05\x06",),  # a zip archive, or an empty one
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
}
TEXT_EXTENSIONS = {"csv", "txt"}
HTML_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def content_matches_extension(extension, head):
    """Whether the first bytes of a file are those of its extension's format."""
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head or head.lstrip().lower().startswith(HTML_MARKERS):
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut off by the end of the sample is still text.
            return error.start >= len(head) - 3
        return True
    return True  # an extension we know no signature of
