"""Every kind of upload (attachments, voucher documents, action files) waits in
quarantine the same way while the scanner is down, and is scanned by the same beat
task when it is back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.services import action_file_add
from clusters.tests.fixtures import action, at, organisation
from vouchers.common.enums import ScanStatus
from vouchers.follow_up.services.drafts import follow_up_file_add
from vouchers.intake.services.attachments import attachments_scan_pending
from vouchers.tests.factories import pdf_bytes
from vouchers.tests.follow_up_helpers import accepted_voucher
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import staff_member

pytestmark = [pytest.mark.django_db, pytest.mark.clamav]

SCANNER_DOWN = "tcp://127.0.0.1:9"  # nothing listens there
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def upload(content, name):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pdf_carrying_eicar():
    content = pdf_bytes()
    end = content.rindex(b"startxref")
    return content[:end] + b"%" + EICAR + b"\n" + content[end:]


def test_every_kind_of_upload_waits_in_quarantine_and_is_scanned_when_the_scanner_is_back(
    settings, django_capture_on_commit_callbacks
):
    _call, (mine, _theirs, _third), follow_up = accepted_voucher()
    workshop = action("Atelier design", at(2014, 9, 10), [organisation("Pôle test")])
    working = settings.WECD_CLAMD_URL
    settings.WECD_CLAMD_URL = SCANNER_DOWN
    invoice = follow_up_file_add(
        follow_up=follow_up,
        actor=mine.owner,
        kind="invoice",
        uploaded_file=upload(pdf_bytes(), "facture.pdf"),
    )
    slides = action_file_add(
        action=workshop,
        actor=staff_member(),
        kind="slides",
        uploaded_file=upload(pdf_carrying_eicar(), "slides.pdf"),
    )
    assert (invoice.scan_status, slides.scan_status) == (ScanStatus.PENDING, ScanStatus.PENDING)
    settings.WECD_CLAMD_URL = working

    with django_capture_on_commit_callbacks(execute=True):
        counts = attachments_scan_pending()  # the beat task's name: every stored file

    assert counts == (1, 1)
    invoice.refresh_from_db()
    slides.refresh_from_db()
    assert (invoice.scan_status, slides.scan_status) == (ScanStatus.CLEAN, ScanStatus.INFECTED)
    assert not slides.file.storage.exists(slides.file.name)
    entry = AuditEntry.objects.get(action="actionfile.infected")
    assert (entry.target_label, entry.data["name"]) == (str(workshop), "slides.pdf")
