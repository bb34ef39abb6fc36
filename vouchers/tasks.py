"""Thin tasks of the vouchers app."""

import logging

from celery import shared_task

from vouchers.enums import SCREENING_STATUSES
from vouchers.models import Application
from vouchers.services.eligibility import eligibility_run
from vouchers.services.reminders import draft_reminders_send
from vouchers.services.review_reminders import review_reminders_send

logger = logging.getLogger(__name__)


@shared_task(name="vouchers.draft_reminders", acks_late=True)
def draft_reminders():
    # Idempotent (outbox dedupe keys): safe to run often and to redeliver.
    return draft_reminders_send()


@shared_task(name="vouchers.eligibility_run", acks_late=True)
def eligibility_run_task(*, application_id):
    # Idempotent: results are upserted per rule, so a redelivery leaves the same results
    # (and one more audit entry).
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "gone"
    if application.status not in SCREENING_STATUSES:
        return "decided"  # a late run must not touch a decided checklist
    return len(eligibility_run(application=application))


@shared_task(name="vouchers.review_reminders", acks_late=True)
def review_reminders():
    # Idempotent (outbox dedupe keys).
    return review_reminders_send()


@shared_task(name="vouchers.letter_render", acks_late=True)
def letter_render_task(*, application_id):
    # Idempotent: one letter per application and kind, the same content is not stored
    # twice, so a retried or redelivered task leaves a single letter.
    from django.core.exceptions import ValidationError

    from vouchers.services.letters import letter_render

    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "gone"
    try:
        return letter_render(application=application).kind
    except ValidationError as error:
        # A letter that cannot be written yet (no consensus, no signatory…) is not a
        # fault to retry: the release preview lists it until staff mend it.
        logger.info("letters: application %s blocked: %s", application_id, error.messages)
        return f"blocked:{getattr(error, 'code', '') or 'invalid'}"


@shared_task(name="vouchers.awards_expire", acks_late=True)
def awards_expire_task():
    # Idempotent: an expired award is no longer pending.
    from vouchers.services.awards import awards_expire

    return awards_expire()


@shared_task(name="vouchers.follow_up_reminders", acks_late=True)
def follow_up_reminders_task():
    # Idempotent: each reminder has a dedupe key in the outbox.
    from vouchers.services.follow_up_reminders import follow_up_reminders_send

    return follow_up_reminders_send()


@shared_task(name="vouchers.retention_apply", acks_late=True)
def retention_apply_task():
    # Idempotent: anonymised applications are skipped.
    from vouchers.services.personal_data import retention_apply

    return retention_apply()


@shared_task(name="vouchers.attachments_scan_pending", acks_late=True)
def attachments_scan_pending_task():
    # Idempotent: only files still in quarantine are scanned.
    from vouchers.services.attachments import attachments_scan_pending

    return attachments_scan_pending()
