"""Uploaded files: safe names on disk, and documents whose content matches their extension.

Wagtail checks an image's content against its extension, its size and its pixel
count, and a document's extension (WAGTAILDOCS_EXTENSIONS) and size; the settings are
in config/settings/base.py. Two gaps remain, closed here:

- Names. Django keeps only the last path component and drops most punctuation, but
  leaves unicode letters, case and length as uploaded, so a document called
  ``Доклад 2025 (final).PDF`` was stored as ``Доклад_2025_final.PDF``. Every stored
  name is now ASCII letters, digits, dots, dashes and underscores, with a short stem
  and a lower-case extension: plain to serve, link and back up on any file system.
  Each document is stored in a folder with a random name, so its path cannot be guessed.
- Document content. A document is only its extension to Wagtail, so an HTML page
  renamed ``report.pdf`` was accepted; each extension's content is now checked by its
  leading bytes (formats that are plain text must be text), by the admin's document
  form (uploads.forms.DocumentForm, kept apart because it imports models).
- Image metadata. Photos carry EXIF, XMP and IPTC: GPS position, camera and serial
  number, the photographer's and subjects' names, comments, an uncropped thumbnail.
  For an institution that publishes photos of human rights defenders and witnesses
  that can endanger people, so every original is stored without them
  (``strip_image_metadata``): by the admin's image form, so that the size and hash
  Wagtail records are those of the stored file, and again by the storage, which every
  path to ``original_images/`` goes through.
"""

import io
import os
import posixpath
import re
import secrets
import struct
import zlib

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.coreutils import string_to_ascii

MAX_STEM_LENGTH = 60


def safe_file_name(name):
    """``../../Доклад 2025 (final).PDF`` → ``Doklad-2025-final.pdf``; never empty or hidden."""
    stem, extension = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", string_to_ascii(stem))
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_")[:MAX_STEM_LENGTH].rstrip(".-_") or "file"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{stem}.{extension}" if extension else stem


class SafeNameMixin:
    """Every upload (and rendition) stored under a ``safe_file_name``, and original images
    without their metadata, whichever storage holds the files: the local disk
    (``SafeNameStorage``) or an S3 bucket (``uploads.s3.SafeNameS3Storage``). Names and
    content are handled before the file reaches the storage, never through a local path."""

    def get_valid_name(self, name):
        return safe_file_name(name)

    def generate_filename(self, filename):
        """No stored file's path can be guessed from its title.

        A document goes to a folder of its own with a random name,
        ``documents/Q2x…/Doklad-2025-final.pdf``, so downloads keep the readable name
        (Wagtail names them after the last part). An original image's name starts with a
        random part, ``original_images/9f2c…-Foto-uchastnikov.jpg``: Wagtail names its
        renditions after the start of the original's name (``images/9f2c…-Foto….fill-…``),
        and renditions are public files, made even of images in a private collection (the
        admin's thumbnails)."""
        name = super().generate_filename(filename)
        folder, base = posixpath.split(name)
        if folder == DOCUMENTS:
            name = posixpath.join(folder, secrets.token_urlsafe(12), base)
        elif folder + "/" == ORIGINAL_IMAGES:
            name = posixpath.join(folder, f"{secrets.token_hex(8)}-{base}")
        return name

    def _save(self, name, content):
        # The admin's image form has already cleaned what it uploads (then this changes
        # nothing); this catches every other way in: the multiple uploader's files
        # completed later, scripts, imports.
        if name.startswith(ORIGINAL_IMAGES):
            content.seek(0)
            data = content.read()
            cleaned = strip_image_metadata(data)
            if cleaned != data:
                content = ContentFile(cleaned)
            else:
                content.seek(0)
        return super()._save(name, content)


class ObjectStoreUnavailable(OSError):
    """The object store holding the media could not be reached (uploads.s3): the site is
    unavailable for what needs it (an upload answers 503, config.errors), not broken."""


class SafeNameStorage(SafeNameMixin, FileSystemStorage):
    """The default storage on the local disk, under ``MEDIA_ROOT``."""


DOCUMENTS = "documents"  # Wagtail's folder for documents (its upload_to)

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


# Image metadata: see the module's docstring. Each format is rewritten at the level of
# its container, so the pixels stay exactly as uploaded (AVIF, whose metadata sits in
# boxes that other boxes point into by offset, is the one format re-encoded). What is
# kept is what displays the image: pixel data, colour profile, transparency, animation,
# and the EXIF orientation alone, so that a photo taken sideways still shows upright.

ORIGINAL_IMAGES = "original_images/"
ORIENTATION = ExifTags.Base.Orientation
AVIF_QUALITY = 90


class DamagedImage(ValueError):
    """The file's structure ends or breaks where its format says it cannot."""


def strip_image_metadata(data):
    """``data`` (an image file's bytes) without EXIF, XMP, IPTC, comments or text chunks.

    Returns ``data`` itself when there is nothing to remove, and raises ``DamagedImage``
    when the file's structure is broken.
    """
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image_format = image.format
            orientation = image.getexif().get(ORIENTATION, 1)
            if image_format == "AVIF":
                return _strip_avif(data, image, orientation)
    except (OSError, SyntaxError, ValueError) as error:
        raise DamagedImage(str(error)) from error
    stripper = {"JPEG": _strip_jpeg, "PNG": _strip_png, "WEBP": _strip_webp, "GIF": _strip_gif}
    if image_format not in stripper:
        return data
    try:
        cleaned = stripper[image_format](data, orientation)
    except (IndexError, struct.error) as error:
        raise DamagedImage(f"damaged {image_format} file") from error
    return data if cleaned == data else cleaned


def _orientation_tiff(orientation):
    """A TIFF structure holding only the EXIF orientation (EXIF's payload in every format)."""
    exif = PILImage.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()[len(b"Exif\0\0") :]


# JPEG: a sequence of marker segments; the scans' entropy-coded data follows SOS.
JPEG_KEPT_APP = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}


def _strip_jpeg(data, orientation):
    if data[:2] != b"\xff\xd8":
        raise IndexError
    segments = []
    pos = 2
    while pos < len(data):  # a file cut short in its last scan is kept as it is
        if data[pos] != 0xFF:
            raise IndexError
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image: what follows (a phone's extra MPF images) goes
            segments.append(b"\xff\xd9")
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            segments.append(data[pos : pos + 2])
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if end > len(data):
            raise IndexError
        segment = data[pos:end]
        if marker == 0xDA:  # start of scan: the entropy-coded data runs to the next marker
            end = _jpeg_scan_end(data, end)
            segments.append(data[pos:end])
        elif _jpeg_segment_kept(marker, segment[4:]):
            segments.append(segment)
        pos = end
    if orientation != 1:
        exif = b"Exif\0\0" + _orientation_tiff(orientation)
        app1 = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
        first_is_jfif = segments and segments[0][:2] == b"\xff\xe0"
        segments.insert(1 if first_is_jfif else 0, app1)
    return b"\xff\xd8" + b"".join(segments)


def _jpeg_scan_end(data, pos):
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 == len(data):
            return len(data)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart marker
            pos += 2
        elif following == 0xFF:  # fill before a marker
            pos += 1
        else:
            return pos


def _jpeg_segment_kept(marker, payload):
    """Frames, tables and scans are kept; of the application segments and comments only
    JFIF, the colour profile and Adobe's colour transform."""
    if marker == 0xFE or 0xE0 <= marker <= 0xEF:
        signature = JPEG_KEPT_APP.get(marker)
        return signature is not None and payload.startswith(signature)
    return True


# PNG: a signature, then chunks of length, type, data and CRC.
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEPT_CHUNKS = {
    # critical
    b"IHDR", b"PLTE", b"IDAT", b"IEND",
    # how to display the pixels
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP", b"mDCV", b"cLLI", b"sBIT",
    b"bKGD", b"pHYs", b"hIST", b"sPLT",
    # animation (APNG)
    b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def _png_chunk(chunk_type, payload):
    crc = zlib.crc32(chunk_type + payload)
    return struct.pack(">I", len(payload)) + chunk_type + payload + struct.pack(">I", crc)


def _strip_png(data, orientation):
    if not data.startswith(PNG_SIGNATURE):
        raise IndexError
    chunks = [PNG_SIGNATURE]
    pos = len(PNG_SIGNATURE)
    while True:
        length, chunk_type = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise IndexError
        if chunk_type in PNG_KEPT_CHUNKS:
            chunks.append(data[pos:end])
        if chunk_type == b"IHDR" and orientation != 1:
            chunks.append(_png_chunk(b"eXIf", _orientation_tiff(orientation)))
        if chunk_type == b"IEND":
            return b"".join(chunks)
        pos = end


# WebP: a RIFF container; VP8X's flags announce the optional chunks.
WEBP_KEPT_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
WEBP_EXIF_FLAG, WEBP_XMP_FLAG = 0x08, 0x04


def _strip_webp(data, orientation):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise IndexError
    (riff_size,) = struct.unpack("<I", data[4:8])
    chunks = []
    pos, end_of_riff = 12, min(len(data), 8 + riff_size)
    while pos + 8 <= end_of_riff:
        chunk_type, size = struct.unpack("<4sI", data[pos : pos + 8])
        end = pos + 8 + size + (size & 1)
        if pos + 8 + size > len(data):
            raise IndexError
        if chunk_type in WEBP_KEPT_CHUNKS:
            chunks.append(bytearray(data[pos:end]))
        pos = end
    if chunks and chunks[0][:4] == b"VP8X":
        flags = chunks[0][8] & ~(WEBP_EXIF_FLAG | WEBP_XMP_FLAG)
        if orientation != 1:
            tiff = _orientation_tiff(orientation)
            chunks.append(b"EXIF" + struct.pack("<I", len(tiff)) + tiff + b"\0" * (len(tiff) & 1))
            flags |= WEBP_EXIF_FLAG
        chunks[0][8] = flags
    body = b"WEBP" + b"".join(bytes(chunk) for chunk in chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# GIF: header and colour table, then image and extension blocks made of sub-blocks.
GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")


def _gif_sub_blocks_end(data, pos):
    while data[pos]:
        pos += data[pos] + 1
    return pos + 1


def _strip_gif(data, orientation):
    if data[:3] != b"GIF":
        raise IndexError
    packed = data[10]
    pos = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    blocks = [data[:pos]]
    while True:
        introducer = data[pos]
        if introducer == 0x3B:  # trailer
            blocks.append(b"\x3b")
            return b"".join(blocks)
        if introducer == 0x2C:  # an image: descriptor, local colour table, LZW data
            packed = data[pos + 9]
            start = pos + 10 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
            end = _gif_sub_blocks_end(data, start + 1)
            blocks.append(data[pos:end])
        elif introducer == 0x21:  # an extension: comments and most applications go
            label = data[pos + 1]
            end = _gif_sub_blocks_end(data, pos + 2)
            application = data[pos + 3 : pos + 14] if label == 0xFF else b""
            if label in (0xF9, 0x01) or application in GIF_KEPT_APPLICATIONS:
                blocks.append(data[pos:end])
        else:
            raise IndexError
        pos = end


def _strip_avif(data, image, orientation):
    """AVIF keeps EXIF and XMP in items located by offsets: re-encoded, only when they are there.

    Pillow reads the rotation and mirroring boxes as an EXIF orientation and writes that
    back as those boxes, so the orientation survives."""
    exif = image.getexif()
    if not image.info.get("xmp") and not set(exif) - {ORIENTATION}:
        return data
    output = io.BytesIO()
    image.save(
        output,
        "AVIF",
        quality=AVIF_QUALITY,
        save_all=getattr(image, "n_frames", 1) > 1,
        icc_profile=image.info.get("icc_profile"),
        exif=b"Exif\0\0" + _orientation_tiff(orientation) if orientation != 1 else b"",
    )
    return output.getvalue()
