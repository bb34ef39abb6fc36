"""Redis servers of a test's own, which the test may stop and restart (without
persistence: a restart loses every message, as a Redis restarted by an operator or
the OOM killer does when it keeps no append-only file)."""

import contextlib
import os
import shutil
import subprocess

import redis

from wecd_portal.tests.celery_helpers import wait_for


def private_redis_port(offset):
    """A port of this pytest-xdist process's own (gw0: 6451…, gw1: 6461…)."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return 6451 + 10 * worker + offset


def redis_server_start(port, directory):
    subprocess.run(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
            "--pidfile",
            str(directory / f"redis-{port}.pid"),
        ],
        check=True,
        capture_output=True,
    )
    client = redis.Redis(port=port)
    assert wait_for(lambda: pings(client), timeout=10)
    return client


def pings(client):
    try:
        return client.ping()
    except redis.RedisError:
        return False


def redis_server_stop(client):
    with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it stops
        client.shutdown(nosave=True)
    assert wait_for(lambda: not pings(client), timeout=10)


class PrivateRedis:
    """One Redis server of a test's own on ``port``, its files in ``directory``."""

    def __init__(self, port, directory):
        self.port, self.directory = port, directory
        self.url = f"redis://127.0.0.1:{port}/0"
        self.client = redis.Redis(port=port)

    def start(self):
        redis_server_start(self.port, self.directory)

    def stop(self):
        redis_server_stop(self.client)

    def restart(self):
        """Stop and start again: without persistence, every queued message is lost."""
        self.stop()
        self.start()

    def is_up(self):
        return pings(self.client)
