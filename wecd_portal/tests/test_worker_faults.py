"""Faults a worker meets in production, against a real prefork Celery worker run as
a subprocess with production's Celery settings (``worker_settings``), a Redis server
of the test's own, and the user's action made through the page.

In each, the winner of a released call declines the voucher on their application
page; the first reserve is then offered it: one award letter (a PDF rendered by
WeasyPrint in the worker) and one e-mail. The worker holds that letter in the middle
of its rendering (``worker_hooks``), and the test breaks something there.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from django.db import connection
from django.urls import reverse

from vouchers.awards.services.release import results_release
from vouchers.models import Letter
from vouchers.tests.pipeline import ready
from wecd_portal.core.models import PendingWork
from wecd_portal.core.tasks import sweep_task
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.celery_helpers import restore_broker, use_broker, wait_for
from wecd_portal.tests.factories import staff_member

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY_WORKER = (sys.executable, "-m", "celery", "-A", "wecd_portal", "worker", "--loglevel=INFO")


class Worker:
    """``celery worker --pool=prefork --concurrency=1`` on the test's database and broker."""

    def __init__(self, broker_url, directory):
        self.broker_url, self.directory = broker_url, directory
        self.log = directory / "worker.log"
        self.mail_dir = directory / "mail"
        self.hold = directory / "hold"
        self.mail_dir.mkdir(exist_ok=True)
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "wecd_portal.tests.worker_settings",
            "WECD_WORKER_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
            "WECD_WORKER_BROKER_URL": self.broker_url,
            "WECD_WORKER_MAIL_DIR": str(self.mail_dir),
            "WECD_WORKER_HOLD_FILE": str(self.hold),
            "PYTHONPATH": str(BASE_DIR),
        }
        started_at = self.log.stat().st_size if self.log.exists() else 0
        self.process = subprocess.Popen(
            [*CELERY_WORKER, "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert wait_for(lambda: b"ready." in self.log.read_bytes()[started_at:], timeout=60), self.logs()

    def held(self):
        """(child pid, PostgreSQL backend pid) once the letter is held mid-render."""
        assert wait_for(lambda: self.hold.exists() and self.hold.read_text().strip(), timeout=60), self.logs()
        child_pid, backend_pid = (int(part) for part in self.hold.read_text().split())
        return child_pid, backend_pid

    def release(self):
        self.hold.with_suffix(".release").touch()

    def kill(self):
        """SIGKILL the main process and its children at once, as a host that dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def offers_sent(self):
        return [path for path in self.mail_dir.iterdir() if b"is offered" in path.read_bytes()]

    def logs(self):
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def declined_offer(client, tmp_path):
    """A released call (eagerly, in this process) whose winner is about to decline."""
    restore_broker({"broker_url": "memory://localhost/", "task_always_eager": True})
    _call, (winner, first_reserve, _second) = ready(count=3, vouchers=1)
    results_release(call=winner.call, actor=staff_member())
    OutboxMessage.objects.update(status="sent", attempts=1)  # the release's own e-mails are not this test's
    client.force_login(winner.owner)
    url = reverse("voucher_answer", kwargs={"public_id": winner.public_id})

    def decline():
        response = client.post(url, {"answer": "decline", "reason": "Plus de budget."})
        assert response.status_code == 302

    return decline, first_reserve


@pytest.fixture
def worker(private_redis, tmp_path):
    """A prefork worker on the test's own Redis, running; stopped after the test."""
    use_broker(private_redis.url)
    running = Worker(private_redis.url, tmp_path)
    running.start()
    yield running
    running.stop()


def award_letter_done(application):
    return Letter.objects.filter(application=application, kind="award").exists() and (
        OutboxMessage.objects.get(template="voucher_offered").status == "sent"
    )


def assert_one_letter_and_one_email(worker, application):
    letter = Letter.objects.get(application=application, kind="award")
    assert letter.renderings == 1
    assert letter.file.storage.exists(letter.file.name)
    assert len(worker.offers_sent()) == 1
    assert OutboxMessage.objects.get(template="voucher_offered").attempts == 1
    work = PendingWork.objects.get(key=f"vouchers.letter_render:application_id={application.pk}")
    assert (work.done_at is not None, work.failed_at) == (True, None)


def test_a_child_killed_mid_letter_gives_it_back_one_letter_one_email(declined_offer, worker):
    decline, first_reserve = declined_offer
    decline()
    child_pid, _backend = worker.held()
    os.kill(child_pid, signal.SIGKILL)  # as the OOM killer does to WeasyPrint
    # The pool replaces the child; the message given back is run again at once.
    assert wait_for(lambda: award_letter_done(first_reserve), timeout=60), worker.logs()
    assert psutil.Process(worker.process.pid).is_running()
    worker.stop()

    assert "WorkerLostError" in worker.logs()
    assert_one_letter_and_one_email(worker, first_reserve)
    assert PendingWork.objects.get(task="vouchers.letter_render").starts == 2


def test_the_database_connection_killed_mid_letter_is_retried_one_letter(declined_offer, worker):
    decline, first_reserve = declined_offer
    decline()
    _child, backend_pid = worker.held()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    worker.release()
    assert wait_for(lambda: award_letter_done(first_reserve), timeout=90), worker.logs()
    worker.stop()

    # The same task, retried after the OperationalError (autoretry, backoff).
    received = [line for line in worker.logs().splitlines() if "Task vouchers.letter_render[" in line]
    assert len(received) == 2
    assert received[0].split("[")[-1] == received[1].split("[")[-1]
    assert PendingWork.objects.get(task="vouchers.letter_render").starts == 2
    assert_one_letter_and_one_email(worker, first_reserve)


def test_a_worker_killed_and_redis_restarted_empty_the_sweep_gives_one_letter(
    private_redis, declined_offer, worker, settings
):
    decline, first_reserve = declined_offer
    decline()
    worker.held()
    worker.kill()  # the host dies: no child, no main process to give anything back
    private_redis.restart()  # and Redis, without persistence, lost the unacknowledged letter
    assert private_redis.client.dbsize() == 0
    worker.release()
    worker.start()
    time.sleep(2)
    assert not Letter.objects.filter(application=first_reserve, kind="award").exists()

    settings.WORK_SWEEP_GRACE = 0  # beat's next sweep, past the grace period
    settings.OUTBOX_SWEEP_GRACE = 0
    counts = sweep_task()
    assert counts["work"] == 1
    assert wait_for(lambda: award_letter_done(first_reserve), timeout=60), worker.logs()
    worker.stop()

    assert_one_letter_and_one_email(worker, first_reserve)


def test_workers_down_during_five_sweeps_leave_one_queued_task_per_item(private_redis, declined_offer):
    decline, _first_reserve = declined_offer
    use_broker(private_redis.url)
    decline()  # no worker runs: the letter and the e-mail wait in the queue
    assert private_redis.client.llen("celery") == 2

    for _sweep in range(5):
        sweep_task()

    assert private_redis.client.llen("celery") == 2
    work = PendingWork.objects.get(task="vouchers.letter_render")
    assert (work.enqueues, work.done_at) == (1, None)
