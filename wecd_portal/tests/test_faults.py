"""Faults against the real services: Redis stopped during a deadline rush, and a
Celery worker killed (SIGKILL) while it renders a letter."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection

from vouchers.awards.services.release import results_release
from vouchers.follow_up.services.acceptance import award_respond
from vouchers.intake.services.submission import application_submit
from vouchers.models import Letter
from vouchers.tests.factories import CallFactory, complete_application
from vouchers.tests.pipeline import decision_of, ready
from wecd_portal.celery import app as celery_app
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.tasks import outbox_dispatch_pending
from wecd_portal.tests.celery_helpers import restore_broker, use_broker, wait_for
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
FAULT_REDIS_PORT = 6391


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
    assert wait_for(lambda: _pings(client), timeout=10)
    return client


def _pings(client):
    try:
        return client.ping()
    except redis.RedisError:
        return False


def redis_server_stop(client):
    with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it stops
        client.shutdown(nosave=True)
    assert wait_for(lambda: not _pings(client), timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own, which the test may stop and restart."""
    client = redis_server_start(FAULT_REDIS_PORT, tmp_path)
    previous = use_broker(f"redis://127.0.0.1:{FAULT_REDIS_PORT}/0")
    yield tmp_path
    restore_broker(previous)
    if _pings(client):
        redis_server_stop(client)


def test_redis_stopped_during_ten_submissions_loses_nothing_and_emails_each_once(private_redis, settings):
    settings.OUTBOX_SWEEP_GRACE = 0
    call = CallFactory()
    drafts = [complete_application(call=call, owner=applicant(), seed=1200 + index) for index in range(10)]
    redis_server_stop(redis.Redis(port=FAULT_REDIS_PORT))

    results = [application_submit(application=draft, actor=draft.owner) for draft in drafts]

    references = sorted(result.application.reference for result in results)
    assert references == [f"WECD-{call.opens_at.year}-{number:03d}" for number in range(1, 11)]
    assert OutboxMessage.objects.filter(template="application_submitted", status="pending").count() == 10
    assert mail.outbox == []
    # A failed publish gives up after a bounded number of tries (how fast is bench/'s to measure).
    assert settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] == 2

    redis_server_start(FAULT_REDIS_PORT, private_redis)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        outbox_dispatch_pending.delay()
        assert wait_for(
            lambda: (
                OutboxMessage.objects.filter(template="application_submitted", status="sent").count() == 10
            ),
            timeout=60,
        )
        outbox_dispatch_pending.delay()  # a second sweep finds nothing to send
        time.sleep(1)

    assert sorted(set(OutboxMessage.objects.values_list("attempts", flat=True))) == [1]
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 10
    assert [any(reference in subject for subject in subjects) for reference in references] == [True] * 10


def start_worker_process(log_path, mail_dir):
    name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wecd_portal.tests.worker_settings",
        "WECD_WORKER_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "WECD_WORKER_MAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(BASE_DIR),
    }
    log = log_path.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wecd_portal", "worker", "--pool=solo", "--loglevel=INFO"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_a_worker_killed_while_rendering_a_letter_leaves_one_letter_and_one_email(redis_broker, tmp_path):
    # Set-up eagerly, as a released call: the winner will decline, the first reserve
    # is then offered the voucher (a letter task and an email).
    restore_broker({"broker_url": "memory://localhost/", "task_always_eager": True})
    _call, (winner, first_reserve, _second) = ready(count=3, vouchers=1)

    results_release(call=winner.call, actor=staff_member())
    OutboxMessage.objects.update(status="sent", attempts=1)  # the release's own emails are not this test's
    use_broker(settings.TEST_REDIS_URL)

    log, mail_dir = tmp_path / "worker.log", tmp_path / "mail"
    mail_dir.mkdir()
    first = start_worker_process(log, mail_dir)
    try:
        assert wait_for(lambda: b"ready." in log.read_bytes(), timeout=60), log.read_text()
        award_respond(
            decision=decision_of(winner), actor=winner.owner, accept=False, reason="Plus de budget."
        )
        assert wait_for(lambda: b"Task vouchers.letter_render[" in log.read_bytes(), timeout=30), (
            log.read_text()
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    letters_at_kill = Letter.objects.filter(application=first_reserve, kind="award").count()

    second = start_worker_process(log, mail_dir)
    try:
        assert wait_for(
            lambda: (
                Letter.objects.filter(application=first_reserve, kind="award").exists()
                and OutboxMessage.objects.get(template="voucher_offered").status == "sent"
            ),
            timeout=90,
        ), log.read_text()
        time.sleep(4)  # past the visibility timeout: nothing else comes back
    finally:
        second.terminate()
        second.wait(timeout=20)

    letter = Letter.objects.get(application=first_reserve, kind="award")
    offers = [path for path in mail_dir.iterdir() if b"is offered" in path.read_bytes()]
    assert letters_at_kill == 0  # killed mid-render: nothing had been stored
    assert letter.renderings == 1
    assert letter.file.storage.exists(letter.file.name)
    assert len(offers) == 1
    assert OutboxMessage.objects.get(template="voucher_offered").attempts == 1
