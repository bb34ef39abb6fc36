"""What an uploaded file really is, judged by its content, and whether it may be kept.

The name and the browser's content type are ignored: the first bytes decide the type,
then the file must open as that type (pypdf for PDFs, Pillow for images). Images must
carry no markup (an HTML or SVG payload after a valid header is refused).
"""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vouchers.enums import AttachmentKind

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
ALLOWED_TYPES = {
    AttachmentKind.QUOTATION: (PDF,),
    AttachmentKind.DECLARATIONS: (PDF,),
    AttachmentKind.ANNEX: (PDF, PNG, JPEG),
}
TYPE_LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG"}
MARKUP_MARKERS = (b"<html", b"<script", b"<!doctype", b"<iframe", b"<svg", b"<body", b"<?xml", b"javascript:")


@dataclass(frozen=True)
class InspectedFile:
    content: bytes
    content_type: str
    size: int
    sha256: str


def _detect_type(content):
    for signature, content_type in SIGNATURES:
        if content.startswith(signature):
            return content_type
    return None


def _check_pdf(content):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is password-protected: upload a copy without protection."), code="pdf_encrypted"
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(_("This PDF is damaged and cannot be opened."), code="pdf_damaged") from error
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="pdf_empty")


def _check_image(content, content_type):
    from PIL import Image, UnidentifiedImageError

    lowered = content.lower()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        raise ValidationError(
            _("This image contains web page code and was refused."), code="image_with_markup"
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            detected = Image.MIME.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This image is damaged and cannot be opened."), code="image_damaged"
        ) from error
    if detected != content_type:
        raise ValidationError(_("This image is damaged and cannot be opened."), code="image_damaged")


def inspect_upload(uploaded_file, *, kind):
    """Read, type-check and fingerprint an upload; raise ValidationError with the reason."""
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
    content_type = _detect_type(content)
    allowed = ALLOWED_TYPES[kind]
    if content_type not in allowed:
        raise ValidationError(
            _("“%(name)s” is not a %(types)s file (judged by its content, not its name)."),
            code="file_type",
            params={"name": uploaded_file.name, "types": " / ".join(TYPE_LABELS[t] for t in allowed)},
        )
    if content_type == PDF:
        _check_pdf(content)
    else:
        _check_image(content, content_type)
    return InspectedFile(
        content=content,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


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
