"""Exactly one beat: a second ``celery beat`` refuses to start while one runs.

Two beats would each publish every periodic task (the sweeps, the reminders); the
tasks are idempotent, so nothing breaks, but the queue carries everything twice and
an operator believes a scheduler runs where it does not. When beat starts it takes
a Redis lock (``SET NX`` with a 90 s expiry) and renews it every 30 s from a daemon
thread; a second beat finding the lock held logs an ERROR naming the holder and
exits with status 1. A beat stopped (SIGTERM: a restart, a deploy) gives the lock
back as it exits, so the next one starts at once; a beat that dies leaves the lock
to expire: the next one starts after at most 90 s.
"""

import atexit
import logging
import os
import socket
import threading

import redis
from celery.signals import beat_init
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "wecd:beat-lock"
LOCK_SECONDS = 90
RENEW_SECONDS = 30
# Renew only a lock this process holds (compare-and-set in one step).
RENEW = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) end return 0"
)
# Give back only a lock this process holds.
RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


def _client():
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=5, socket_timeout=5)


def beat_lock_acquire():
    """Take the lock, or exit the process (status 1) when another beat holds it."""
    client = _client()
    holder = f"{socket.gethostname()}:{os.getpid()}"
    if not client.set(LOCK_KEY, holder, nx=True, ex=LOCK_SECONDS):
        other = (client.get(LOCK_KEY) or b"?").decode()
        logger.error("beat: another beat runs (%s); this one stops. Run exactly one beat.", other)
        raise SystemExit(1)
    renew = client.register_script(RENEW)
    stop = threading.Event()

    def keep():
        while not stop.wait(RENEW_SECONDS):
            try:
                if not renew(keys=[LOCK_KEY], args=[holder, LOCK_SECONDS]):
                    logger.error("beat: the lock was lost (Redis restarted?); taking it again")
                    client.set(LOCK_KEY, holder, nx=True, ex=LOCK_SECONDS)
            except redis.RedisError:
                logger.warning("beat: could not renew the lock", exc_info=True)

    def release():
        stop.set()
        try:
            client.register_script(RELEASE)(keys=[LOCK_KEY], args=[holder])
        except redis.RedisError:
            logger.warning("beat: could not give the lock back; it expires within %d s", LOCK_SECONDS)

    threading.Thread(target=keep, name="beat-lock", daemon=True).start()
    atexit.register(release)
    logger.info("beat: lock taken (%s)", holder)
    return holder


@beat_init.connect
def _on_beat_init(sender=None, **kwargs):
    if settings.CELERY_BROKER_URL.startswith("redis"):
        beat_lock_acquire()
