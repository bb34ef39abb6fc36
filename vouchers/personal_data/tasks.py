"""Thin tasks of personal data (leaves: see ``vouchers.intake.tasks``)."""

from celery import shared_task


@shared_task(name="vouchers.retention_apply")
def retention_apply_task():
    # Idempotent: anonymised applications are skipped, purged copies are gone.
    from vouchers.personal_data.services import retention_apply  # noqa: PLC0415  (task body: the services import this module)
    from wecd_portal.notifications.services import outbox_attachments_purge  # noqa: PLC0415  (task body: the services import this module)

    return {"applications": retention_apply(), "outbox_copies": outbox_attachments_purge()}
