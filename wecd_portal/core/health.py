"""The health report behind ``/healthz`` (readiness) and ``/ping`` (liveness).

Readiness depends on the database alone: without it no page works, with it every
page does (sign-in and rate limits survive Redis, submissions survive the broker, the
scanner's absence holds files in quarantine). A load balancer that took hosts out for
Redis would take the whole site down for what it survives. The other parts are
reported — to staff and to a monitoring probe with the health token — so that an
operator sees what is degraded: Redis, the queue, the virus scanner and its
signatures' age, the private files' storage, e-mails and
background work overdue or given up, and whether beat's sweep still runs.
"""

import logging
import os
from datetime import timedelta

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from wecd_portal.core.stored_files import STORAGE_ERRORS

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"
DEGRADED = "degraded"
NOT_CONFIGURED = "not configured"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: database check failed")
        return {"status": ERROR}
    return {"status": OK}


def _redis_client():
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def check_redis():
    if not settings.REDIS_URL:
        return {"status": NOT_CONFIGURED}
    try:
        _redis_client().ping()
    except redis.RedisError:
        logger.warning("healthz: Redis at REDIS_URL unreachable")
        return {"status": ERROR}
    return {"status": OK}


def check_queue():
    """The Celery queue: messages waiting in Redis, or eager mode without a broker."""
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        return {"status": OK, "mode": "eager"}
    try:
        pending = _redis_client().llen("celery")
    except redis.RedisError:
        return {"status": ERROR, "mode": "redis"}
    return {"status": OK, "mode": "redis", "pending": pending}


def check_scanner():
    """clamd answers, and its signatures are fresh: freshclam publishes several times
    a day, so a database older than WECD_CLAMAV_SIGNATURES_MAX_AGE_DAYS means that
    the updates have stopped (0: not checked, for a scanner with local signatures)."""
    from vouchers.common.scanning import (  # noqa: PLC0415  (the portal's core loads no app module at import)
        ScannerUnavailable,
        scanner_configured,
        scanner_signatures,
    )

    if not scanner_configured():
        return {"status": NOT_CONFIGURED}
    try:
        engine, version, published = scanner_signatures()
    except ScannerUnavailable:
        logger.warning("healthz: the ClamAV daemon at WECD_CLAMD_URL does not answer")
        return {"status": ERROR}
    report = {
        "engine": engine,
        "signatures": version,
        "signatures_published": published.isoformat() if published else None,
    }
    max_age = settings.WECD_CLAMAV_SIGNATURES_MAX_AGE_DAYS
    stale = max_age and (published is None or timezone.now() - published > timedelta(days=max_age))
    if stale:
        logger.warning(
            "healthz: ClamAV's signatures are %s: is freshclam running?",
            f"from {published:%Y-%m-%d}" if published else "not the official database",
        )
    return {"status": DEGRADED if stale else OK, **report}


def check_storage():
    """The private files' storage: the folder mounted and writable, or the bucket
    reachable with the portal's credentials."""
    from django.core.files.storage import default_storage  # noqa: PLC0415

    kind = settings.PRIVATE_STORAGE_KIND
    try:
        if kind == "s3":
            default_storage.connection.meta.client.head_bucket(Bucket=default_storage.bucket_name)
        elif not os.access(default_storage.location, os.R_OK | os.W_OK | os.X_OK):
            raise OSError(f"{default_storage.location} is not a writable folder")
    except STORAGE_ERRORS as error:
        logger.warning("healthz: the private storage (%s) cannot be reached: %s", kind, type(error).__name__)
        return {"status": ERROR, "kind": kind}
    return {"status": OK, "kind": kind}


def check_outbox():
    """E-mails waiting past the sweep's grace period, and e-mails given up."""
    from wecd_portal.notifications.models import OutboxMessage  # noqa: PLC0415  (the portal's core loads no app module at import)
    from wecd_portal.notifications.services import outbox_pending_due  # noqa: PLC0415  (the portal's core loads no app module at import)

    overdue = outbox_pending_due().count()
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    return {"status": OK if not (overdue or failed) else DEGRADED, "overdue": overdue, "failed": failed}


def check_work():
    """Letters and eligibility runs waiting past the grace period, and given up."""
    from wecd_portal.core.models import PendingWork  # noqa: PLC0415  (models: loaded once Django is set up)
    from wecd_portal.core.work import work_overdue  # noqa: PLC0415  (models: loaded once Django is set up)

    overdue = work_overdue().count()
    given_up = PendingWork.objects.filter(failed_at__isnull=False).count()
    return {"status": OK if not (overdue or given_up) else DEGRADED, "overdue": overdue, "given_up": given_up}


def check_beat():
    """beat's sweep: late when it has not run for three of its periods."""
    from wecd_portal.core.models import Heartbeat  # noqa: PLC0415  (models: loaded once Django is set up)

    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        return {"status": NOT_CONFIGURED}
    heartbeat = Heartbeat.objects.filter(name="sweep").first()
    if heartbeat is None:
        return {"status": DEGRADED, "last_sweep": None}
    period = settings.CELERY_BEAT_SCHEDULE["background-sweep"]["schedule"]
    late = timezone.now() - heartbeat.seen_at > timedelta(seconds=3 * period)
    return {"status": DEGRADED if late else OK, "last_sweep": heartbeat.seen_at.isoformat()}


def health_report():
    """(ready, report): ready when the database answers; the report's status is
    "ok", "degraded" (the database answers, another part does not) or "error"."""
    database = check_database()
    if database["status"] != OK:
        return False, {"status": ERROR, "checks": {"database": database}}
    checks = {
        "database": database,
        "redis": check_redis(),
        "queue": check_queue(),
        "scanner": check_scanner(),
        "storage": check_storage(),
        "outbox": check_outbox(),
        "work": check_work(),
        "beat": check_beat(),
    }
    degraded = any(check["status"] not in (OK, NOT_CONFIGURED) for check in checks.values())
    return True, {"status": DEGRADED if degraded else OK, "checks": checks}
