"""The audit log (one row per decision or sensitive action, never edited), and the
fields every stored upload shares."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ScanStatus


class AuditEntry(models.Model):
    # Stored in UTC like every datetime; shown in Brussels time.
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is later deleted or anonymised.
    actor_label = models.CharField(_("actor as recorded"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(verbose_name=_("target ID"), max_length=64, blank=True, db_index=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("target_type", "target_id"))]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.target_label}"


class StoredFile(models.Model):
    """What the portal keeps about any uploaded file, whatever it belongs to: a
    public id for links, the name the user gave, and what the upload check found.
    Each concrete model adds its owner, its kind and its FileField (upload_to)."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    # Set by the one path every upload takes (vouchers.common.uploads.store_inspected);
    # a file waiting for the scanner is scanned by beat (scan_pending_files).
    scan_status = models.CharField(
        _("virus scan"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    def scan_owner(self):
        """What an infected file's audit entry is about (the application, the action)."""
        return self


class PendingWork(models.Model):
    """Background work that must run at least once (a letter to render, the rules to
    run): written in the transaction that asks for it, published to the broker after
    commit, marked done by its task. The sweep re-publishes what stays undone: a
    publish refused by a broker that was down, a message lost with a Redis restart.
    ``enqueued_at`` is the sweep's stamp: an item published less than the grace period
    ago is not published again, so workers that are down do not pile up copies."""

    task = models.CharField(_("task"), max_length=120)
    key = models.CharField(_("key"), max_length=200, unique=True)
    kwargs = models.JSONField(_("arguments"), default=dict)
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    enqueued_at = models.DateTimeField(_("last queued at"), null=True, blank=True)
    enqueues = models.PositiveIntegerField(_("times queued"), default=0)
    starts = models.PositiveIntegerField(_("times started"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ("-requested_at", "-id")
        indexes = [
            models.Index(
                fields=("enqueued_at",),
                name="pending_work_undone",
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.key


class Heartbeat(models.Model):
    """The last time a periodic process showed it is alive (``core.sweep`` for beat),
    for the health report."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name
