"""Background work that must not be lost: request it in a transaction, let its task
mark it done, let the sweep publish again what a broker or a worker lost.

Celery's own guarantees stop at the broker: a message published while Redis is down
is refused, and one held by a Redis that restarts without persistence is gone. The
``PendingWork`` row, written with the change that needs the work, is the durable
record; the message is only the signal to do it. Every task so tracked is idempotent.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import Heartbeat, PendingWork

logger = logging.getLogger(__name__)


def work_key(task_name, kwargs):
    """The one key of a piece of work: the task and its arguments, sorted."""
    arguments = ",".join(f"{name}={kwargs[name]}" for name in sorted(kwargs))
    return f"{task_name}:{arguments}"[:200]


def work_request(task, **kwargs):
    """Ask for ``task(**kwargs)`` to run once after the caller's transaction commits.

    Side effects: upserts the PendingWork row (a done or given-up row is asked for
    again); after commit, publishes the task and stamps the row. A broker that refuses
    is logged: the row stays, and the sweep publishes it.
    """
    now = timezone.now()
    work, _created = PendingWork.objects.update_or_create(
        key=work_key(task.name, kwargs),
        defaults={
            "task": task.name,
            "kwargs": kwargs,
            "requested_at": now,
            "done_at": None,
            "failed_at": None,
            "starts": 0,
            "last_error": "",
        },
    )
    transaction.on_commit(lambda: work_publish(work.pk))
    return work


def work_publish(work_id):
    """Publish one piece of work to the broker and stamp it.

    Side effects: one task message; ``enqueued_at`` and ``enqueues`` updated. Returns
    False (and logs) when the broker refuses."""
    # Imported here: this module is loaded by the models' code, the Celery app by tasks.
    from wecd_portal.celery import app  # noqa: PLC0415  (the Celery app imports the tasks, which import services)

    work = PendingWork.objects.filter(pk=work_id, done_at__isnull=True, failed_at__isnull=True).first()
    if work is None:
        return False
    previous_stamp = work.enqueued_at
    PendingWork.objects.filter(pk=work.pk).update(
        enqueued_at=timezone.now(), enqueues=models.F("enqueues") + 1
    )
    try:
        app.tasks[work.task].apply_async(kwargs=work.kwargs)
    except Exception:
        logger.warning("work: could not queue %s; left for the sweep", work.key, exc_info=True)
        PendingWork.objects.filter(pk=work.pk).update(
            enqueued_at=previous_stamp, enqueues=models.F("enqueues") - 1
        )
        return False
    return True


def work_started(task_name, kwargs):
    """Count one start of the work (the task's ``before_start``). Returns how many
    times it has started, or None when it is not tracked or no longer needed."""
    with transaction.atomic():
        work = (
            PendingWork.objects.select_for_update()
            .filter(key=work_key(task_name, kwargs), done_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if work is None:
            return None
        work.starts += 1
        work.save(update_fields=["starts"])
        return work.starts


def work_done(task_name, kwargs, started_at):
    """Mark the work done, unless it was asked for again after this run began (then
    the newer request still needs a run). Side effect: ``done_at`` set."""
    return PendingWork.objects.filter(
        key=work_key(task_name, kwargs), done_at__isnull=True, requested_at__lte=started_at
    ).update(done_at=timezone.now(), last_error="")


def work_give_up(task_name, kwargs, error):
    """Stop trying work that keeps failing or killing its worker. Side effects:
    ``failed_at`` and ``last_error`` set; an ERROR log line (error tracking alerts)."""
    logger.error("work: gave up %s: %s", work_key(task_name, kwargs), error)
    return PendingWork.objects.filter(key=work_key(task_name, kwargs), done_at__isnull=True).update(
        failed_at=timezone.now(), last_error=str(error)[:2000]
    )


def work_record_error(task_name, kwargs, error):
    """Note the latest failure of a run that will be retried."""
    PendingWork.objects.filter(key=work_key(task_name, kwargs), done_at__isnull=True).update(
        last_error=f"{type(error).__name__}: {error}"[:2000]
    )


def work_retry(*, work):
    """Ask again for work that was given up (admin action). Side effects: the row
    waits again with its starts reset; its task is published after commit. Returns
    False for work that was not given up."""
    with transaction.atomic():
        locked = PendingWork.objects.select_for_update().filter(pk=work.pk, failed_at__isnull=False).first()
        if locked is None:
            return False
        locked.failed_at, locked.starts, locked.requested_at = None, 0, timezone.now()
        locked.save(update_fields=["failed_at", "starts", "requested_at"])
        transaction.on_commit(lambda: work_publish(locked.pk))
    return True


def work_overdue(*, now=None):
    """Undone work whose message may be lost: never published, or published longer
    ago than the sweep's grace period (which must exceed normal queue latency)."""
    overdue = (now or timezone.now()) - timedelta(seconds=settings.WORK_SWEEP_GRACE)
    return (
        PendingWork.objects.filter(done_at__isnull=True, failed_at__isnull=True)
        .filter(
            models.Q(enqueued_at__isnull=True, requested_at__lte=overdue) | models.Q(enqueued_at__lte=overdue)
        )
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)
    )


def work_sweep(limit=500):
    """Publish again the work whose message was lost. Side effects: as
    ``work_publish`` for each overdue row; returns how many were published."""
    return sum(1 for work_id in list(work_overdue()[:limit]) if work_publish(work_id))


def beat_heartbeat():
    """Record that beat's sweep ran (the health report says when beat stopped)."""
    Heartbeat.objects.update_or_create(name="sweep", defaults={"seen_at": timezone.now()})
