"""Reminders to voucher holders: the end of the execution period nears; the final
report and the payment claim are late."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vouchers.follow_up.enums import VOUCHER_AWAITING_APPLICANT, VoucherStage
from vouchers.follow_up.models import VoucherFollowUp
from vouchers.follow_up.services.stage import follow_up_email_queue
from wecd_portal.notifications.models import OutboxMessage

ENDING_DAYS = (30, 7)
OVERDUE_EVERY_DAYS = 14


def follow_up_reminders_send(*, today=None):
    """Queue the reminders due today; returns how many were newly queued.

    - The execution period ends within 30 days, then within 7 days (projects under
      way only; only the tightest threshold applies). The dedupe key holds the end
      date, so an extended period gets its own reminders.
    - The report and the claim are past due: one reminder the day after, then one
      every 14 days while they are still expected.

    Side effects: outbox messages to the owner, each with a dedupe key, so running
    this any number of times a day sends each reminder once.
    """
    today = today or timezone.localdate()
    queued = 0
    under_way = VoucherFollowUp.objects.filter(
        stage=VoucherStage.IN_PROGRESS,
        execution_ends_on__gte=today,
        execution_ends_on__lte=today + dt.timedelta(days=max(ENDING_DAYS)),
    )
    for follow_up in _with_owner(under_way):
        left = (follow_up.execution_ends_on - today).days
        days = min(threshold for threshold in ENDING_DAYS if left <= threshold)
        key = f"voucher-ending:{days}:{follow_up.pk}:{follow_up.execution_ends_on.isoformat()}"
        queued += _queue(follow_up, "voucher_ending", key, {"days": left})
    late = VoucherFollowUp.objects.filter(stage__in=VOUCHER_AWAITING_APPLICANT, report_due_on__lt=today)
    for follow_up in _with_owner(late):
        round_ = ((today - follow_up.report_due_on).days - 1) // OVERDUE_EVERY_DAYS
        key = f"voucher-overdue:{follow_up.pk}:{follow_up.report_due_on.isoformat()}:{round_}"
        queued += _queue(follow_up, "voucher_overdue", key, {})
    return queued


def _with_owner(queryset):
    return queryset.select_related("decision__application__owner").order_by("pk")


def _queue(follow_up, template, dedupe_key, extra):
    if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return 0
    with transaction.atomic():
        follow_up_email_queue(follow_up=follow_up, template=template, extra=extra, dedupe_key=dedupe_key)
    return 1
