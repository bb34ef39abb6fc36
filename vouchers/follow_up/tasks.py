"""Thin tasks of the follow-up stage (leaves: see ``vouchers.intake.tasks``)."""

from celery import shared_task


@shared_task(name="vouchers.follow_up_reminders")
def follow_up_reminders_task():
    # Idempotent: each reminder has a dedupe key in the outbox.
    from vouchers.follow_up.services.reminders import follow_up_reminders_send  # noqa: PLC0415  (task body: the services import this module)

    return follow_up_reminders_send()
