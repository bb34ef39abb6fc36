"""Faults against the real services: Redis stopped during a deadline rush (the
worker faults are in test_worker_faults.py)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from vouchers.intake.services.submission import application_submit
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.celery import app as celery_app
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.tasks import outbox_dispatch_pending
from wecd_portal.tests.celery_helpers import wait_for
from wecd_portal.tests.factories import applicant

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_redis_stopped_during_ten_submissions_loses_nothing_and_emails_each_once(private_redis, settings):
    settings.OUTBOX_SWEEP_GRACE = 0
    call = CallFactory()
    drafts = [complete_application(call=call, owner=applicant(), seed=1200 + index) for index in range(10)]
    private_redis.stop()

    results = [application_submit(application=draft, actor=draft.owner) for draft in drafts]

    references = sorted(result.application.reference for result in results)
    assert references == [f"WECD-{call.opens_at.year}-{number:03d}" for number in range(1, 11)]
    assert OutboxMessage.objects.filter(template="application_submitted", status="pending").count() == 10
    assert mail.outbox == []
    # A failed publish gives up after a bounded number of tries (how fast is bench/'s to measure).
    assert settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] == 2

    private_redis.start()
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
