"""Thin tasks: load by primary key, call a service, return quietly if gone. Tasks are
leaves: the services import this module to enqueue, and each task imports its service
in its body."""

from celery import shared_task


@shared_task(name="notifications.outbox_send", bind=True, acks_late=True, max_retries=None)
def outbox_send(self, *, message_id):
    # Idempotent (row lock + status check), so late acknowledgement is safe: a task
    # lost with its worker is redelivered and sends at most once.
    from .services import outbox_message_send  # noqa: PLC0415  (task body: the services import this module)

    outcome = outbox_message_send(message_id=message_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in, kwargs={"message_id": message_id})
    return outcome.status


@shared_task(name="notifications.outbox_dispatch_pending", acks_late=True)
def outbox_dispatch_pending(limit=500):
    """Periodic sweep: re-enqueue pending messages whose first enqueue was lost."""
    from .services import outbox_pending_due  # noqa: PLC0415  (task body: the services import this module)

    message_ids = list(outbox_pending_due()[:limit])
    for message_id in message_ids:
        outbox_send.delay(message_id=message_id)
    return len(message_ids)
