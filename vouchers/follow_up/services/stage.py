"""An accepted voucher's follow-up: opening, the stage writer, and staff verification.

The applicant's drafts (report, claim, files) are in ``follow_up_drafts``; the
reminders in ``follow_up_reminders``.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.follow_up.enums import VOUCHER_EDITABLE_STAGES, VOUCHER_TRANSITIONS, VoucherStage
from vouchers.follow_up.models import FinalReport, PaymentClaim, VoucherFollowUp
from vouchers.intake.enums import PartyRole
from wecd_portal.audit import audit_record
from wecd_portal.core.templatetags.portal import format_long_date, format_money
from wecd_portal.notifications.services import outbox_queue

CENTS = Decimal("0.01")


def follow_up_open(*, decision, actor):
    """Open the follow-up of a voucher the applicant has just accepted.

    Side effects: one VoucherFollowUp (execution end from the call, or the default
    period from today), with an empty final report and a payment claim addressed to
    the creative provider; audit ``voucher.opened``. Idempotent.
    """
    existing = VoucherFollowUp.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    call = decision.call
    ends = call.execution_end_date or timezone.localdate() + dt.timedelta(
        days=settings.WECD_DEFAULT_EXECUTION_DAYS
    )
    follow_up = VoucherFollowUp.objects.create(
        decision=decision,
        execution_ends_on=ends,
        report_due_on=ends + dt.timedelta(days=call.report_days),
    )
    provider = decision.application.parties.filter(role=PartyRole.CREATIVE).first()
    FinalReport.objects.create(follow_up=follow_up)
    PaymentClaim.objects.create(follow_up=follow_up, payee_name=provider.name if provider else "")
    audit_record(
        actor=actor,
        action="voucher.opened",
        target=decision.application,
        data={"voucher": decision.voucher_code, "execution_ends_on": ends.isoformat()},
    )
    return follow_up


def follow_up_stage_set(*, follow_up, to_stage, actor, data=None, **fields):
    """The one writer of a voucher's stage: check the transition, lock, save, audit.

    Side effects: saves the stage and ``fields`` on the locked row; audit
    ``voucher.<stage>`` with ``data``. Raises ValidationError on a transition the
    table refuses (including a stale page acting on a stage already changed).
    """
    with transaction.atomic():
        locked = VoucherFollowUp.objects.select_for_update().select_related("decision").get(pk=follow_up.pk)
        if to_stage not in VOUCHER_TRANSITIONS[locked.stage]:
            raise ValidationError(
                _("A voucher in the stage “%(stage)s” cannot become “%(to)s”."),
                code="bad_transition",
                params={"stage": locked.get_stage_display(), "to": VoucherStage(to_stage).label},
            )
        previous = locked.stage
        locked.stage = to_stage
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["stage", "updated_at", *fields])
        audit_record(
            actor=actor,
            action=f"voucher.{to_stage}",
            target=locked.decision.application,
            data={"voucher": locked.decision.voucher_code, "from": previous, **(data or {})},
        )
    return locked


def payable_amount(*, claim, decision, call):
    """What the voucher pays on this invoice: the public share of the amount excluding
    VAT (100 % minus the SME's co-financing share), at most the voucher's amount."""
    if claim.amount_excl_vat is None:
        return None
    public_share = (Decimal("100") - call.cofinancing_share) / Decimal("100")
    return min(decision.amount, (claim.amount_excl_vat * public_share).quantize(CENTS, ROUND_HALF_UP))


def follow_up_return(*, follow_up, actor, note):
    """Staff send the report and claim back for corrections, saying what to fix.

    Side effects: stage → returned with the note (audited); an email to the owner.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what the applicant must correct."), code="note_required")
    with transaction.atomic():
        returned = follow_up_stage_set(
            follow_up=follow_up,
            to_stage=VoucherStage.RETURNED,
            actor=actor,
            data={"note": note},
            staff_note=note,
            payable_amount=None,
            verified_at=None,
            verified_by=None,
        )
        follow_up_email_queue(follow_up=returned, template="voucher_returned", extra={"note": note})
    return returned


def follow_up_verify(*, follow_up, actor):
    """Staff have checked the report, the invoice and the account: fix the amount payable.

    Side effects: stage → verified with the payable amount, who and when (audited).
    """
    follow_up = VoucherFollowUp.objects.select_related("decision__call", "claim").get(pk=follow_up.pk)
    amount = payable_amount(claim=follow_up.claim, decision=follow_up.decision, call=follow_up.decision.call)
    return follow_up_stage_set(
        follow_up=follow_up,
        to_stage=VoucherStage.VERIFIED,
        actor=actor,
        data={"payable": str(amount)},
        payable_amount=amount,
        verified_at=timezone.now(),
        verified_by=actor,
    )


def follow_up_mark_paid(*, follow_up, actor, paid_on, amount=None):
    """Record the payment to the provider, by default of the verified amount.

    Side effects: stage → paid with the date and amount (audited); an email to the
    owner. Refuses a date in the future or an amount above the voucher's.
    """
    follow_up = VoucherFollowUp.objects.select_related("decision").get(pk=follow_up.pk)
    amount = follow_up.payable_amount if amount is None else Decimal(amount).quantize(CENTS)
    if paid_on is None:
        raise ValidationError(_("Give the date of the payment."), code="date_required")
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."), code="date_future")
    if amount is None or amount <= 0:
        raise ValidationError(_("The amount paid must be positive."), code="amount_positive")
    if amount > follow_up.decision.amount:
        raise ValidationError(
            _("The amount paid cannot exceed the voucher’s %(amount)s."),
            code="amount_above_voucher",
            params={"amount": format_money(follow_up.decision.amount)},
        )
    with transaction.atomic():
        paid = follow_up_stage_set(
            follow_up=follow_up,
            to_stage=VoucherStage.PAID,
            actor=actor,
            data={"paid_on": paid_on.isoformat(), "amount": str(amount)},
            paid_on=paid_on,
            paid_amount=amount,
        )
        with translation.override(paid.decision.application.owner.language):
            when, money = format_long_date(paid_on), format_money(amount)
        follow_up_email_queue(
            follow_up=paid, template="voucher_paid", extra={"paid_on": when, "amount": money}
        )
    return paid


def follow_up_close(*, follow_up, actor):
    """Close a paid voucher: nothing more is expected. Side effects: stage → closed (audited)."""
    return follow_up_stage_set(
        follow_up=follow_up, to_stage=VoucherStage.CLOSED, actor=actor, closed_at=timezone.now()
    )


def follow_up_cancel(*, follow_up, actor, reason):
    """Cancel a voucher whose project will not be carried out; its amount is no longer committed.

    Side effects: stage → cancelled with the reason (audited).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for cancelling the voucher."), code="reason_required")
    return follow_up_stage_set(
        follow_up=follow_up,
        to_stage=VoucherStage.CANCELLED,
        actor=actor,
        data={"reason": reason},
        cancel_reason=reason,
        closed_at=timezone.now(),
    )


def follow_up_extend(*, follow_up, actor, ends_on, reason):
    """Staff move the end of the execution period (and so the report's due date).

    Side effects: saves both dates; audit ``voucher.extended``. Only while the
    applicant is still working on the project.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the new date."), code="reason_required")
    with transaction.atomic():
        locked = (
            VoucherFollowUp.objects.select_for_update()
            .select_related("decision__call", "decision__application")
            .get(pk=follow_up.pk)
        )
        if locked.stage not in VOUCHER_EDITABLE_STAGES:
            raise ValidationError(
                _("The execution period can only change while the project is under way."), code="stage"
            )
        if ends_on is None or ends_on < timezone.localdate():
            raise ValidationError(_("The new end date must not be in the past."), code="date_past")
        previous = locked.execution_ends_on
        locked.execution_ends_on = ends_on
        locked.report_due_on = ends_on + dt.timedelta(days=locked.decision.call.report_days)
        locked.save(update_fields=["execution_ends_on", "report_due_on", "updated_at"])
        audit_record(
            actor=actor,
            action="voucher.extended",
            target=locked.decision.application,
            data={"from": previous.isoformat(), "to": ends_on.isoformat(), "reason": reason},
        )
    return locked


def follow_up_email_queue(*, follow_up, template, extra=None, dedupe_key=None):
    """Queue an email about the voucher to its owner, in their language, with the
    voucher's code, title, dates and page in the context.

    Side effects: one outbox message; the dedupe key defaults to the template, the
    follow-up and its last change, so one change sends one email.
    """
    application = follow_up.decision.application
    language = application.owner.language
    with translation.override(language):
        path = reverse("voucher_follow_up", args=[application.public_id])
        context = {
            "voucher_code": follow_up.decision.voucher_code,
            "title": application.title,
            "ends_on": format_long_date(follow_up.execution_ends_on),
            "due_on": format_long_date(follow_up.report_due_on),
            "url": settings.WECD_SITE_URL.rstrip("/") + path,
            **(extra or {}),
        }
    return outbox_queue(
        template=template,
        recipients=[application.owner.email],
        language=language,
        context=context,
        dedupe_key=dedupe_key or f"{template}:{follow_up.pk}:{follow_up.updated_at.isoformat()}",
    )
