"""The Celery application: configuration from Django settings (CELERY_*), tasks
autodiscovered from each installed app's tasks.py, and the one task class every task
of the portal uses (``PortalTask``).

DJANGO_SETTINGS_MODULE must be set before this module is imported (the Makefile's
worker and beat targets set it): no default here, so that importing the package from
wsgi.py can never silently pick the local settings in production.
"""

import logging

from botocore.exceptions import ConnectionError as StorageConnectionError
from botocore.exceptions import HTTPClientError as StorageHTTPError
from celery import Celery, Task
from celery.exceptions import Reject
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

import wecd_portal.beat_lock  # noqa: F401  (connects the lock that keeps beat single)

logger = logging.getLogger(__name__)

# Faults that pass: a database restarted or a connection cut, a broker or cache that
# does not answer for a moment, an S3 endpoint out of reach. A task meeting one is
# retried with backoff; any other error is a bug, logged, and left to the sweep
# (tracked work) or the next beat.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
    StorageConnectionError,
    StorageHTTPError,
)


class PortalTask(Task):
    """Every task of the portal is idempotent (it checks the state before it writes),
    so each is acknowledged only once it has run (``acks_late``) and given back to the
    queue when the worker running it dies (``reject_on_worker_lost``: a child killed
    by the OOM killer while WeasyPrint lays out a letter). Transient faults are
    retried with exponential backoff, well under the broker's visibility timeout.

    A task declared with ``pending_work=True`` is requested through
    ``wecd_portal.core.work.work_request``: it counts its starts (a task that keeps
    killing its worker is given up after ``WORK_MAX_STARTS``) and marks its work done
    when it succeeds."""

    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8
    pending_work = False
    work_label = ""  # what staff read in the admin's background tasks (translated)

    def before_start(self, task_id, args, kwargs):
        if not self.pending_work:
            return
        from django.conf import settings  # noqa: PLC0415  (Django is set up once a task runs)

        from wecd_portal.core.work import work_give_up, work_started  # noqa: PLC0415  (models: Django is set up once a task runs)

        self.request.work_started_at = timezone.now()
        try:
            starts = work_started(self.name, kwargs)
        except TRANSIENT_ERRORS:
            logger.warning("work: could not count a start of %s", self.name, exc_info=True)
            return
        if starts is not None and starts > settings.WORK_MAX_STARTS:
            work_give_up(self.name, kwargs, f"started {starts - 1} times without finishing")
            raise Reject("given up", requeue=False)

    def on_success(self, retval, task_id, args, kwargs):
        if not self.pending_work:
            return
        from wecd_portal.core.work import work_done  # noqa: PLC0415  (models: Django is set up once a task runs)

        work_done(self.name, kwargs, getattr(self.request, "work_started_at", None) or timezone.now())

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if not self.pending_work:
            return
        from wecd_portal.core.work import work_record_error  # noqa: PLC0415  (models: Django is set up once a task runs)

        try:
            work_record_error(self.name, kwargs, exc)
        except TRANSIENT_ERRORS:
            logger.warning("work: could not record the failure of %s", self.name, exc_info=True)


app = Celery("wecd_portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
