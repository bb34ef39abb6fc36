import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from wecd_portal.notifications import tasks
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.services import (
    Attachment,
    backoff_seconds,
    outbox_attachments_purge,
    outbox_message_requeue,
    outbox_message_send,
    outbox_pending_due,
    outbox_queue,
    outbox_queue_rendered,
)
from wecd_portal.tests import mail_backends

pytestmark = pytest.mark.django_db
FLAKY = "wecd_portal.tests.mail_backends.FlakyBackend"


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = FLAKY
    mail_backends.failures_left["count"] = 0
    yield mail_backends.failures_left
    mail_backends.failures_left["count"] = 0


def make_due(message):
    """Let the scheduled retry's time come."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def queue_test_message(language="fr", **kwargs):
    return outbox_queue(
        template="outbox_test",
        recipients=kwargs.pop("recipients", ["pme@example.be"]),
        language=language,
        context={"requested_by": "pytest"},
        **kwargs,
    )


def test_queue_renders_the_template_of_the_message_language():
    french = queue_test_message("fr")
    english = queue_test_message("en")

    assert french.subject == "[WECD] Message de test du portail"
    assert english.subject == "[WECD] Test message from the portal"
    assert "Demandé par : pytest" in french.body_text
    assert "<br>Requested by: pytest</p>" in english.body_html
    assert (french.status, english.status) == ("pending", "pending")


def test_queue_sends_after_commit_with_text_html_and_attachment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_test_message(
            "en",
            recipients=["a@example.be", "A@example.be", "b@example.be"],
            attachments=[Attachment("letter.pdf", b"%PDF-1.7 test", "application/pdf")],
        )

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["a@example.be", "b@example.be"]
    assert sent.subject == "[WECD] Test message from the portal"
    assert sent.alternatives[0].mimetype == "text/html"
    assert sent.attachments[0] == ("letter.pdf", b"%PDF-1.7 test", "application/pdf")
    assert sent.extra_headers["Message-ID"] == f"<wecd-outbox-{message.uuid}@wecd.example>"


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_test_message()

    assert len(callbacks) == 1
    assert len(mail.outbox) == 0


def test_same_dedupe_key_returns_the_queued_message():
    first = queue_test_message(dedupe_key="receipt:42")
    second = queue_test_message("en", dedupe_key="receipt:42")

    assert second.pk == first.pk
    assert OutboxMessage.objects.count() == 1


def test_sending_twice_delivers_once():
    message = queue_test_message()

    assert outbox_message_send(message_id=message.pk).status == "sent"
    assert outbox_message_send(message_id=message.pk).status == "sent"
    assert len(mail.outbox) == 1


def test_failure_schedules_a_retry_with_exponential_backoff(flaky, settings):
    settings.OUTBOX_BACKOFF_BASE = 30
    flaky["count"] = 2
    message = queue_test_message()

    first = outbox_message_send(message_id=message.pk)
    make_due(message)
    second = outbox_message_send(message_id=message.pk)
    make_due(message)
    third = outbox_message_send(message_id=message.pk)

    assert (first.retry_in, second.retry_in, third.retry_in) == (30, 60, None)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert len(mail.outbox) == 1


def test_backoff_is_capped(settings):
    settings.OUTBOX_BACKOFF_BASE = 30
    settings.OUTBOX_BACKOFF_MAX = 3600

    assert [backoff_seconds(n) for n in (1, 2, 3, 7, 8, 20)] == [30, 60, 120, 1920, 3600, 3600]


def test_message_fails_for_good_after_max_attempts_and_can_be_requeued(
    flaky, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    flaky["count"] = 2
    message = queue_test_message()

    outbox_message_send(message_id=message.pk)
    make_due(message)
    outcome = outbox_message_send(message_id=message.pk)

    message.refresh_from_db()
    assert outcome.status == "failed"
    assert (message.status, message.attempts) == ("failed", 2)
    assert message.last_error == "SMTPServerDisconnected: connection dropped by the test"
    assert len(mail.outbox) == 0

    with django_capture_on_commit_callbacks(execute=True):
        outbox_message_requeue(message=message)

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert len(mail.outbox) == 1


def test_sweep_picks_the_messages_due_and_not_queued_within_the_grace_period(settings):
    settings.OUTBOX_SWEEP_GRACE = 300
    now = timezone.now()
    refused = queue_test_message()  # the broker refused the first publish
    lost = queue_test_message()  # published 20 minutes ago, never run
    queued_recently = queue_test_message()  # published 2 minutes ago: still in the queue
    fresh = queue_test_message()  # just written: its publish after commit is under way
    retry_due = queue_test_message()
    retry_later = queue_test_message()
    sent = queue_test_message()
    old = now - dt.timedelta(minutes=30)
    OutboxMessage.objects.exclude(pk=fresh.pk).update(created_at=old)
    OutboxMessage.objects.filter(pk=lost.pk).update(enqueued_at=now - dt.timedelta(minutes=20))
    OutboxMessage.objects.filter(pk=queued_recently.pk).update(enqueued_at=now - dt.timedelta(minutes=2))
    OutboxMessage.objects.filter(pk=retry_due.pk).update(
        attempts=1, next_attempt_at=now - dt.timedelta(minutes=1)
    )
    OutboxMessage.objects.filter(pk=retry_later.pk).update(
        attempts=1, next_attempt_at=now + dt.timedelta(minutes=5)
    )
    OutboxMessage.objects.filter(pk=sent.pk).update(status="sent", sent_at=now)

    assert list(outbox_pending_due(now=now)) == [refused.pk, lost.pk, retry_due.pk]


def test_an_early_duplicate_task_neither_sends_nor_uses_an_attempt(flaky):
    flaky["count"] = 1
    message = queue_test_message()
    outbox_message_send(message_id=message.pk)  # fails, retry scheduled

    outcome = outbox_message_send(message_id=message.pk)  # duplicate before the retry is due

    message.refresh_from_db()
    assert (outcome.status, outcome.retry_in) == ("pending", None)
    assert message.attempts == 1
    assert len(mail.outbox) == 0


def test_text_parts_are_not_html_escaped():
    message = outbox_queue(
        template="outbox_test",
        recipients=["pme@example.be"],
        language="en",
        context={"requested_by": "Dupont & Fils <l'atelier>"},
    )

    assert "Requested by: Dupont & Fils <l'atelier>" in message.body_text
    assert "Dupont &amp; Fils &lt;l&#x27;atelier&gt;" in message.body_html


def test_sensitive_message_body_is_erased_once_sent():
    message = outbox_queue_rendered(
        recipients=["pme@example.be"],
        language="en",
        template="account/email/password_reset_key",
        subject="Reset",
        body_text="https://portal/reset/secret-token/",
        sensitive=True,
    )
    outbox_message_send(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.body_text, message.body_html) == ("sent", "", "")
    assert mail.outbox[0].body == "https://portal/reset/secret-token/"


def test_dispatch_task_sends_pending_messages_left_behind():
    message = queue_test_message()
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - dt.timedelta(minutes=20))

    assert tasks.outbox_dispatch_pending.delay().get() == 1
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(mail.outbox) == 1


def test_send_task_for_a_deleted_message_returns_quietly():
    assert tasks.outbox_send.delay(message_id=987654).get() == "gone"


def test_the_attached_copies_of_sent_messages_are_deleted_after_their_days(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_ATTACHMENT_DAYS = 30
    old, recent, pending = (
        outbox_queue(
            template="outbox_test",
            recipients=[f"pme{number}@example.be"],
            language="fr",
            context={"requested_by": "retention"},
            attachments=[Attachment("WECD-2014-001.pdf", b"%PDF-1.7 receipt", "application/pdf")],
        )
        for number in range(3)
    )
    now = timezone.now()
    OutboxMessage.objects.filter(pk=old.pk).update(status="sent", sent_at=now - dt.timedelta(days=31))
    OutboxMessage.objects.filter(pk=recent.pk).update(status="sent", sent_at=now - dt.timedelta(days=29))
    old_copy = old.attachments.get()

    with django_capture_on_commit_callbacks(execute=True):
        purged = outbox_attachments_purge(now=now)

    assert purged == 1
    assert not old_copy.file.storage.exists(old_copy.file.name)
    assert [message.attachments.count() for message in (old, recent, pending)] == [0, 1, 1]
    assert OutboxMessage.objects.get(pk=old.pk).subject == "[WECD] Message de test du portail"
