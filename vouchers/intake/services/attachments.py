"""Writes to an application's attachments."""

from django.db import transaction

from vouchers.common.scan_sweep import scan_pending_files
from vouchers.common.uploads import (
    JPEG,
    PDF,
    PNG,
    inspect_upload,
    store_inspected,
    validate_application_quota,
)
from vouchers.intake.enums import AttachmentKind
from vouchers.intake.models import Application, Attachment
from vouchers.intake.services.applications import ensure_editable
from wecd_portal.audit import audit_record

# The content types each kind of attachment accepts (judged by content).
ATTACHMENT_TYPES = {
    AttachmentKind.QUOTATION: (PDF,),
    AttachmentKind.DECLARATIONS: (PDF,),
    AttachmentKind.ANNEX: (PDF, PNG, JPEG),
}


def attachment_add(*, application, actor, kind, uploaded_file):
    """Check an upload by content and size, then store it under a generated name.

    Side effects: writes the file in the private storage and an Attachment row (type,
    size, SHA-256); audit entry ``attachment.added``. Raises ValidationError with the
    reason when the file or the application's quota is refused.
    """
    inspected = inspect_upload(uploaded_file, allowed=ATTACHMENT_TYPES[kind])
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        ensure_editable(locked, section="attachments")
        validate_application_quota(
            existing_sizes=list(locked.attachments.values_list("size", flat=True)), new_size=inspected.size
        )
        attachment = Attachment(
            application=locked,
            kind=kind,
            original_name=uploaded_file.name[-200:],
            uploaded_by=actor,
        )
        store_inspected(attachment, inspected)
        audit_record(
            actor=actor,
            action="attachment.added",
            target=locked,
            data={
                "kind": kind,
                "name": attachment.original_name,
                "sha256": inspected.sha256,
                "size": inspected.size,
                "scan": inspected.scan_status,
            },
        )
    return attachment


def attachment_delete(*, attachment, actor):
    """Remove an attachment from a draft. Side effects: deletes the row, then the file
    after commit; audit entry ``attachment.deleted``."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update().select_related("call").get(pk=attachment.application_id)
        )
        ensure_editable(locked, section="attachments")
        storage, name = attachment.file.storage, attachment.file.name
        audit_record(
            actor=actor,
            action="attachment.deleted",
            target=locked,
            data={"kind": attachment.kind, "name": attachment.original_name, "sha256": attachment.sha256},
        )
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def attachments_scan_pending(*, limit=200):
    """Every stored file waiting in quarantine, attachments first (the name the beat
    task has always had): see ``vouchers.common.scan_sweep.scan_pending_files``."""
    return scan_pending_files(limit=limit)
