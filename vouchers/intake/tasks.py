"""Thin tasks of the intake stage. Tasks are leaves: services import them at module
level to enqueue, and each task imports its service in its body (PLC0415 tagged)."""

from celery import shared_task


@shared_task(name="vouchers.draft_reminders")
def draft_reminders():
    # Idempotent (outbox dedupe keys): safe to run often and to redeliver.
    from vouchers.intake.services.draft_reminders import draft_reminders_send  # noqa: PLC0415  (task body: the services import this module)

    return draft_reminders_send()


@shared_task(name="vouchers.attachments_scan_pending")
def attachments_scan_pending_task():
    # Idempotent: only files still in quarantine are scanned.
    from vouchers.intake.services.attachments import attachments_scan_pending  # noqa: PLC0415  (task body: the services import this module)

    return attachments_scan_pending()
