"""Uploads scanned by ClamAV: the EICAR test file is refused; while the scanner is
down files wait in quarantine, jurors cannot open them, and the submission is kept."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vouchers.common.enums import ScanStatus
from vouchers.intake.models import Attachment
from vouchers.intake.services.attachments import attachment_add, attachments_scan_pending
from vouchers.intake.services.submission import application_submit
from vouchers.tests.factories import CallFactory, complete_application, pdf_bytes
from vouchers.tests.pipeline import scored_call
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import applicant

pytestmark = [pytest.mark.django_db, pytest.mark.clamav, pytest.mark.usefixtures("english")]

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SCANNER_DOWN = "tcp://127.0.0.1:9"  # nothing listens there


def pdf_carrying_eicar():
    """A PDF that opens and has a page, with the EICAR string in a comment before its
    end (nothing may follow ``%%EOF``)."""
    content = pdf_bytes()
    end = content.rindex(b"startxref")
    return content[:end] + b"%" + EICAR + b"\n" + content[end:]


def upload(content, name="annex.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft():
    owner = applicant()
    return complete_application(call=CallFactory(), owner=owner, seed=931, attachments=False)


def test_the_eicar_test_file_is_refused_even_inside_a_valid_pdf():
    application = draft()

    with pytest.raises(ValidationError) as inside_pdf:
        attachment_add(
            application=application,
            actor=application.owner,
            kind="annex",
            uploaded_file=upload(pdf_carrying_eicar()),
        )
    with pytest.raises(ValidationError) as plain:
        attachment_add(
            application=application,
            actor=application.owner,
            kind="annex",
            uploaded_file=upload(EICAR, "eicar.com"),
        )

    assert inside_pdf.value.messages == ["“annex.pdf” was refused: the virus scanner found a threat in it."]
    assert plain.value.messages == ["“eicar.com” was refused: the virus scanner found a threat in it."]
    assert Attachment.objects.count() == 0


def test_a_clean_file_is_marked_scanned():
    application = draft()

    attachment = attachment_add(
        application=application, actor=application.owner, kind="annex", uploaded_file=upload(pdf_bytes())
    )

    assert attachment.scan_status == ScanStatus.CLEAN
    assert attachment.scanned_at is not None


def test_while_the_scanner_is_down_files_wait_in_quarantine_then_are_scanned(
    settings, django_capture_on_commit_callbacks
):
    application = draft()
    working = settings.WECD_CLAMD_URL
    settings.WECD_CLAMD_URL = SCANNER_DOWN
    kept = attachment_add(
        application=application, actor=application.owner, kind="annex", uploaded_file=upload(pdf_bytes())
    )
    infected = attachment_add(
        application=application,
        actor=application.owner,
        kind="annex",
        uploaded_file=upload(pdf_carrying_eicar(), "bad.pdf"),
    )
    down = attachments_scan_pending()
    settings.WECD_CLAMD_URL = working

    with django_capture_on_commit_callbacks(execute=True):
        back = attachments_scan_pending()

    assert (kept.scan_status, infected.scan_status) == (ScanStatus.PENDING, ScanStatus.PENDING)
    assert (down, back) == ((0, 0), (1, 1))
    assert Attachment.objects.get(pk=kept.pk).scan_status == ScanStatus.CLEAN
    refused = Attachment.objects.get(pk=infected.pk)
    assert refused.scan_status == ScanStatus.INFECTED
    assert not refused.file.storage.exists(refused.file.name)
    assert (
        AuditEntry.objects.get(action="attachment.infected")
        .data["signature"]
        .startswith("Eicar-Test-Signature")
    )


def test_jurors_cannot_open_a_file_in_quarantine_but_the_owner_can(client, settings):
    _call, (application,), (member,) = scored_call(1)
    attachment = application.attachments.first()
    Attachment.objects.filter(pk=attachment.pk).update(scan_status=ScanStatus.PENDING)

    client.force_login(member)
    waiting = client.get(f"/en/files/{attachment.public_id}/")
    client.force_login(application.owner)
    own = client.get(f"/en/files/{attachment.public_id}/")

    assert waiting.status_code == 409
    assert "is waiting for the virus scanner" in waiting.content.decode()
    assert own.status_code == 200


def test_a_submission_is_kept_while_the_scanner_is_down(settings):
    owner = applicant()
    application = complete_application(call=CallFactory(), owner=owner, seed=932)
    settings.WECD_CLAMD_URL = SCANNER_DOWN
    attachment_add(application=application, actor=owner, kind="annex", uploaded_file=upload(pdf_bytes()))

    result = application_submit(application=application, actor=owner)

    assert result.application.status == "submitted"
    assert list(result.application.attachments.values_list("scan_status", flat=True).order_by("kind")) == [
        "pending",
        "clean",
        "clean",
    ]
