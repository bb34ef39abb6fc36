"""Scan every stored file that waits in quarantine (the scanner was down when it was
uploaded): attachments, voucher documents (invoices, reports), action files.

One loop for every model built on ``StoredFile``, so that no kind of upload can be
left unscanned because its own rescan was forgotten."""

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from vouchers.common.enums import ScanStatus
from vouchers.common.scanning import ScannerUnavailable, scan_bytes, scanner_configured
from wecd_portal.audit import audit_record
from wecd_portal.core.models import StoredFile


def stored_file_models():
    """Every concrete model that stores an upload, attachments first."""
    found = [model for model in apps.get_models() if issubclass(model, StoredFile)]
    return sorted(found, key=lambda model: (model._meta.model_name != "attachment", model._meta.label))


def scan_pending_files(*, limit=200):
    """Scan up to ``limit`` files waiting in quarantine.

    Side effects: clean → ``clean`` with the time; infected → the file is deleted
    after commit and the row kept as ``infected``, audit ``<model>.infected`` on what
    the file belongs to (the application, the action). Stops at the first failure to
    reach the scanner. Returns (clean, infected) counts. Idempotent."""
    if not scanner_configured():
        return (0, 0)
    clean = infected = 0
    for model in stored_file_models():
        for item in model.objects.filter(scan_status=ScanStatus.PENDING).order_by("pk")[
            : limit - clean - infected
        ]:
            with item.file.open("rb") as handle:
                content = handle.read()
            try:
                signature = scan_bytes(content)
            except ScannerUnavailable:
                return (clean, infected)
            with transaction.atomic():
                if signature is None:
                    model.objects.filter(pk=item.pk).update(
                        scan_status=ScanStatus.CLEAN, scanned_at=timezone.now()
                    )
                    clean += 1
                    continue
                storage, name = item.file.storage, item.file.name
                model.objects.filter(pk=item.pk).update(
                    scan_status=ScanStatus.INFECTED, scanned_at=timezone.now()
                )
                audit_record(
                    actor=None,
                    action=f"{model._meta.model_name}.infected",
                    target=item.scan_owner(),
                    data={"name": item.original_name, "signature": signature, "sha256": item.sha256},
                )
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
                infected += 1
        if clean + infected >= limit:
            break
    return (clean, infected)
