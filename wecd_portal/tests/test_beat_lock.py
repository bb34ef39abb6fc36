"""Exactly one beat: a second one refuses to start while the first runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wecd_portal.beat_lock import LOCK_KEY
from wecd_portal.tests.celery_helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
BASE_DIR = Path(__file__).resolve().parents[2]
BEAT = (sys.executable, "-m", "celery", "-A", "wecd_portal", "beat", "--loglevel=INFO")


def start_beat(broker_url, directory, name):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.local",
        "DJANGO_VAR_DIR": str(directory / "var"),
        "REDIS_URL": broker_url,
        "PYTHONPATH": str(BASE_DIR),
    }
    log = directory / f"{name}.log"
    process = subprocess.Popen(
        [*BEAT, f"--schedule={directory / name}-schedule"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return process, log


def test_a_second_beat_refuses_to_start_while_the_first_runs(private_redis, tmp_path):
    first, first_log = start_beat(private_redis.url, tmp_path, "first")
    try:
        assert wait_for(lambda: private_redis.client.get(LOCK_KEY) is not None, timeout=60), (
            first_log.read_text()
        )
        holder = private_redis.client.get(LOCK_KEY).decode()

        second, second_log = start_beat(private_redis.url, tmp_path, "second")
        second.wait(timeout=60)

        assert second.returncode == 1
        assert (
            f"beat: another beat runs ({holder}); this one stops. Run exactly one beat."
            in second_log.read_text()
        )
        assert first.poll() is None
        assert holder.endswith(f":{first.pid}")
    finally:
        first.terminate()
        first.wait(timeout=30)
