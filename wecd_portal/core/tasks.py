"""The sweep: one beat task that publishes again whatever background work a broker
or a worker lost (see ``wecd_portal.core.work``)."""

from celery import shared_task


@shared_task(name="core.sweep")
def sweep_task(limit=500):
    # Idempotent: it only publishes messages, and every task it publishes is.
    from wecd_portal.core.work import beat_heartbeat, work_sweep  # noqa: PLC0415  (task body: the services import the tasks)
    from wecd_portal.notifications.services import outbox_sweep  # noqa: PLC0415  (task body: the services import the tasks)

    beat_heartbeat()
    return {"work": work_sweep(limit=limit), "outbox": outbox_sweep(limit=limit)}
