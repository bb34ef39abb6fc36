"""Redis stopped: people still sign in, sign up and reset their password (the rate
limits count in the process's memory meanwhile), and the load balancer keeps the host."""

import pytest

from wecd_portal.core.cache import FailSafeRedisCache
from wecd_portal.tests.factories import PASSWORD, applicant

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_stopped(private_redis, settings):
    """The production cache on a Redis server of the test's own, then stopped."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "wecd_portal.core.cache.FailSafeRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "wecd",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }
    settings.REDIS_URL = private_redis.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    private_redis.stop()
    return private_redis


def test_sign_in_sign_up_and_reset_work_with_redis_stopped(
    client, redis_stopped, django_capture_on_commit_callbacks
):
    user = applicant(email="pme@example.be")

    sign_in = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.logout()
    sign_up = client.post(
        "/accounts/signup/", {"email": "nouvelle@example.be", "password1": PASSWORD, "password2": PASSWORD}
    )
    client.logout()
    reset = client.post("/accounts/password/reset/", {"email": user.email})
    ready = client.get("/healthz")

    assert (sign_in.status_code, sign_in["Location"]) == (302, "/")
    assert (sign_up.status_code, sign_up["Location"]) == (302, "/accounts/confirm-email/")
    assert (reset.status_code, reset["Location"]) == (302, "/accounts/password/reset/done/")
    assert (ready.status_code, ready.json()) == (200, {"status": "degraded"})


def test_failed_sign_ins_are_still_limited_while_redis_is_stopped(client, redis_stopped):
    user = applicant(email="pme@example.be")

    attempts = [
        client.post("/accounts/login/", {"login": user.email, "password": "pas-le-bon"}).status_code
        for _attempt in range(6)
    ]
    last = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert attempts == [200] * 6
    assert last.status_code == 200
    assert "Trop de tentatives de connexion échouées" in last.content.decode()


def test_the_cache_goes_back_to_redis_once_it_answers(redis_stopped, monkeypatch):
    from django.core.cache import caches  # noqa: PLC0415  (the settings fixture has just replaced the caches)

    shared = caches["default"]
    assert isinstance(shared, FailSafeRedisCache)
    shared.set("greeting", "bonjour")  # Redis down: kept in this process's memory
    assert shared.get("greeting") == "bonjour"

    redis_stopped.start()
    monkeypatch.setattr("wecd_portal.core.cache.FALLBACK_SECONDS", 0)
    shared._redis_down_until = 0
    shared.set("greeting", "hello")

    assert redis_stopped.client.keys("wecd:*greeting") == [b"wecd:1:greeting"]
