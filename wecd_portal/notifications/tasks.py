"""Thin tasks: load by primary key, call a service, return quietly if gone. Tasks are
leaves: the services import this module to enqueue, and each task imports its service
in its body."""

from celery import shared_task


@shared_task(name="notifications.outbox_send")
def outbox_send(*, message_id):
    # Idempotent (row lock + status check): a task lost with its worker is
    # redelivered and sends at most once. A failed attempt is scheduled on the row
    # (next_attempt_at); the sweep publishes it when due.
    from .services import outbox_message_send  # noqa: PLC0415  (task body: the services import this module)

    return outbox_message_send(message_id=message_id).status


@shared_task(name="notifications.outbox_dispatch_pending")
def outbox_dispatch_pending(limit=500):
    """The outbox's part of the sweep (``core.sweep`` runs it; kept under its own
    name for messages an earlier beat queued)."""
    from .services import outbox_sweep  # noqa: PLC0415  (task body: the services import this module)

    return outbox_sweep(limit=limit)
