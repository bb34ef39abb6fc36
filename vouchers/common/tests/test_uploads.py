import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from vouchers.common.uploads import inspect_upload
from vouchers.intake.enums import AttachmentKind
from vouchers.intake.models import Attachment
from vouchers.intake.services.attachments import ATTACHMENT_TYPES, attachment_add, attachment_delete
from vouchers.tests.factories import CallFactory, pdf_bytes, png_bytes
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import applicant


@pytest.fixture(autouse=True)
def _english(english):
    """Messages below are asserted in English; French has its own tests."""


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_real_pdf_is_accepted_with_its_fingerprint():
    content = pdf_bytes(2)

    inspected = inspect_upload(
        upload("devis.pdf", content), allowed=ATTACHMENT_TYPES[AttachmentKind.QUOTATION]
    )

    assert (inspected.content_type, inspected.size) == ("application/pdf", len(content))
    assert len(inspected.sha256) == 64


def test_png_is_accepted_as_an_annex_only():
    inspect_upload(
        upload("photo.png", png_bytes(), "image/png"), allowed=ATTACHMENT_TYPES[AttachmentKind.ANNEX]
    )

    with pytest.raises(ValidationError) as error:
        inspect_upload(
            upload("photo.png", png_bytes(), "image/png"), allowed=ATTACHMENT_TYPES[AttachmentKind.QUOTATION]
        )
    assert error.value.code == "file_type"


def test_html_renamed_pdf_is_refused_by_content():
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload("devis.pdf", HTML), allowed=ATTACHMENT_TYPES[AttachmentKind.QUOTATION])

    assert error.value.code == "file_type"
    assert error.value.messages == ["“devis.pdf” is not a PDF file (judged by its content, not its name)."]


def test_image_with_html_after_its_header_is_refused():
    polyglot = png_bytes() + HTML

    with pytest.raises(ValidationError) as error:
        inspect_upload(
            upload("photo.png", polyglot, "image/png"), allowed=ATTACHMENT_TYPES[AttachmentKind.ANNEX]
        )

    assert error.value.code == "image_with_markup"


def test_png_header_followed_by_html_only_is_refused():
    with pytest.raises(ValidationError) as error:
        inspect_upload(
            upload("x.png", b"\x89PNG\r\n\x1a\n" + HTML, "image/png"),
            allowed=ATTACHMENT_TYPES[AttachmentKind.ANNEX],
        )

    assert error.value.code == "image_with_markup"


def test_pdf_header_with_garbage_is_refused_as_damaged():
    with pytest.raises(ValidationError) as error:
        inspect_upload(
            upload("devis.pdf", b"%PDF-1.7\n" + b"garbage" * 100),
            allowed=ATTACHMENT_TYPES[AttachmentKind.QUOTATION],
        )

    assert error.value.code == "pdf_damaged"


def test_file_over_the_limit_is_refused_before_reading(settings):
    settings.WECD_MAX_UPLOAD_BYTES = 1000

    with translation.override("en"), pytest.raises(ValidationError) as error:
        inspect_upload(
            upload("big.pdf", b"%PDF-" + b"0" * 1000), allowed=ATTACHMENT_TYPES[AttachmentKind.QUOTATION]
        )

    assert error.value.code == "file_too_large"
    assert error.value.messages == ["“big.pdf” is 1005\xa0bytes: a file may not exceed 1000\xa0bytes."]


@pytest.mark.django_db
def test_attachment_is_stored_under_a_generated_name_outside_the_web_root(settings):
    owner = applicant()
    application = CallFactory().applications.create(owner=owner)

    attachment = attachment_add(
        application=application,
        actor=owner,
        kind=AttachmentKind.QUOTATION,
        uploaded_file=upload("../../etc/devis <b>.pdf", pdf_bytes()),
    )

    assert attachment.original_name == "devis <b>.pdf"  # Django keeps the base name only
    assert attachment.file.name.startswith(f"attachments/{application.public_id}/")
    assert "devis" not in attachment.file.name
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    assert not attachment.file.path.startswith(str(settings.STATIC_ROOT))
    assert AuditEntry.objects.get(action="attachment.added").data["sha256"] == attachment.sha256


@pytest.mark.django_db
def test_too_many_files_are_refused(settings):
    settings.WECD_MAX_ATTACHMENTS = 2
    owner = applicant()
    application = CallFactory().applications.create(owner=owner)
    for _ in range(2):
        attachment_add(
            application=application,
            actor=owner,
            kind=AttachmentKind.ANNEX,
            uploaded_file=upload("a.pdf", pdf_bytes()),
        )

    with pytest.raises(ValidationError) as error:
        attachment_add(
            application=application,
            actor=owner,
            kind=AttachmentKind.ANNEX,
            uploaded_file=upload("c.pdf", pdf_bytes()),
        )

    assert error.value.code == "too_many_files"
    assert Attachment.objects.count() == 2


@pytest.mark.django_db
def test_application_total_size_is_capped(settings):
    content = pdf_bytes()
    settings.WECD_MAX_APPLICATION_UPLOAD_BYTES = len(content) * 2 - 1
    owner = applicant()
    application = CallFactory().applications.create(owner=owner)
    attachment_add(
        application=application,
        actor=owner,
        kind=AttachmentKind.ANNEX,
        uploaded_file=upload("a.pdf", content),
    )

    with pytest.raises(ValidationError) as error:
        attachment_add(
            application=application,
            actor=owner,
            kind=AttachmentKind.ANNEX,
            uploaded_file=upload("b.pdf", content),
        )

    assert error.value.code == "application_too_large"


@pytest.mark.django_db(transaction=True)
def test_deleting_an_attachment_removes_its_file():
    owner = applicant()
    application = CallFactory().applications.create(owner=owner)
    attachment = attachment_add(
        application=application,
        actor=owner,
        kind=AttachmentKind.ANNEX,
        uploaded_file=upload("a.pdf", pdf_bytes()),
    )
    storage, name = attachment.file.storage, attachment.file.name

    attachment_delete(attachment=attachment, actor=owner)

    assert Attachment.objects.count() == 0
    assert storage.exists(name) is False


def test_image_is_stored_re_encoded_without_what_followed_it():
    original = png_bytes() + b"\x00trailing bytes that are not part of the image"

    inspected = inspect_upload(
        upload("photo.png", original, "image/png"), allowed=ATTACHMENT_TYPES[AttachmentKind.ANNEX]
    )

    assert inspected.content.startswith(b"\x89PNG")
    assert b"trailing bytes" not in inspected.content
    assert inspected.size == len(inspected.content)


def test_decompression_bomb_is_refused(settings):
    settings.WECD_MAX_IMAGE_PIXELS = 10_000
    buffer = io.BytesIO()
    Image.new("L", (200, 200)).save(buffer, format="PNG")

    with pytest.raises(ValidationError) as error:
        inspect_upload(
            upload("big.png", buffer.getvalue(), "image/png"), allowed=ATTACHMENT_TYPES[AttachmentKind.ANNEX]
        )

    assert error.value.code == "image_too_large"


@pytest.mark.parametrize(
    "payload",
    [b"<img src=x onerror=alert(1)>", b"<style>body{}</style>", b"<!-- comment -->", b"<a href='x'>"],
)
def test_image_with_any_markup_is_refused(payload):
    with pytest.raises(ValidationError) as error:
        inspect_upload(
            upload("photo.png", png_bytes() + payload, "image/png"),
            allowed=ATTACHMENT_TYPES[AttachmentKind.ANNEX],
        )
    assert error.value.code == "image_with_markup"


def test_crafted_pdf_that_breaks_the_parser_is_refused_not_crashed():
    crafted = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Kids [2 0 R] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"

    with pytest.raises(ValidationError) as error:
        inspect_upload(upload("x.pdf", crafted), allowed=ATTACHMENT_TYPES[AttachmentKind.QUOTATION])
    assert error.value.code in {"pdf_damaged", "pdf_empty"}
