"""Readiness checks for /healthz: the database, Redis and the task queue."""

import logging

import redis
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"
NOT_CONFIGURED = "not configured"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: database check failed")
        return {"status": ERROR}
    return {"status": OK, "vendor": connection.vendor}


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


def health_report():
    """(all_needed_parts_up, report) — a part 'not configured' is not needed."""
    checks = {"database": check_database(), "redis": check_redis(), "queue": check_queue()}
    healthy = all(check["status"] in (OK, NOT_CONFIGURED) for check in checks.values())
    return healthy, {"status": OK if healthy else ERROR, "checks": checks}
