"""The outbox: every email the portal sends is first a row here, written in the
same transaction as the decision it reports, then sent by a Celery task."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(verbose_name=_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)
    # A caller that must never send the same message twice (e.g. one receipt per
    # application) gives a key; queuing it again returns the existing row.
    dedupe_key = models.CharField(  # noqa: DJ001 - NULL means "no key"; unique when set
        _("deduplication key"), max_length=200, null=True, blank=True
    )
    recipients = models.JSONField(_("recipients"), default=list)
    language = models.CharField(_("language"), max_length=8, default="fr", choices=settings.LANGUAGES)
    template = models.CharField(_("template"), max_length=120)
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # Messages carrying login, verification or reset links: staff never see their
    # body, and it is erased once sent.
    sensitive = models.BooleanField(_("contains a personal link"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # The sweep's stamp: when the send task was last published (None: not since the
    # last failed attempt, or the broker refused). Within the grace period the sweep
    # leaves the message alone, so workers that are down do not pile up copies.
    enqueued_at = models.DateTimeField(_("last queued at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("dedupe_key",), name="outbox_dedupe_key_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_sent_at",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"


class OutboxAttachment(models.Model):
    message = models.ForeignKey(
        OutboxMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    file = models.FileField(_("file"), upload_to="outbox/%Y/%m/")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename


class MailBounce(models.Model):
    """What a delivery report said of one recipient of an outbox message (written by
    ``bounce_record``): a hard bounce means that the address does not work."""

    class Action(models.TextChoices):
        # RFC 3464 §2.3.3, and "unknown" for a reply that is not a delivery report.
        FAILED = "failed", _("Not delivered")
        DELAYED = "delayed", _("Delayed")
        DELIVERED = "delivered", _("Delivered")
        RELAYED = "relayed", _("Relayed further")
        EXPANDED = "expanded", _("Delivered to a list")
        UNKNOWN = "unknown", _("Not a delivery report")

    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bounces",
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    action = models.CharField(_("action reported"), max_length=20, choices=Action.choices)
    status_code = models.CharField(_("status code"), max_length=10, blank=True)
    diagnostic = models.TextField(_("server's reason"), blank=True)
    hard = models.BooleanField(_("address refused"), default=False)

    class Meta:
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")
        ordering = ("-received_at", "-id")

    def __str__(self):
        return f"{self.recipient or '?'} {self.status_code or self.action}"
