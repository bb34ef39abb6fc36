"""A submission made while Redis is down is kept, and its email leaves once Redis is back."""

import pytest
from django.core import mail

from vouchers.intake.models import Application
from vouchers.intake.services.submission import application_submit
from vouchers.tests.factories import complete_application
from vouchers.tests.pipeline import IN_TIME, open_call
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.tasks import outbox_dispatch_pending
from wecd_portal.tests.celery_helpers import restore_broker, use_broker, wait_for
from wecd_portal.tests.factories import applicant

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker_down():
    previous = use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    yield
    restore_broker(previous)


def test_submission_with_redis_down_is_recorded_and_emailed_when_redis_is_back(
    broker_down, settings, request
):
    settings.OUTBOX_SWEEP_GRACE = 0
    call = open_call()
    owner = applicant()
    application = complete_application(call=call, owner=owner)

    result = application_submit(application=application, actor=owner, now=IN_TIME)

    assert Application.objects.get(pk=application.pk).reference == "WECD-2014-001"
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == ("pending", 0)
    assert len(mail.outbox) == 0

    # Redis is back: a worker runs and beat's periodic sweep re-enqueues the message.
    request.getfixturevalue("celery_worker")
    outbox_dispatch_pending.delay()

    assert wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent")
    assert len(mail.outbox) == 1
    assert result.application.reference in mail.outbox[0].subject
