"""A mail server down for hours: the outbox keeps trying for a day, sends each
message once when the server is back, and tells the admins when it gives up."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.utils import timezone

from wecd_portal.core.tasks import sweep_task
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.services import backoff_seconds, outbox_queue
from wecd_portal.tests import mail_backends

pytestmark = pytest.mark.django_db
OUTAGE = "wecd_portal.tests.mail_backends.OutageBackend"


@pytest.fixture
def clock(monkeypatch):
    """Simulated time: every ``timezone.now()`` of the portal reads it."""
    state = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = OUTAGE
    mail_backends.outage["down"] = True
    yield mail_backends.outage
    mail_backends.outage["down"] = False


def queue(recipient, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the first attempt, at once
        return outbox_queue(
            template="outbox_test",
            recipients=[recipient],
            language="fr",
            context={"requested_by": "outage test"},
        )


def test_retries_span_more_than_a_day_with_the_default_settings(settings):
    schedule = [backoff_seconds(attempt) for attempt in range(1, settings.OUTBOX_MAX_ATTEMPTS)]

    assert schedule[:7] == [60, 120, 240, 480, 960, 1920, 3600]
    assert sum(schedule) == 86_580  # 24 h 3 min between the first and the last attempt


def test_two_hours_without_a_mail_server_then_every_message_sent_once(
    clock, mail_server, django_capture_on_commit_callbacks
):
    messages = [queue(f"pme{number}@example.be", django_capture_on_commit_callbacks) for number in range(3)]
    assert {message.pk: message.attempts for message in OutboxMessage.objects.all()} == {
        message.pk: 1 for message in messages
    }
    start = clock["now"]

    for minute in range(1, 151):  # beat's sweep, once a minute, for two and a half hours
        clock["now"] = start + dt.timedelta(minutes=minute)
        if minute == 120:
            mail_server["down"] = False
        sweep_task()

    rows = list(OutboxMessage.objects.order_by("pk"))
    assert [row.status for row in rows] == ["sent", "sent", "sent"]
    # Tried at 0, 1, 3, 7, 15, 31 and 63 minutes, then hourly: sent at the 123rd minute.
    assert [row.attempts for row in rows] == [8, 8, 8]
    assert {row.sent_at - start for row in rows} == {dt.timedelta(minutes=123)}
    assert sorted(email.to[0] for email in mail.outbox) == [
        "pme0@example.be",
        "pme1@example.be",
        "pme2@example.be",
    ]


def test_a_message_given_up_alerts_the_admins_once_a_day(
    clock, mail_server, settings, django_capture_on_commit_callbacks, caplog
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    settings.ADMINS = [("ops@wallonie-design.example", "ops@wallonie-design.example")]
    first = queue("pme1@example.be", django_capture_on_commit_callbacks)
    second = queue("pme2@example.be", django_capture_on_commit_callbacks)

    clock["now"] += dt.timedelta(minutes=2)
    with (
        caplog.at_level(logging.ERROR, logger="wecd_portal.notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sweep_task()

    statuses = dict(OutboxMessage.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: "failed", second.pk: "failed"}
    alerts = OutboxMessage.objects.filter(template="outbox_failed_alert")
    assert alerts.count() == 1
    alert = alerts.get()
    assert alert.recipients == ["ops@wallonie-design.example"]
    assert alert.subject == "[WECD] Des e-mails du portail n'ont pas pu être envoyés"
    assert (
        "a abandonné aujourd'hui l'envoi de 2 e-mails après toutes ses tentatives (pendant plus de 24 heures)"
        in alert.body_text
    )
    assert "/admin/notifications/outboxmessage/?status__exact=failed" in alert.body_text
    errors = [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR]
    assert [message.rsplit(":", 2)[0] for message in errors] == [
        f"outbox: message {first.pk} (outbox_test) given up after 2 attempts",
        f"outbox: message {second.pk} (outbox_test) given up after 2 attempts",
    ]
