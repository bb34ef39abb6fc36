"""The outbox through the real stack: PostgreSQL, Redis as broker, a Celery worker."""

import time

import pytest
import redis
from django.conf import settings as django_settings
from django.core import mail

from wecd_portal.core.tasks import sweep_task
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.services import outbox_queue
from wecd_portal.notifications.tasks import outbox_send
from wecd_portal.tests import mail_backends
from wecd_portal.tests.celery_helpers import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_worker_sends_a_queued_message_once_despite_a_failed_first_attempt(settings, celery_worker):
    settings.EMAIL_BACKEND = "wecd_portal.tests.mail_backends.FlakyBackend"
    settings.OUTBOX_BACKOFF_BASE = 1
    mail_backends.failures_left["count"] = 1

    message = outbox_queue(
        template="outbox_test",
        recipients=["pme@example.be"],
        language="fr",
        context={"requested_by": "worker test"},
    )
    # The failed attempt is scheduled on the row, not held in the worker: the next
    # sweep (beat, every minute) publishes it once it is due.
    assert wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).attempts == 1)
    assert OutboxMessage.objects.get(pk=message.pk).enqueued_at is None
    time.sleep(1.1)  # the one-second backoff passes
    sweep_task.delay()

    assert wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent")
    message.refresh_from_db()
    assert message.attempts == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[WECD] Message de test du portail"


def test_duplicate_deliveries_of_the_send_task_send_one_email(celery_worker):
    message = outbox_queue(
        template="outbox_test",
        recipients=["duo@example.be"],
        language="en",
        context={"requested_by": "duplicate test"},
    )
    # A redelivered or re-enqueued task (lost ack, sweep) must not send again.
    outbox_send.delay(message_id=message.pk)
    outbox_send.delay(message_id=message.pk)

    assert wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent")
    assert wait_for(lambda: redis.Redis.from_url(django_settings.TEST_REDIS_URL).llen("celery") == 0)
    time.sleep(0.5)
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1
