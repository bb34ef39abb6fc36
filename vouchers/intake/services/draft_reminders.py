"""Reminders to owners of unsubmitted drafts, 7 days and 1 day before closing."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import Application
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.services import outbox_queue

REMINDER_DAYS = (7, 1)


def draft_reminders_send(*, now=None):
    """Queue one reminder per draft and threshold once the call closes within it.

    Side effects: inserts outbox messages (dedupe key ``draft-reminder:<days>:<id>``,
    so each reminder is sent once whatever how often this runs). Returns the number
    of messages newly queued.
    """
    now = now or timezone.now()
    queued = 0
    for days in REMINDER_DAYS:
        drafts = (
            Application.objects.filter(
                status=ApplicationStatus.DRAFT,
                call__opens_at__lte=now,
                call__closes_at__gt=now,
                call__closes_at__lte=now + timedelta(days=days),
            )
            .select_related("call", "owner")
            .order_by("pk")
        )
        for application in drafts:
            # Only the tightest threshold applies: no 7-day reminder on the last day.
            if days == 7 and application.call.closes_at <= now + timedelta(days=1):
                continue
            dedupe_key = f"draft-reminder:{days}:{application.pk}"
            if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
                continue
            language = application.owner.language
            with translation.override(language):
                closes = date_format(timezone.localtime(application.call.closes_at), "DATETIME_FORMAT")
                path = reverse("application_review", args=[application.public_id])
            with transaction.atomic():
                outbox_queue(
                    template="draft_reminder",
                    recipients=[application.owner.email],
                    language=language,
                    context={
                        "days": days,
                        "title": application.title,
                        "call_name": application.call.name_en
                        if language == "en"
                        else application.call.name_fr,
                        "closes_at": closes,
                        "url": settings.WECD_SITE_URL.rstrip("/") + path,
                    },
                    dedupe_key=dedupe_key,
                )
            queued += 1
    return queued
