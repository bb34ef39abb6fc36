"""Reminders to jurors with unfinished reviews: 3 days before the due date and on it."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import Call
from vouchers.jury.models import Assignment, Review
from wecd_portal.core.templatetags.portal import format_long_date
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.services import outbox_queue

REMINDER_DAYS_BEFORE = (3, 0)


def review_reminders_send(*, today=None):
    """Queue one reminder per juror, call and threshold while reviews are unfinished.

    Side effects: outbox messages with dedupe key
    ``review-reminder:<call>:<juror>:<days>``, so each goes once however often this
    runs. Returns the number of messages newly queued.
    """
    today = today or timezone.localdate()
    queued = 0
    for days in REMINDER_DAYS_BEFORE:
        for call in Call.objects.filter(
            review_due_date=today + timedelta(days=days), frozen_ranking__isnull=True
        ):
            submitted = set(
                Review.objects.filter(application__call=call, status=Review.Status.SUBMITTED).values_list(
                    "application_id", "juror_id"
                )
            )
            unfinished = {}
            for application_id, juror_id in Assignment.objects.filter(
                application__call=call, application__status=ApplicationStatus.ELIGIBLE
            ).values_list("application_id", "juror_id"):
                if (application_id, juror_id) not in submitted:
                    unfinished[juror_id] = unfinished.get(juror_id, 0) + 1
            for juror_id, count in sorted(unfinished.items()):
                key = f"review-reminder:{call.pk}:{juror_id}:{days}"
                if OutboxMessage.objects.filter(dedupe_key=key).exists():
                    continue
                _remind(call, juror_id, count, days, key)
                queued += 1
    return queued


def _remind(call, juror_id, count, days, key):
    juror = get_user_model().objects.get(pk=juror_id)
    with translation.override(juror.language):
        due = format_long_date(call.review_due_date)
        path = reverse("jury_dashboard")
        call_name = call.name
    with transaction.atomic():
        outbox_queue(
            template="review_reminder",
            recipients=[juror.email],
            language=juror.language,
            context={
                "count": count,
                "due_date": due,
                "days": days,
                "call_name": call_name,
                "url": settings.WECD_SITE_URL.rstrip("/") + path,
            },
            dedupe_key=key,
        )
