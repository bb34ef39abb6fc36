"""Thin tasks of the jury stage (leaves: see ``vouchers.intake.tasks``)."""

from celery import shared_task


@shared_task(name="vouchers.review_reminders")
def review_reminders():
    # Idempotent (outbox dedupe keys).
    from vouchers.jury.services.review_reminders import review_reminders_send  # noqa: PLC0415  (task body: the services import this module)

    return review_reminders_send()
