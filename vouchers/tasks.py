"""Thin tasks of the vouchers app."""

from celery import shared_task

from vouchers.services.reminders import draft_reminders_send


@shared_task(name="vouchers.draft_reminders", acks_late=True)
def draft_reminders():
    # Idempotent (outbox dedupe keys): safe to run often and to redeliver.
    return draft_reminders_send()
