import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from vouchers.intake.services.draft_reminders import draft_reminders_send
from vouchers.intake.tasks import draft_reminders
from vouchers.tests.factories import CallFactory
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import applicant

pytestmark = pytest.mark.django_db


def call_closing_in(delta):
    now = timezone.now()
    return CallFactory(opens_at=now - dt.timedelta(days=30), closes_at=now + delta)


def test_each_draft_gets_the_7_day_then_the_1_day_reminder_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    call = call_closing_in(dt.timedelta(days=6, hours=12))
    draft = call.applications.create(owner=applicant(email="late@example.be"), title="Coffret")
    call.applications.create(owner=applicant(), status="withdrawn", withdrawal_reason="x", withdrawn_at=now)

    with django_capture_on_commit_callbacks(execute=True):
        assert draft_reminders_send(now=now) == 1
        assert draft_reminders_send(now=now) == 0
        assert draft_reminders_send(now=now + dt.timedelta(days=6)) == 1
        assert draft_reminders_send(now=now + dt.timedelta(days=6, hours=1)) == 0

    assert sorted(OutboxMessage.objects.values_list("dedupe_key", flat=True)) == [
        f"draft-reminder:1:{draft.pk}",
        f"draft-reminder:7:{draft.pk}",
    ]
    assert [message.to for message in mail.outbox] == [["late@example.be"], ["late@example.be"]]
    assert "Coffret" in mail.outbox[0].body


def test_no_reminder_for_submitted_applications_or_calls_far_from_closing():
    far = call_closing_in(dt.timedelta(days=20))
    far.applications.create(owner=applicant())

    assert draft_reminders_send() == 0


def test_a_draft_found_on_the_last_day_gets_only_the_last_day_reminder():
    call = call_closing_in(dt.timedelta(hours=20))
    draft = call.applications.create(owner=applicant())

    assert draft_reminders.delay().get() == 1
    assert list(OutboxMessage.objects.values_list("dedupe_key", flat=True)) == [
        f"draft-reminder:1:{draft.pk}"
    ]
