"""Writes to the outbox: queue a message, send one, sweep the ones left pending."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation

from .bounces import verp_return_path
from .models import OutboxAttachment, OutboxMessage
from .rendering import render_email
from .tasks import outbox_send

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str


def _unique_recipients(recipients):
    seen, unique = set(), []
    for raw_address in recipients:
        address = raw_address.strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    if not unique:
        raise ValueError("An outbox message needs at least one recipient.")
    return unique


def outbox_publish(message_id):
    """Publish the send task of one message and stamp it. Returns False (and logs)
    when the broker refuses: the message is safe in the database, and the sweep
    (``core.sweep``) or the admin's "send now" sends it."""
    # Stamped before publishing: a worker quick to fail the attempt clears the stamp
    # (its retry is the sweep's), and a stamp written after would hide that retry.
    stamped = OutboxMessage.objects.filter(pk=message_id).update(enqueued_at=timezone.now())
    try:
        outbox_send.delay(message_id=message_id)
    except Exception:
        logger.warning("outbox: could not enqueue message %s; left for the sweep", message_id, exc_info=True)
        if stamped:
            OutboxMessage.objects.filter(pk=message_id).update(enqueued_at=None)
        return False
    return True


def _enqueue_on_commit(message_id):
    transaction.on_commit(lambda: outbox_publish(message_id))


def outbox_queue_rendered(
    *,
    recipients,
    language,
    template,
    subject,
    body_text,
    body_html="",
    context=None,
    attachments=(),
    dedupe_key=None,
    sensitive=False,
):
    """Store an already rendered message and schedule its sending.

    Side effects: inserts an OutboxMessage (and its attachments' files under the
    private storage) in the caller's transaction; after commit, enqueues the
    ``notifications.outbox_send`` task. With a ``dedupe_key`` already queued, returns
    the existing message and writes nothing.
    """
    if dedupe_key:
        existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    message = OutboxMessage(
        recipients=_unique_recipients(recipients),
        language=language,
        template=template,
        context=context or {},
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html or "",
        dedupe_key=dedupe_key or None,
        sensitive=sensitive,
    )
    try:
        with transaction.atomic():
            message.save()
            for attachment in attachments:
                stored = OutboxAttachment(
                    message=message,
                    filename=attachment.filename,
                    content_type=attachment.content_type,
                )
                stored.file.save(attachment.filename, ContentFile(attachment.content), save=False)
                stored.save()
    except IntegrityError:
        if dedupe_key:  # queued concurrently by another transaction
            return OutboxMessage.objects.get(dedupe_key=dedupe_key)
        raise
    _enqueue_on_commit(message.pk)
    return message


def outbox_queue(*, template, recipients, language, context, attachments=(), dedupe_key=None):
    """Render ``emails/<template>`` in ``language`` with a JSON-safe ``context`` and
    queue it. Side effects as ``outbox_queue_rendered``."""
    rendered = render_email(template=template, language=language, context=context)
    return outbox_queue_rendered(
        recipients=recipients,
        language=language,
        template=template,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        context=context,
        attachments=attachments,
        dedupe_key=dedupe_key,
    )


@dataclass(frozen=True)
class SendOutcome:
    status: str
    retry_in: int | None = None  # seconds until the next attempt, when one is due


def backoff_seconds(attempts):
    """Exponential backoff after ``attempts`` failed tries, capped."""
    return min(settings.OUTBOX_BACKOFF_BASE * 2 ** (attempts - 1), settings.OUTBOX_BACKOFF_MAX)


def _build_email(message):
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "wecd.example"
    bounce_address = settings.WECD_BOUNCE_ADDRESS
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        # The envelope sender (return path): where a delivery report comes back,
        # naming this message (VERP). The From header stays the portal's sender.
        from_email=verp_return_path(bounce_address, message.uuid)
        if bounce_address
        else settings.DEFAULT_FROM_EMAIL,
        to=message.recipients,
        headers={
            "From": settings.DEFAULT_FROM_EMAIL,
            # A stable Message-ID lets a receiving server drop a duplicate should a
            # worker die between the SMTP acceptance and our commit, and names the
            # message in a delivery report.
            "Message-ID": f"<wecd-outbox-{message.uuid}@{domain}>",
            # Automatic mail (RFC 3834): no out-of-office replies back.
            "Auto-Submitted": "auto-generated",
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            email.attach(attachment.filename, handle.read(), attachment.content_type)
    return email


def outbox_message_send(*, message_id):
    """Send one pending message, exactly once.

    Side effects: sends an email through the configured backend; updates the row's
    status, attempts, last_error, next_attempt_at and sent_at. The row stays locked
    while sending, so a duplicate or retried task waits, then finds it sent.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != OutboxMessage.Status.PENDING:
            return SendOutcome(status=message.status if message else "gone")
        if message.next_attempt_at and message.next_attempt_at > timezone.now():
            # Early duplicate (sweep or redelivery): the scheduled retry will send it.
            return SendOutcome(status=message.status)
        message.attempts += 1
        try:
            _build_email(message).send(fail_silently=False)
        except Exception as error:  # any backend failure is retried, then reported
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                message.next_attempt_at = None
                retry_in = None
            else:
                retry_in = backoff_seconds(message.attempts)
                message.next_attempt_at = timezone.now() + timedelta(seconds=retry_in)
            # The sweep publishes the next attempt once it is due (a task waiting hours
            # in a worker would outlive the broker's visibility timeout).
            message.enqueued_at = None
            message.save(
                update_fields=[
                    "attempts",
                    "last_error",
                    "status",
                    "next_attempt_at",
                    "enqueued_at",
                    "updated_at",
                ]
            )
            if message.status == OutboxMessage.Status.FAILED:
                transaction.on_commit(lambda: outbox_failure_alert(message_id=message.pk))
            logger.warning("outbox: message %s attempt %s failed: %s", message.pk, message.attempts, error)
            return SendOutcome(status=message.status, retry_in=retry_in)
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.last_error = ""
        if message.sensitive:
            message.body_text = message.body_html = ""
        message.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "next_attempt_at",
                "last_error",
                "body_text",
                "body_html",
                "updated_at",
            ]
        )
        return SendOutcome(status=message.status)


def outbox_message_requeue(*, message):
    """Give a failed message a fresh round of attempts (admin action).

    Side effects: resets status to pending and attempts to 0; enqueues the send task
    after commit. Pending and sent messages are left as they are.
    """
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status != OutboxMessage.Status.FAILED:
            return locked
        locked.status = OutboxMessage.Status.PENDING
        locked.attempts = 0
        locked.next_attempt_at = None
        locked.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        _enqueue_on_commit(locked.pk)
    return locked


def outbox_pending_due(*, now=None, grace_seconds=None):
    """Pending messages to publish: due (never tried, or their next attempt has come)
    and not published within the grace period (normal queue latency must stay well
    below it): the first publish refused, the task lost, or a retry now due."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.OUTBOX_SWEEP_GRACE if grace_seconds is None else grace_seconds)
    overdue = now - grace
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        .filter(models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now))
        .filter(
            models.Q(enqueued_at__isnull=True, created_at__lte=overdue)
            | models.Q(enqueued_at__isnull=True, next_attempt_at__isnull=False)
            | models.Q(enqueued_at__lte=overdue)
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def outbox_sweep(limit=500):
    """Publish the messages ``outbox_pending_due`` finds. Side effects: as
    ``outbox_publish`` for each; returns how many were published."""
    return sum(1 for message_id in list(outbox_pending_due()[:limit]) if outbox_publish(message_id))


def _failed_messages_path():
    """The admin's list of failed messages, in the admins' language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("admin:notifications_outboxmessage_changelist") + "?status__exact=failed"


def outbox_failure_alert(*, message_id):
    """Tell the admins that a message was given up after every attempt.

    Side effects: an ERROR log line (error tracking alerts on it); one e-mail per day
    to ``settings.ADMINS`` through the outbox (deduplicated by day, sent once the mail
    server answers again), listing the messages failed that day."""
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return None
    logger.error(
        "outbox: message %s (%s) given up after %s attempts: %s",
        message.pk,
        message.template,
        message.attempts,
        message.last_error,
    )
    admins = [address for _name, address in settings.ADMINS]
    if not admins:
        return None
    today = timezone.localdate()
    failed_today = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.FAILED, updated_at__date=today
    ).count()
    return outbox_queue(
        template="outbox_failed_alert",
        recipients=admins,
        language=settings.LANGUAGE_CODE,
        context={
            "failed_today": failed_today,
            "last_error": message.last_error[:300],
            "outbox_url": settings.WECD_SITE_URL.rstrip("/") + _failed_messages_path(),
        },
        dedupe_key=f"outbox-failed-alert:{today.isoformat()}",
    )


def outbox_attachments_purge(*, now=None):
    """Delete the attached copies (receipts, letters) of messages sent more than
    ``OUTBOX_ATTACHMENT_DAYS`` ago: the person has their e-mail and the portal keeps
    the original with the application until its own retention ends, so the outbox's
    copy would outlive both. What stays is the record that a message was sent (the
    row, its subject, recipients and dates); the personal links of sensitive
    messages are already erased when they are sent.

    Side effects: the files deleted after commit, their rows deleted; returns how
    many. Idempotent."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_ATTACHMENT_DAYS)
    copies = OutboxAttachment.objects.filter(
        message__status=OutboxMessage.Status.SENT, message__sent_at__lt=cutoff
    )
    count = 0
    with transaction.atomic():
        for copy in copies.select_for_update():
            storage, name = copy.file.storage, copy.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
            copy.delete()
            count += 1
    return count
