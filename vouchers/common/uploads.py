"""What an uploaded file really is, judged by its content, and whether it may be kept.

The name and the browser's content type are ignored: the first bytes decide the type,
then the file must open as that type (pypdf for PDFs, Pillow for images). Images must
carry no markup (an HTML or SVG payload after a valid header is refused), and are
decoded and encoded again, so what is stored holds pixels and nothing else.
"""

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from vouchers.common.enums import ScanStatus
from vouchers.common.pdf_content import active_content
from vouchers.common.scanning import ScannerUnavailable, scan_bytes, scanner_configured

logger = logging.getLogger(__name__)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
TYPE_LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG"}
# Long enough never to occur by chance in compressed image data (4+ bytes).
MARKUP_MARKERS = (
    b"<html",
    b"<script",
    b"<!doctype",
    b"<iframe",
    b"<svg",
    b"<body",
    b"<?xml",
    b"javascript:",
    b"<img",
    b"<style",
    b"<meta",
    b"<object",
    b"<embed",
    b"<link",
    b"<form",
    b"<!--",
    b"<a href",
    b"onerror=",
    b"onload=",
)
REENCODE_FORMATS = {PNG: "PNG", JPEG: "JPEG"}


@dataclass(frozen=True)
class InspectedFile:
    """What an upload turned out to be; ``scan_status`` is a ScanStatus value."""

    content: bytes
    content_type: str
    size: int
    sha256: str
    scan_status: str = ScanStatus.UNSCANNED


def _detect_type(content):
    for signature, content_type in SIGNATURES:
        if content.startswith(signature):
            return content_type
    return None


def _check_pdf(content):
    try:
        reader = PdfReader(io.BytesIO(content))
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as error:  # pypdf raises many kinds on crafted files: all mean "refuse"
        logger.info("upload: unreadable PDF refused (%s)", type(error).__name__)
        raise ValidationError(_("This PDF is damaged and cannot be opened."), code="pdf_damaged") from error
    if encrypted:
        raise ValidationError(
            _("This PDF is password-protected: upload a copy without protection."), code="pdf_encrypted"
        )
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="pdf_empty")
    found = active_content(reader, content)
    if found:
        logger.info("upload: active PDF refused (%s)", found)
        raise ValidationError(
            _(
                "This PDF contains active content (a script, an embedded file or an action that "
                "opens a program), which the jurors’ readers would run. Print it again as PDF "
                "(“Print” then “Save as PDF”) and upload that copy."
            ),
            code="pdf_active",
        )


def _reencode_image(content, content_type):
    """Decode every pixel and encode the image again: what is stored is only an image.

    Refuses markup anywhere in the file, decompression bombs and images larger than
    WECD_MAX_IMAGE_PIXELS; returns the re-encoded bytes.
    """

    lowered = content.lower()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        raise ValidationError(
            _("This image contains web page code and was refused."), code="image_with_markup"
        )
    damaged = ValidationError(_("This image is damaged and cannot be opened."), code="image_damaged")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if Image.MIME.get(image.format) != content_type:
                    raise damaged
                width, height = image.size
                if width * height > settings.WECD_MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _(
                            "This image is too large (%(width)d × %(height)d pixels): reduce it and try again."
                        ),
                        code="image_too_large",
                        params={"width": width, "height": height},
                    )
                image.load()
                pixels = (
                    image.convert("RGB")
                    if content_type == JPEG and image.mode not in ("RGB", "L", "CMYK")
                    else image
                )
                output = io.BytesIO()
                pixels.save(
                    output,
                    format=REENCODE_FORMATS[content_type],
                    **({"quality": 92} if content_type == JPEG else {}),
                )
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This image is too large to be opened safely: reduce it and try again."), code="image_too_large"
        ) from error
    except Exception as error:  # Pillow raises many kinds on broken files: all mean "refuse"
        raise damaged from error
    return output.getvalue()


def inspect_upload(uploaded_file, *, allowed):
    """Read, type-check and fingerprint an upload; raise ValidationError with the reason.

    ``allowed``: the content types accepted (each stage says which for its file kinds)."""
    limit = settings.WECD_MAX_UPLOAD_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s: a file may not exceed %(limit)s."),
            code="file_too_large",
            params={
                "name": uploaded_file.name,
                "size": filesizeformat(uploaded_file.size),
                "limit": filesizeformat(limit),
            },
        )
    uploaded_file.seek(0)
    content = uploaded_file.read()
    scan_status = _scan(content, uploaded_file.name)
    content_type = _detect_type(content)
    if content_type not in allowed:
        raise ValidationError(
            _("“%(name)s” is not a %(types)s file (judged by its content, not its name)."),
            code="file_type",
            params={"name": uploaded_file.name, "types": " / ".join(TYPE_LABELS[t] for t in allowed)},
        )
    if content_type == PDF:
        _check_pdf(content)
    else:
        content = _reencode_image(content, content_type)
    return InspectedFile(
        content=content,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        scan_status=scan_status,
    )


def _scan(content, name):
    """Refuse an infected file; a file the scanner could not check waits in quarantine."""

    if not scanner_configured():
        return ScanStatus.UNSCANNED
    try:
        signature = scan_bytes(content)
    except ScannerUnavailable as error:
        logger.warning("uploads: scanner unavailable, %s kept in quarantine (%s)", name, error)
        return ScanStatus.PENDING
    if signature:
        logger.warning("uploads: %s refused, the scanner found %s", name, signature)
        raise ValidationError(
            _("“%(name)s” was refused: the virus scanner found a threat in it."),
            code="infected",
            params={"name": name},
        )
    return ScanStatus.CLEAN


def validate_application_quota(*, existing_sizes, new_size):
    """At most WECD_MAX_ATTACHMENTS files and WECD_MAX_APPLICATION_UPLOAD_BYTES in all."""
    if len(existing_sizes) + 1 > settings.WECD_MAX_ATTACHMENTS:
        raise ValidationError(
            _("An application may have at most %(count)d files; remove one before adding another."),
            code="too_many_files",
            params={"count": settings.WECD_MAX_ATTACHMENTS},
        )
    total = sum(existing_sizes) + new_size
    if total > settings.WECD_MAX_APPLICATION_UPLOAD_BYTES:
        raise ValidationError(
            _(
                "All files of an application together may not exceed %(limit)s (this one would bring them to %(total)s)."
            ),
            code="application_too_large",
            params={
                "limit": filesizeformat(settings.WECD_MAX_APPLICATION_UPLOAD_BYTES),
                "total": filesizeformat(total),
            },
        )


def store_inspected(item, inspected):
    """The one path every upload takes into the storage (attachments, voucher
    documents, action files): record what the check found (type, size, SHA-256, the
    virus scan: a file the scanner could not see waits in quarantine for
    ``scan_pending_files``), save the content under a generated name, then the row; if
    the row cannot be saved, the file is removed again (no orphan in the storage)."""

    item.content_type, item.size, item.sha256 = inspected.content_type, inspected.size, inspected.sha256
    item.scan_status = inspected.scan_status
    item.scanned_at = timezone.now() if inspected.scan_status == ScanStatus.CLEAN else None
    item.file.save("upload", ContentFile(inspected.content), save=False)
    try:
        item.save()
    except Exception:
        item.file.delete(save=False)
        raise
    return item
