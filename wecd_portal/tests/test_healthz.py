import pytest
import redis
from django.conf import settings as django_settings
from django.db import OperationalError, connection

from wecd_portal.core import health

pytestmark = pytest.mark.django_db


def test_healthz_without_broker_reports_eager_mode(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {
                "status": "ok",
                "vendor": connection.vendor,
            },
            "redis": {"status": "not configured"},
            "queue": {"status": "ok", "mode": "eager"},
        },
    }


@pytest.mark.redis
def test_healthz_with_redis_up_counts_waiting_tasks(client, settings):
    url = django_settings.TEST_REDIS_URL
    queue = redis.Redis.from_url(url)
    queue.delete("celery")
    queue.rpush("celery", "a", "b")
    settings.REDIS_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        response = client.get("/healthz")
    finally:
        queue.delete("celery")

    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == {"status": "ok"}
    assert response.json()["checks"]["queue"] == {"status": "ok", "mode": "redis", "pending": 2}


def test_healthz_with_redis_down_answers_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["redis"] == {"status": "error"}
    assert response.json()["checks"]["queue"] == {"status": "error", "mode": "redis"}
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_healthz_with_database_down_answers_503(client, monkeypatch):
    def broken_cursor():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "error"}


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
