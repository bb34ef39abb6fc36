"""Point the Celery app at a broker for one test, and wait for a worker's effect."""

import time

from celery._state import _set_task_join_will_block

from wecd_portal.celery import app as celery_app


def use_broker(url):
    """Publish to ``url`` (not eagerly) from now on; returns the previous settings."""
    previous = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    reset_connection_pools()
    return previous


def restore_broker(previous):
    celery_app.conf.update(previous)
    reset_connection_pools()
    # An in-process worker marks this process as a worker, where waiting on a result
    # is refused; the eager tests that follow wait on theirs (celery's own test
    # worker resets it the same way).
    _set_task_join_will_block(False)


def reset_connection_pools():
    """Forget pooled broker connections so the next publish uses the current URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def wait_for(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
