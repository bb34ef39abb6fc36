"""/healthz (readiness: the database) and /ping (liveness), and who reads the details."""

import datetime as dt

import pytest
import redis
from django.conf import settings as django_settings
from django.db import OperationalError
from django.utils import timezone

from wecd_portal.core import health
from wecd_portal.core.models import Heartbeat, PendingWork
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = pytest.mark.django_db
TOKEN = "probe-" + "k" * 40


@pytest.fixture
def probe(settings):
    settings.WECD_HEALTH_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def test_an_anonymous_caller_reads_the_status_alone(client, settings):
    settings.WECD_HEALTH_TOKEN = TOKEN

    response = client.get("/healthz")
    forged = client.get("/healthz", HTTP_AUTHORIZATION="Bearer not-the-token")
    as_applicant = client.get("/healthz") if client.force_login(applicant()) is None else None

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert forged.json() == {"status": "ok"}
    assert as_applicant.json() == {"status": "ok"}


def test_without_broker_the_probe_reads_eager_mode(client, settings, probe):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.WECD_CLAMD_URL = ""

    response = client.get("/healthz", **probe)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "redis": {"status": "not configured"},
            "queue": {"status": "ok", "mode": "eager"},
            "scanner": {"status": "not configured"},
            "storage": {"status": "ok", "kind": "filesystem"},
            "outbox": {"status": "ok", "overdue": 0, "failed": 0},
            "work": {"status": "ok", "overdue": 0, "given_up": 0},
            "beat": {"status": "not configured"},
        },
    }


@pytest.mark.redis
def test_with_redis_up_staff_read_the_waiting_tasks_and_the_last_sweep(client, settings):
    url = django_settings.TEST_REDIS_URL
    queue = redis.Redis.from_url(url)
    queue.delete("celery")
    queue.rpush("celery", "a", "b")
    settings.REDIS_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    swept_at = timezone.now() - dt.timedelta(seconds=30)
    Heartbeat.objects.create(name="sweep", seen_at=swept_at)
    client.force_login(staff_member())
    try:
        response = client.get("/healthz")
    finally:
        queue.delete("celery")

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["redis"] == {"status": "ok"}
    assert checks["queue"] == {"status": "ok", "mode": "redis", "pending": 2}
    assert checks["beat"] == {"status": "ok", "last_sweep": swept_at.isoformat()}


def test_redis_down_keeps_the_host_ready_and_reports_it_degraded(client, settings, probe):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    anonymous = client.get("/healthz")
    response = client.get("/healthz", **probe)

    assert (anonymous.status_code, anonymous.json()) == (200, {"status": "degraded"})
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["redis"] == {"status": "error"}
    assert checks["queue"] == {"status": "error", "mode": "redis"}
    assert checks["beat"] == {"status": "degraded", "last_sweep": None}
    assert checks["database"] == {"status": "ok"}


def test_e_mails_and_work_overdue_or_given_up_are_reported(client, settings, probe):
    settings.WECD_CLAMD_URL = ""
    long_ago = timezone.now() - dt.timedelta(hours=2)
    OutboxMessage.objects.create(recipients=["a@example.be"], template="t", subject="s", body_text="b")
    OutboxMessage.objects.update(created_at=long_ago)
    OutboxMessage.objects.create(
        recipients=["b@example.be"], template="t", subject="s", body_text="b", status="failed", attempts=30
    )
    PendingWork.objects.create(task="vouchers.letter_render", key="k1", requested_at=long_ago)
    PendingWork.objects.create(
        task="vouchers.letter_render", key="k2", requested_at=long_ago, failed_at=long_ago
    )

    response = client.get("/healthz", **probe)

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["outbox"] == {"status": "degraded", "overdue": 1, "failed": 1}
    assert response.json()["checks"]["work"] == {"status": "degraded", "overdue": 1, "given_up": 1}


def test_a_beat_silent_for_three_periods_is_late(client, settings, probe):
    settings.REDIS_URL = django_settings.TEST_REDIS_URL or "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    seen_at = timezone.now() - dt.timedelta(seconds=181)
    Heartbeat.objects.create(name="sweep", seen_at=seen_at)

    response = client.get("/healthz", **probe)

    assert response.json()["checks"]["beat"] == {"status": "degraded", "last_sweep": seen_at.isoformat()}


def test_the_database_down_answers_503(client, monkeypatch, probe):
    def broken_cursor():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)

    response = client.get("/healthz", **probe)

    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": {"status": "error"}}}


def test_ping_is_the_liveness_check(client):
    response = client.get("/ping")

    assert (response.status_code, response.content) == (200, b"ok")


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


class FakeClamd:
    """A clamd that answers VERSION with the given line (tcp on a free port)."""

    def __init__(self, answer):
        import socket  # noqa: PLC0415
        import threading  # noqa: PLC0415

        self.answer = answer
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            with connection:
                connection.recv(64)
                connection.sendall(self.answer.encode() + b"\0")

    def close(self):
        self.server.close()


@pytest.mark.parametrize(
    ("published", "status"),
    [(timezone.now() - dt.timedelta(hours=5), "ok"), (timezone.now() - dt.timedelta(days=4), "degraded")],
)
def test_the_scanner_is_degraded_once_its_signatures_are_older_than_three_days(
    client, settings, probe, published, status
):
    clamd = FakeClamd(f"ClamAV 1.4.6/27480/{published:%a %b %e %H:%M:%S %Y}")
    settings.WECD_CLAMD_URL = clamd.url
    settings.WECD_CLAMAV_SIGNATURES_MAX_AGE_DAYS = 3
    try:
        response = client.get("/healthz", **probe)
    finally:
        clamd.close()

    assert response.status_code == 200
    assert response.json()["checks"]["scanner"] == {
        "status": status,
        "engine": "ClamAV 1.4.6",
        "signatures": "27480",
        "signatures_published": published.replace(microsecond=0).isoformat(),
    }


@pytest.mark.clamav
def test_a_scanner_without_the_official_signatures_is_degraded_when_their_age_is_checked(
    client, settings, probe
):
    settings.WECD_CLAMAV_SIGNATURES_MAX_AGE_DAYS = 3  # the tests' clamd knows EICAR alone

    response = client.get("/healthz", **probe)

    assert response.status_code == 200
    scanner = response.json()["checks"]["scanner"]
    assert (scanner["status"], scanner["signatures"], scanner["signatures_published"]) == (
        "degraded",
        None,
        None,
    )
    assert scanner["engine"].startswith("ClamAV ")


def test_a_scanner_that_does_not_answer_is_an_error_and_the_host_stays_ready(client, settings, probe):
    settings.WECD_CLAMD_URL = "tcp://127.0.0.1:9"

    response = client.get("/healthz", **probe)

    assert response.status_code == 200
    assert response.json()["checks"]["scanner"] == {"status": "error"}


def test_a_private_folder_that_is_not_mounted_is_reported(client, settings, probe, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "not-mounted")},
        },
    }

    response = client.get("/healthz", **probe)

    assert (response.status_code, response.json()["status"]) == (200, "degraded")
    assert response.json()["checks"]["storage"] == {"status": "error", "kind": "filesystem"}
